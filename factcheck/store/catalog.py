"""Finding datasets and their versions in a folder of datasets, and nothing outside it.

A name or a version only ever selects among the folders that exist: it is matched against a
strict pattern first, and the folder it names must resolve inside the datasets folder, so no
``../``, absolute path or symbolic link can lead a loader elsewhere.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import DatasetNotFoundError
from ..model.layout import DATASET_FILE, inside

_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def default_root() -> Path:
    """The folder of bundled datasets."""
    from ..files import datasets_dir

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
    return inside(root / name, root, f"dataset {name!r}")
