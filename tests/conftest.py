"""Shared fixtures: a valid record to mutate, and helpers to write files and run the CLI."""

from __future__ import annotations

import copy
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from factcheck.cli.main import main
from factcheck.files import datasets_dir

# How fast Hypothesis draws depends on the machine's load, not on the code: a busy CI runner
# must not fail a test for drawing slowly. Every other health check stays on.
# In CI (CI=true) the examples are derandomized, so a run is reproducible and a submission's
# result does not depend on the draw; local runs keep exploring new examples.
settings.register_profile(
    "factcheck",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=bool(os.environ.get("CI")),
)
settings.load_profile("factcheck")

# The search keeps the index of releases in a user cache folder: the tests keep theirs in a
# temporary one, never in the user's.
if "FACTCHECK_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["FACTCHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="factcheck-test-cache-")

TODAY = date(2026, 12, 1)
DATA = Path(__file__).parent / "data"
SEED = DATA / "seed" / "us-withdrawing-from-iraq.json"
"""The flagship record as released in iraq-2020 1.0.0: a fixed, valid record to break (the
working copy's record gets corrections, which must not change what the tests start from)."""


@pytest.fixture(autouse=True)
def _plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read the output without colour, whatever the environment asks for (a CI runner
    may set FORCE_COLOR); the colour tests set what they need."""
    for name in ("FORCE_COLOR", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def record() -> dict[str, Any]:
    """A deep copy of the seed record, valid, ready to be broken."""
    return copy.deepcopy(json.loads(SEED.read_text(encoding="utf-8")))


def write_json(path: Path, data: Any) -> Path:
    """Write ``data`` as indented JSON (the canonical layout) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def make_dataset(root: Path, records: list[dict[str, Any]], name: str = "demo") -> Path:
    """Create a dataset folder ``root/name`` holding ``records``; return the folder."""
    info = json.loads((datasets_dir() / "iraq-2020" / "dataset.json").read_text("utf-8"))
    info["name"] = name
    for field in ("site", "record_page"):  # iraq-2020's pages are not this dataset's
        info.pop(field, None)
    folder = root / name
    write_json(folder / "dataset.json", info)
    for data in records:
        write_json(folder / "records" / f"{data['id']}.json", data)
    return folder


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):
    """Run the ``factcheck`` command in-process; return (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return run
