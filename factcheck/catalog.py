"""Finding datasets and their versions in a folder of datasets, and nothing outside it.

A name or a version only ever selects among the folders that exist: it is matched against a
strict pattern first, and the folder it names must resolve inside the datasets folder, so no
``../``, absolute path or symbolic link can lead a loader elsewhere.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import DatasetNotFoundError, VersionNotFoundError
from .versions import DEV, sort_versions

DATASET_FILE = "dataset.json"
RECORDS_DIR = "records"
RELEASES_DIR = "releases"
MANIFEST_FILE = "manifest.json"
RECORDS_FILE = "records.jsonl"
PARQUET_FILE = "records.parquet"

_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def default_root() -> Path:
    """The folder of bundled datasets."""
    from .files import datasets_dir

    return datasets_dir()


def dataset_names(root: Path | None = None) -> list[str]:
    """The names of the datasets in ``root`` (default: the bundled ones), sorted."""
    root = Path(root) if root is not None else default_root()
    if not root.is_dir():
        return []
    return sorted(
        p.name for p in root.iterdir() if _NAME.fullmatch(p.name) and (p / DATASET_FILE).is_file()
    )


def dataset_folder(name: str, root: Path | None = None) -> Path:
    """The folder of the dataset called ``name``.

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
    return _inside(root / name, root, f"dataset {name!r}")


def release_versions(folder: Path) -> list[str]:
    """The released versions of the dataset in ``folder``, oldest first."""
    releases = folder / RELEASES_DIR
    if not releases.is_dir():
        return []
    return sort_versions(
        [p.name for p in releases.iterdir() if p.is_dir() and (p / MANIFEST_FILE).is_file()]
    )


def release_folder(folder: Path, version: str) -> Path:
    """The folder of release ``version`` of the dataset in ``folder``.

    Raises:
        VersionNotFoundError: There is no such release; the message lists those that exist.
    """
    versions = release_versions(folder)
    if not isinstance(version, str) or version not in versions:
        listed = ", ".join([*versions, DEV])
        raise VersionNotFoundError(
            f"dataset {folder.name!r} has no version {version!r}; available: {listed}"
        )
    return _inside(folder / RELEASES_DIR / version, folder, f"release {version!r}")


def latest_version(folder: Path) -> str | None:
    """The newest release of the dataset in ``folder``, or ``None`` when it has none."""
    versions = release_versions(folder)
    return versions[-1] if versions else None


def _inside(path: Path, root: Path, what: str) -> Path:
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise DatasetNotFoundError(
            f"{what} points outside its folder ({path} -> {resolved}); refusing to read it"
        )
    return path
