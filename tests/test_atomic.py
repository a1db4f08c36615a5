"""Writers are atomic: a process killed in the middle of a write leaves the previous files intact.

Each test runs a real command in a child process. The child's ``os.fsync`` is wrapped so that,
once the new bytes are written but before they are renamed into place, it announces itself and
waits; the test then kills it with SIGKILL (no clean-up can run) and checks what is on disk.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factcheck import load

from .conftest import TODAY, make_dataset, write_json

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("SIGKILL is POSIX", allow_module_level=True)

_CHILD = """
import os, sys, time
from pathlib import Path
marker = Path(sys.argv[1])
real_fsync = os.fsync
def fsync(fd):
    marker.write_text("writing")
    time.sleep(60)
    real_fsync(fd)
os.fsync = fsync
from factcheck.cli.main import main
sys.exit(main(sys.argv[2:]))
"""

# factcheck import writes each record with Path.write_text (each shard through Path.open "wb")
# into its staging folder: the child stops at the third record file, with two already written.
_IMPORT_CHILD = """
import sys, time
from pathlib import Path
marker = Path(sys.argv[1])
written = []
def stopping(real, writes=lambda args: True):
    def write(self, *args, **kwargs):
        if self.parent.name == "records" and writes(args):
            written.append(self)
            if len(written) == 3:
                marker.write_text("writing")
                time.sleep(60)
        return real(self, *args, **kwargs)
    return write
Path.write_text = stopping(Path.write_text)
Path.open = stopping(Path.open, lambda args: args[:1] == ("wb",))
from factcheck.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


def _kill_mid_write(tmp_path: Path, *args: str, child_code: str = _CHILD) -> None:
    marker = tmp_path / "marker"
    child = subprocess.Popen(
        [sys.executable, "-c", child_code, str(marker), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        if child.poll() is not None:
            raise AssertionError(f"the command ended before writing: {child.stderr.read()!r}")
        if time.monotonic() > deadline:  # pragma: no cover
            child.kill()
            raise AssertionError("the command never reached its write")
        time.sleep(0.01)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stderr.close()
    assert child.returncode == -signal.SIGKILL


def _visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def test_export_killed_mid_write_keeps_the_previous_file(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("the previous export\n", encoding="utf-8")
    _kill_mid_write(tmp_path, "export", "iraq-2020", "-o", str(target))
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert _visible(tmp_path) == ["marker", "out.csv"]


def test_fmt_killed_mid_write_keeps_the_previous_file(tmp_path, record):
    path = tmp_path / f"{record['id']}.json"
    original = json.dumps(record, indent=4) + "\n"  # not canonical: fmt will rewrite it
    path.write_text(original, encoding="utf-8")
    _kill_mid_write(tmp_path, "fmt", str(path))
    assert path.read_text(encoding="utf-8") == original
    assert _visible(tmp_path) == ["marker", path.name]


def test_release_killed_mid_write_publishes_nothing(tmp_path, record):
    folder = make_dataset(tmp_path, [record])
    _kill_mid_write(tmp_path, "release", str(folder), "1.0.0", "--date", "2026-11-24")
    releases = folder / "releases"
    assert _visible(releases) == []  # at most a hidden staging folder, never a release
    assert load("demo", root=tmp_path, today=TODAY).version == "dev"  # no release to load


def test_second_release_killed_mid_write_keeps_the_first(tmp_path, record):
    folder = make_dataset(tmp_path, [record])
    assert (
        subprocess.run(
            [sys.executable, "-m", "factcheck", "release", str(folder), "1.0.0"],
            capture_output=True,
        ).returncode
        == 0
    )
    before = {p.name: p.read_bytes() for p in (folder / "releases" / "1.0.0").iterdir()}
    record["verdict"]["summary"] = "A corrected summary."
    record["history"].append({"date": "2026-11-24", "change": "corrected", "note": "Clearer."})
    write_json(folder / "records" / f"{record['id']}.json", record)
    _kill_mid_write(tmp_path, "release", str(folder), "1.0.1", "--date", "2026-11-24")
    assert _visible(folder / "releases") == ["1.0.0"]
    after = {p.name: p.read_bytes() for p in (folder / "releases" / "1.0.0").iterdir()}
    assert after == before
    assert load("demo", root=tmp_path).version == "1.0.0"


@pytest.mark.parametrize("shards", [[], ["--shard-records", "7"]], ids=["files", "shards"])
def test_import_killed_mid_write_keeps_the_previous_folder(tmp_path, shards):
    source = Path(__file__).parent / "data" / "formats" / "fever" / "sample.jsonl"
    target = tmp_path / "fever-sample"
    command = [sys.executable, "-m", "factcheck", "import", "fever", str(source), "-o"]
    assert subprocess.run([*command, str(target), *shards], capture_output=True).returncode == 0
    assert {p.suffix for p in (target / "records").iterdir()} == {".jsonl" if shards else ".json"}
    before = {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    _kill_mid_write(
        tmp_path,
        "import", "fever", str(source), "-o", str(target), "--replace", "--date", "2020-01-01",
        *shards, child_code=_IMPORT_CHILD,
    )  # fmt: skip
    after = {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    assert after == before
    assert _visible(tmp_path) == ["fever-sample", "marker"]
