"""Where the bundled data lives, and writing files atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_root() -> Path:
    """The folder holding ``datasets/`` and ``schemas/``.

    In an installed wheel they are packaged under ``factcheck/_data``; in a source checkout
    (or an editable install) they sit at the repository's top level.
    """
    packaged = _PACKAGE / "_data"
    return packaged if packaged.is_dir() else _PACKAGE.parent


def datasets_dir() -> Path:
    """The folder of bundled datasets."""
    return data_root() / "datasets"


def schemas_dir() -> Path:
    """The folder of generated JSON Schema files."""
    return data_root() / "schemas"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, are flushed to disk, and the file is
    renamed over the target. An existing file keeps its permissions.
    """
    with atomic_target(path) as tmp:
        tmp.write_bytes(data)


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """A temporary path to write instead of ``path``; renamed over ``path`` on success.

    On an exception (or an interrupt) the temporary file is removed and ``path`` is untouched.
    The file is flushed to disk before the rename; an existing file keeps its permissions.
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 with :func:`atomic_write_bytes`."""
    atomic_write_bytes(path, text.encode("utf-8"))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
