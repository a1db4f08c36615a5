"""The ``factcheck`` command.

Exit codes: 0 success, 1 invalid data (or files that ``fmt --check`` would change), 2 a usage
or environment error. Bad data never produces a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``factcheck`` command (also used to document it)."""
    parser = argparse.ArgumentParser(
        prog="factcheck",
        description="Validate, format and read datasets of fact-checked claims.",
    )
    parser.add_argument("--version", action="version", version=f"factcheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    validate = commands.add_parser(
        "validate",
        help="check records and datasets against the schema and the rules",
        description="Check record files (.json), JSON Lines files (.jsonl) and dataset folders. "
        "Reports every problem with its file, line and column. Exit 0 when valid, 1 when "
        "invalid, 2 on a usage error.",
    )
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: the bundled datasets)"
    )
    validate.add_argument(
        "--format",
        choices=_reporter_names(),
        default="text",
        help="output for people (text), tools (json) or GitHub Actions "
        "annotations (github); default: text",
    )
    validate.add_argument(
        "--strict", action="store_true", help="treat warnings as errors (exit 1 when there are any)"
    )
    validate.set_defaults(run=_validate)

    fmt = commands.add_parser(
        "fmt",
        help="rewrite record files in canonical form",
        description="Rewrite record and dataset.json files in canonical form: keys in schema "
        "order, 2-space indentation, UTF-8, final newline. Files are replaced atomically; "
        "files that do not parse are reported and left untouched.",
    )
    fmt.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: the bundled datasets)"
    )
    fmt.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if any file is not in canonical form",
    )
    fmt.set_defaults(run=_fmt)

    schema = commands.add_parser(
        "schema",
        help="write the JSON Schema files generated from the models",
        description="Write schemas/*.json from the models, or check they are in sync.",
    )
    schema.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the files differ from the models",
    )
    schema.add_argument(
        "--dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder of the schema files (default: the bundled schemas/)",
    )
    schema.set_defaults(run=_schema)

    show = commands.add_parser(
        "show",
        help="print a record's verdict and its sources",
        description="Print a dataset's summary, or one record as DATASET:ID.",
    )
    show.add_argument("target", metavar="DATASET[:ID]")
    show.set_defaults(run=_show)
    return parser


def _reporter_names() -> list[str]:
    from .report import REPORTERS

    return list(REPORTERS)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from .errors import UsageError

    try:
        return args.run(args)
    except UsageError as error:
        parser.exit(EXIT_USAGE, f"factcheck: error: {error}\n")
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from .checker import validate
    from .report import REPORTERS

    report = validate(args.paths or None)
    REPORTERS[args.format](report, sys.stdout)
    if not report.ok or (args.strict and report.warnings):
        return EXIT_INVALID
    return EXIT_OK


def _fmt(args: argparse.Namespace) -> int:
    from .checker import display_path
    from .formatting import format_files
    from .report import REPORTERS

    result = format_files([Path(p) for p in args.paths] or None, check=args.check)
    if result.report.findings:
        REPORTERS["text"](result.report, sys.stderr)
    verb = "would reformat" if args.check else "reformatted"
    for path in result.changed:
        print(f"{verb} {display_path(path)}")
    print(f"{len(result.changed)} file(s) {verb}, {len(result.unchanged)} already canonical")
    if result.report.findings or (args.check and result.changed):
        return EXIT_INVALID
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from .checker import display_path
    from .files import schemas_dir
    from .schema import stale_schemas, write_schemas

    directory = args.dir or schemas_dir()
    if args.check:
        stale = stale_schemas(directory)
        for path in stale:
            print(f"out of date: {display_path(path)} (run `factcheck schema` to regenerate)")
        if not stale:
            print("schemas are up to date")
        return EXIT_INVALID if stale else EXIT_OK
    for path in write_schemas(directory):
        print(f"wrote {display_path(path)}")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from .show import show

    return show(args.target, sys.stdout)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
