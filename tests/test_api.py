"""The public API: complete and sorted, lazily imported, fast to import."""

from __future__ import annotations

import subprocess
import sys

import factcheck


def test_all_is_sorted_and_every_name_resolves():
    assert factcheck.__all__ == sorted(factcheck.__all__)
    for name in factcheck.__all__:
        assert getattr(factcheck, name) is not None


def test_unknown_attribute_raises_attribute_error():
    try:
        factcheck.nothing_here  # noqa: B018
    except AttributeError as error:
        assert "nothing_here" in str(error)
    else:
        raise AssertionError("expected AttributeError")


def test_import_pulls_in_no_heavy_library():
    code = (
        "import sys, factcheck; heavy = {'pydantic', 'pandas', 'pyarrow', 'numpy', "
        "'datasets', 'jsonschema'} & set(sys.modules); print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_version_command_does_not_import_pydantic():
    code = (
        "import sys; from factcheck.cli.main import main\ntry:\n    main(['--version'])\n"
        "except SystemExit:\n    pass\nprint('pydantic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False")
