"""Finding datasets and their versions in a folder of datasets, and nothing outside it.

A name or a version only ever selects among the folders that exist: it is matched against a
strict pattern first, and the folder it names must resolve inside the datasets folder, so no
`../`, absolute path or symbolic link can lead a loader elsewhere.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DatasetNotFoundError, PathNotFoundError, UsageError
from ..model.layout import DATASET_FILE, MANIFEST_FILE, inside
from ..model.versions import DEV

_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def default_root() -> Path:
    """The folder of bundled datasets."""
    from ..files import datasets_dir

    return datasets_dir()


def dataset_names(root: Path | None = None) -> list[str]:
    """The names of the datasets in `root` (default: the bundled ones), sorted."""
    root = Path(root) if root is not None else default_root()
    if not root.is_dir():
        return []
    return sorted(
        p.name for p in root.iterdir() if _NAME.fullmatch(p.name) and (p / DATASET_FILE).is_file()
    )


def dataset_folder(name: str, root: Path | None = None) -> Path:
    """The folder of the dataset called `name`.

    Raises:
        DatasetNotFoundError: No dataset has that name; the message lists those that exist.
    """
    root = Path(root) if root is not None else default_root()
    names = dataset_names(root)
    if not isinstance(name, str) or name not in names:
        listed = ", ".join(names) or "none"
        raise DatasetNotFoundError(
            f"no dataset named {name!r}; available: {listed} (run `factcheck list`)"
        )
    return inside(root / name, root, f"dataset {name!r}")


@dataclass(frozen=True)
class Located:
    """What a dataset name or path means (see `locate`).

    Attributes:
        kind: `"dataset"` (a dataset folder), `"release"` (a release folder) or
            `"records"` (a record file, a `.jsonl` file or a folder of them).
        path: The folder or file.
        version: The version asked for: `None` (the latest release, or the working copy of
            a dataset that has none), an exact release, or `"dev"`.
    """

    kind: str
    path: Path
    version: str | None


def locate(
    name: str | os.PathLike[str], version: str | None = None, *, root: Path | None = None
) -> Located:
    """Decide what a dataset name or path means: the one rule every command and
    `factcheck.load` follow.

    * `NAME@VERSION` pins a version (as `version=` does; `latest` means the newest
      release); giving both, and different, is an error.
    * Written as a path (it holds a `/`, starts with `.`, ends in `.json` or
      `.jsonl`, or is a `pathlib.Path`): it is only a path.
    * A bare name is looked up, in order, in `root` if given, else in `./datasets/` of
      the folder you stand in (the repository you are editing) and then among the bundled
      datasets; a bare name that is none of those but is a folder or file here is that path.
    * A path is a release folder (it holds `manifest.json`), a dataset folder (it holds
      `dataset.json`), or record files (a `.json` or `.jsonl` file, or a folder of them).

    Raises:
        DatasetNotFoundError: Nothing has that name; the message lists the names that exist,
            and the closest one first when one is close.
        UsageError: The argument is not a string or path, or names two versions.
    """
    if not isinstance(name, str | os.PathLike):
        raise UsageError(f"a dataset is a name or a path, not {type(name).__name__}")
    if version is not None and not isinstance(version, str):
        raise UsageError(f"version must be a string such as '1.0.0', not {type(version).__name__}")
    text = os.fspath(name)
    if isinstance(name, str) and "@" in text and not Path(text).exists():
        text, _, pinned = text.rpartition("@")
        if version is not None and version != pinned:
            raise UsageError(f"{name!r} pins version {pinned!r}, but version={version!r} too")
        version = pinned
    if version == "latest":
        version = None
    as_path = not isinstance(name, str) or _written_as_path(text)
    if not as_path:
        for folder in _catalogs(root):
            if (folder / text / DATASET_FILE).is_file() and _NAME.fullmatch(text):
                return Located("dataset", dataset_folder(text, folder), version)
    path = Path(text)
    if root is None and (as_path or path.exists()):
        return _located_path(path, version)
    names = sorted({n for folder in _catalogs(root) for n in dataset_names(folder)})
    close = difflib.get_close_matches(text, names, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise DatasetNotFoundError(
        f"no dataset named {text!r}; {hint}available: {', '.join(names) or 'none'} "
        "(run `factcheck list`), or give the path of a dataset folder"
    )


def _written_as_path(text: str) -> bool:
    return (
        "/" in text or os.sep in text or text.startswith(".") or text.endswith((".json", ".jsonl"))
    )


def _catalogs(root: Path | None) -> list[Path]:
    if root is not None:
        return [Path(root)]
    here = Path("datasets")
    return [here, default_root()] if here.is_dir() else [default_root()]


def _located_path(path: Path, version: str | None) -> Located:
    from ..validation.checker import release_of

    if not path.exists():
        raise PathNotFoundError(f"no such file or directory: {path}")
    path = release_of(path) or path  # a file of a release means the release, checked whole
    if path.is_dir() and (path / MANIFEST_FILE).is_file():
        if version not in (None, path.name):
            raise UsageError(f"{path} is release {path.name}, not {version}")
        return Located("release", path, path.name)
    if path.is_dir() and (path / DATASET_FILE).is_file():
        return Located("dataset", path, version)
    if version not in (None, DEV):
        raise UsageError(f"{path} holds record files, which have no version {version!r}")
    return Located("records", path, DEV)
