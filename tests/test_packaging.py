"""The built wheel and sdist carry the data; the wheel loads the flagship dataset anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import factcheck

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    if not (ROOT / "pyproject.toml").is_file():
        pytest.skip("not a source checkout")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return out


def test_wheel_and_sdist_carry_datasets_and_schemas(dist):
    (wheel,) = dist.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    releases = [n for n in names if "/releases/" in n]
    assert "factcheck/_data/datasets/iraq-2020/dataset.json" in names
    assert "factcheck/_data/schemas/record.schema.json" in names
    assert any(n.endswith("/records.jsonl") for n in releases)
    assert any(n.endswith("/manifest.json") for n in releases)
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        members = archive.getnames()
    assert any(m.endswith("datasets/iraq-2020/dataset.json") for m in members)
    assert any(m.endswith("schemas/record.schema.json") for m in members)


def test_installed_wheel_loads_the_flagship_outside_the_checkout(dist, tmp_path):
    (wheel,) = dist.glob("*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import factcheck, pathlib\n"
        "ds = factcheck.load('iraq-2020')\n"
        "r = ds['us-withdrawing-from-iraq']\n"
        "print(ds.version, len(ds), r.verdict.rating.value)\n"
        f"print(pathlib.Path(factcheck.__file__).parent.parent != pathlib.Path({str(ROOT)!r}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run(
        [str(python), "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    version, count, rating = out.stdout.splitlines()[0].split()
    here = factcheck.load("iraq-2020")  # the checkout's latest release: the wheel carries it
    assert (version, int(count), rating) == (here.version, len(here), "false")
    assert out.stdout.splitlines()[1] == "True"
    cli = subprocess.run(
        [str(venv / "bin" / "factcheck"), "validate"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert cli.returncode == 0, cli.stdout + cli.stderr


def test_the_quickstart_runs_from_the_installed_wheel_outside_the_checkout(dist, tmp_path):
    """The Quickstart's commands, run by the wheel's own `factcheck` in an empty folder, print
    what the page shows (tests/test_docs.py runs the same page against a copy of the data);
    the base install searches too."""
    import doctest
    import shlex

    from .test_docs import _console_steps, _items

    (wheel,) = dist.glob("*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"COLUMNS": "80"}
    checker, failures, ran = doctest.OutputChecker(), [], 0
    for kind, body, _ in _items("quickstart.md"):
        if kind == "setup":
            done = subprocess.run(
                [str(venv / "bin" / "python"), "-c", body], cwd=elsewhere, env=env, check=False
            )
            assert done.returncode == 0
        if kind != "console":
            continue
        for command, want in _console_steps(body):
            args, ran = shlex.split(command), ran + 1
            got = subprocess.run(
                [str(venv / "bin" / args[0]), *args[1:]],
                cwd=elsewhere,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if not checker.check_output(want, got.stdout + got.stderr, doctest.ELLIPSIS):
                failures.append(f"$ {command}\n{got.stdout}{got.stderr}")
    assert ran >= 5  # validate (twice), show, search, export
    assert not failures, "\n".join(failures)
