"""Where the bundled data lives, and writing files atomically.

A write replaces only what it may: a regular file (or, for a folder, a real folder). A symbolic
link, a FIFO, a device or a socket at the target is refused before anything is written, so no
writer of factcheck can be pointed through a link or made to block on, or destroy, a special
file (see the Security page).
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import UsageError

_PACKAGE = Path(__file__).resolve().parent


def data_root() -> Path:
    """The folder holding `datasets/` and `schemas/`.

    In an installed wheel they are packaged under `factcheck/_data`; in a source checkout
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
    """Write `data` to `path` so that readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, are flushed to disk, and the file is
    renamed over the target. An existing file keeps its permissions.
    """
    with atomic_target(path) as tmp:
        tmp.write_bytes(data)


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """A temporary path to write instead of `path`; renamed over `path` on success.

    On an exception (or an interrupt) the temporary file is removed and `path` is untouched.
    The file is flushed to disk before the rename; an existing file keeps its permissions.

    Raises:
        UsageError: `path` exists and is not a regular file (a symbolic link, a folder, a
            FIFO, a device or a socket); nothing is written.
    """
    path = Path(path)
    existing = _existing(path, stat.S_ISREG, "a regular file")
    mode = existing.st_mode & 0o7777 if existing else 0o666 & ~_umask()
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise _cannot_write(path, error) from None
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


@contextmanager
def atomic_folder(path: Path, *, replace: bool = False) -> Iterator[Path]:
    """A temporary folder to fill instead of `path`; renamed to `path` on success.

    The folder is made beside `path` (hidden, named after it), so the rename is atomic:
    readers see no folder, or the old one, or the complete new one. On an exception (or an
    interrupt) the temporary folder is removed and `path` is untouched. With `replace`, an
    existing `path` is swapped out for the new folder and then deleted; without it, an
    existing `path` makes the rename fail (`FileExistsError` or `OSError`).

    Raises:
        UsageError: `path` exists and is not a folder (a symbolic link, even to a folder, a
            file or a special file); nothing is written.
    """
    path = Path(path)
    _existing(path, stat.S_ISDIR, "a folder")
    try:
        staging = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"))
    except OSError as error:
        raise _cannot_write(path, error) from None
    try:
        yield staging
        staging.chmod(0o777 & ~_umask())
        if replace and path.exists():
            old = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".old"))
            os.replace(path, old / path.name)
            os.rename(staging, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(staging, path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` as UTF-8 with `atomic_write_bytes`."""
    atomic_write_bytes(path, text.encode("utf-8"))


_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISREG, "a regular file"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _existing(path: Path, allowed: Callable[[int], bool], wanted: str) -> os.stat_result | None:
    """The status of `path` itself (links not followed), or `None` if there is nothing.

    Raises:
        UsageError: `path` is not what `allowed` accepts: replacing it would replace a
            link, or a special file, with what was written.
    """
    try:
        status = path.lstat()
    except FileNotFoundError:
        return None
    if not allowed(status.st_mode):
        kind = next((name for test, name in _KINDS if test(status.st_mode)), "a special file")
        raise UsageError(
            f"{path} is {kind}, not {wanted}: refusing to replace it; write to another path "
            "or remove it first"
        )
    return status


def _cannot_write(path: Path, error: OSError) -> OSError:
    """The error of a temporary file that could not be made beside `path`, told of `path`
    (the hidden temporary name means nothing to the user)."""
    return OSError(error.errno, f"cannot write {path} ({error.strerror})", str(path))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class Refused(OSError):
    """A file that is not read: a link out of its folder, a special file, or too large.

    `kind` says which (`"link"`, `"special"`, `"size"`); the message says what the file
    is without anything of its content.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def refuse_link_out(path: Path, within: Path | None) -> None:
    """Raise `Refused` if `path`, or a folder on its way from `within`, is a link
    that resolves outside `within` (or, without `within`, outside `path`'s own folder)."""
    folder = (within if within is not None else path.parent).resolve()
    if not path.resolve().is_relative_to(folder):
        target = os.readlink(path) if path.is_symlink() else path.resolve()
        raise Refused("link", f"{path.name} is a link to {target}, outside {folder}")


def open_regular_file(path: Path, *, within: Path | None = None, limit: int) -> int:
    """A descriptor open for reading `path`, after the refusals of `read_regular_file`.

    For reading a large file in pieces; the caller closes the descriptor.

    Raises:
        Refused: The file is not opened; the message says why.
        OSError: The file cannot be opened (missing, no permission).
    """
    refuse_link_out(path, within)
    # O_NONBLOCK: opening a FIFO must not wait for a writer; what was opened is checked
    # through its descriptor, so a file swapped in after the check is checked too.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise Refused("special", f"{path.name} is {_kind_of(status.st_mode)}, not a file")
        if status.st_size > limit:
            raise Refused(
                "size", f"{path.name} is {status.st_size:,} bytes, over the limit of {limit:,}"
            )
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular_file(path: Path, *, within: Path | None = None, limit: int) -> bytes:
    """The bytes of `path`, read only if it is safe to read.

    Refused before a byte is read: a path that resolves outside `within` (a symbolic link
    out of the folder being checked; without `within`, out of the file's own folder), and
    anything that is not a regular file (a FIFO would block, a device never ends, a socket).
    Refused unread: a file larger than `limit` bytes.

    Raises:
        Refused: The file is not read; the message says why.
        OSError: The file cannot be read (missing, no permission).
    """
    fd = open_regular_file(path, within=within, limit=limit)
    try:
        chunks, size = [], 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise Refused("size", f"{path.name} grew past the limit of {limit:,} bytes")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"
