"""The `factcheck` command.

Exit codes: 0 success, 1 invalid data (or files that `fmt --check` would change), 2 a usage
or environment error. Bad data never produces a traceback.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import UsageError
from ..escaping import terminal

if TYPE_CHECKING:
    from ..formats import Problem

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `factcheck` command (also used to document it)."""
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

    listing = commands.add_parser(
        "list",
        help="list the bundled datasets, their versions and record counts",
        description="List the bundled datasets: name, latest release, record count, license.",
    )
    _output_format_option(listing)
    listing.set_defaults(run=_list)

    show = commands.add_parser(
        "show",
        help="print a record's verdict and its sources",
        description="Print a dataset's summary, or one record as DATASET:ID.",
    )
    show.add_argument("target", metavar="DATASET[:ID]")
    _version_option(show)
    show.set_defaults(run=_show)

    export = commands.add_parser(
        "export",
        help="write a dataset as JSON Lines, CSV, Parquet or ClaimReview",
        description="Write a dataset to a file, replacing it atomically. The format is taken "
        "from --format or the file's suffix (.jsonl, .csv, .parquet; .json for ClaimReview).",
    )
    export.add_argument("dataset", metavar="DATASET", help="a bundled dataset's name")
    export.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE", help="the file to write"
    )
    export.add_argument(
        "--format", choices=_export_formats(), default=None, help="default: from FILE's suffix"
    )
    export.add_argument(
        "--review-url",
        default=None,
        metavar="TEMPLATE",
        help="for ClaimReview: each fact check's page, with {id} for the record's id, e.g. "
        "https://checks.example.org/{id} (Google requires this url); default: the dataset's "
        "record_page, its pages on the documentation site",
    )
    _version_option(export)
    export.set_defaults(run=_export)

    release = commands.add_parser(
        "release",
        help="freeze a dataset's working copy as a new version",
        description="Freeze DATASET's records/ into releases/VERSION/ (records.jsonl, "
        "dataset.json and a manifest with checksums and the changes since the last release). "
        "VERSION must be the next major, minor or patch version that the changes need "
        "(records removed or rerated: major; added: minor; otherwise: patch). Refused, with "
        "nothing written, for an existing or out-of-order version or invalid records.",
    )
    release.add_argument("dataset", metavar="DATASET", help="a dataset's name or folder")
    release.add_argument("version", metavar="VERSION", help="MAJOR.MINOR.PATCH, e.g. 1.0.0")
    _date_option(release, "release date (default: today)")
    release.add_argument(
        "--parquet",
        action="store_true",
        help="also write records.parquet, for DuckDB, Spark and other engines "
        "(needs the arrow extra)",
    )
    release.add_argument(
        "--note",
        metavar="TEXT",
        help="what the release is about (e.g. why records were removed); kept in the "
        "manifest and shown in the dataset's CHANGELOG.md",
    )
    release.set_defaults(run=_release)

    diff = commands.add_parser(
        "diff",
        help="show the records added, removed, changed and rerated between two versions",
        description="Compare two versions of a dataset; 'dev' is the working copy. Exit 0 "
        "when they hold the same records, 1 when they differ.",
    )
    diff.add_argument("dataset", metavar="DATASET", help="a dataset's name or folder")
    diff.add_argument("old", metavar="V1", help="the older version")
    diff.add_argument("new", metavar="V2", nargs="?", default="dev", help="default: dev")
    _output_format_option(diff)
    diff.set_defaults(run=_diff)

    search = commands.add_parser(
        "search",
        help="find records that already checked a claim",
        description="Rank the records of the bundled datasets by how well their claim matches "
        "QUERY, in any wording: questions, paraphrases, typos and other spellings of names "
        "are tolerated. Prints each hit's rating, claim date, id, claim and claimant. Needs "
        "the search extra: pip install 'factcheck-datasets[search]'.",
    )
    search.add_argument("query", metavar="QUERY", help="the claim or question, quoted")
    search.add_argument(
        "-k",
        type=int,
        default=10,
        metavar="N",
        help="how many hits to print at most (default: 10)",
    )
    search.add_argument(
        "--dataset",
        dest="datasets",
        action="append",
        default=None,
        metavar="NAME",
        help="search only this dataset (repeat for several; default: all bundled datasets)",
    )
    _version_option(search)
    _output_format_option(search)
    search.set_defaults(run=_search)

    importing = commands.add_parser(
        "import",
        help="convert LIAR, FEVER, MultiFC, AVeriTeC, ClaimReview or DataCommons data into a "
        "dataset",
        description="Convert SRC, a file in FORMAT, into the dataset folder DIR (dataset.json "
        "and records/<id>.json), named after DIR. The folder is written atomically and passes "
        "factcheck validate; rows that cannot be converted are listed with their line "
        "numbers. Exit 0 when every row was imported, 1 when some were not.",
    )
    importing.add_argument(
        "source_format",
        metavar="FORMAT",
        choices=_import_formats(),
        help="one of: " + ", ".join(_import_formats()),
    )
    importing.add_argument("source", metavar="SRC", type=Path, help="the file to convert")
    importing.add_argument(
        "-o", "--output", required=True, type=Path, metavar="DIR", help="the dataset folder"
    )
    importing.add_argument(
        "--replace",
        action="store_true",
        help=(
            "replace DIR (atomically) if it is an earlier import that nobody has changed since; "
            "a curated dataset, one with releases/ or an edited import is refused"
        ),
    )
    _date_option(importing, "import date written in each record's history (default: today)")
    _output_format_option(importing)
    importing.set_defaults(run=_import)
    return parser


def _import_formats() -> list[str]:
    from ..formats import FORMATS

    return list(FORMATS)


def _output_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=["text", "json"], default="text", help="output format (default: text)"
    )


def _date_option(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--date", type=_iso_date, default=None, metavar="YYYY-MM-DD", help=help)


def _version_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--version",
        dest="dataset_version",
        default=None,
        metavar="VERSION",
        help="a release such as 1.0.0, or dev for the working copy (default: the latest release)",
    )


def _export_formats() -> list[str]:
    from ..store.dataset import EXPORT_FORMATS

    return list(EXPORT_FORMATS)


def _iso_date(text: str) -> Any:
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None


def _reporter_names() -> list[str]:
    from ..validation.reporters import REPORTERS

    return list(REPORTERS)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    if (sys.argv[1:] if argv is None else list(argv)) == ["--version"]:
        # Answer at once: building the parser imports the commands' modules.
        print(f"factcheck {__version__}")
        return EXIT_OK
    parser = build_parser()
    args = parser.parse_args(argv)
    from ..errors import DataError, FactcheckError

    try:
        return args.run(args)
    except DataError as error:
        if error.report is not None:
            from ..validation.reporters import REPORTERS

            REPORTERS["text"](error.report, sys.stderr)
        print(f"factcheck: {terminal(str(error))}", file=sys.stderr)
        return EXIT_INVALID
    except FactcheckError as error:
        parser.exit(EXIT_USAGE, f"factcheck: error: {terminal(str(error))}\n")
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        # The environment refused (permissions, a full disk…): say so, without a traceback.
        message = error.strerror or str(error)
        if error.filename and str(error.filename) not in message:
            message = f"{error.filename}: {message}"
        parser.exit(EXIT_USAGE, f"factcheck: error: {terminal(message)}\n")


def default_data() -> Path:
    """What `validate` and `fmt` check when given no path: the `datasets/` of the folder
    you stand in when it holds a dataset (a checkout you are editing), else the bundled data
    (which, after a plain `pip install .`, is a copy that your edits do not change)."""
    from ..files import datasets_dir

    here = Path("datasets")
    if here.is_dir() and any((p / "dataset.json").is_file() for p in here.iterdir()):
        return here
    return datasets_dir()


def _validate(args: argparse.Namespace) -> int:
    from ..files import datasets_dir
    from ..validation.checker import display_path, validate
    from ..validation.reporters import REPORTERS

    targets = args.paths or [default_data()]
    report = validate(targets)
    if report.files == 0:
        shown = ", ".join(display_path(Path(t)) for t in targets)
        raise UsageError(
            f"nothing to check in {shown}: no dataset (dataset.json), .json or .jsonl file "
            "there; give the folder of a dataset or record files"
        )
    if not args.paths:
        where = targets[0]
        report.checked = (
            "the bundled datasets" if where == datasets_dir() else f"{display_path(where)}/"
        )
    REPORTERS[args.format](report, sys.stdout)
    if not report.ok or (args.strict and report.warning_count):
        return EXIT_INVALID
    return EXIT_OK


def _fmt(args: argparse.Namespace) -> int:
    from ..validation.checker import display_path
    from ..validation.formatting import format_files
    from ..validation.reporters import REPORTERS

    result = format_files([Path(p) for p in args.paths] or [default_data()], check=args.check)
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
    from ..files import schemas_dir
    from ..model.schema import stale_schemas, write_schemas
    from ..validation.checker import display_path

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


def _list(args: argparse.Namespace) -> int:
    from ..store.loading import list_datasets

    summaries = list_datasets()
    if args.format == "json":
        import json
        from dataclasses import asdict

        json.dump([asdict(s) for s in summaries], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return EXIT_OK
    rows = [("NAME", "LATEST", "RECORDS", "VERSIONS", "LICENSE", "TITLE")]
    for s in summaries:
        shown = s.latest or "dev"
        versions = ", ".join([*s.versions, "dev"])
        rows.append((s.name, shown, str(s.records[shown]), versions, s.license, s.title))
    widths = [max(len(terminal(row[i])) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [terminal(cell) for cell in row]  # titles and licenses are data
        print("".join(f"{cell:<{w}}  " for cell, w in zip(cells, widths, strict=False)) + cells[-1])
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from .show import show

    return show(args.target, sys.stdout, args.dataset_version)


def _export(args: argparse.Namespace) -> int:
    from ..store.loading import load
    from ..validation.checker import display_path

    dataset = load(args.dataset, args.dataset_version)
    path = dataset.export(args.output, args.format, review_url=args.review_url)
    pages = dataset.info.record_page if dataset.info is not None else None
    if (
        args.review_url is None
        and pages is None
        and (args.format or args.output.suffix) in ("claimreview", ".json")
    ):
        print(
            "note: without --review-url (or record_page in the dataset's dataset.json) the "
            "ClaimReview items have no url, which Google requires for fact-check markup",
            file=sys.stderr,
        )
    print(
        terminal(
            f"wrote {len(dataset)} records of {dataset.name} {dataset.version} to "
            f"{display_path(path)}"
        )
    )
    return EXIT_OK


def _release(args: argparse.Namespace) -> int:
    from ..store.releases import release, resolve_dataset
    from ..validation.checker import display_path

    manifest = release(
        args.dataset, args.version, today=args.date, parquet=args.parquet, note=args.note
    )
    folder = resolve_dataset(args.dataset) / "releases" / manifest.version
    print(
        f"released {manifest.name} {manifest.version} ({manifest.records} records) in "
        f"{display_path(folder)}"
    )
    for line in manifest.changes.lines():
        print(f"  {terminal(line)}")
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    from ..store.releases import diff

    changes = diff(args.dataset, args.old, args.new)
    if args.format == "json":
        import msgspec

        sys.stdout.write(msgspec.json.format(msgspec.json.encode(changes), indent=2).decode())
        sys.stdout.write("\n")
    else:
        for line in changes.lines():
            print(terminal(line))
        bump = changes.bump.name.lower()
        print(
            f"{len(changes.added)} added, {len(changes.removed)} removed, "
            f"{len(changes.changed)} changed ({len(changes.rerated)} rerated): "
            + (f"a {bump} release" if changes else "no changes")
        )
    return EXIT_INVALID if changes else EXIT_OK


def _search(args: argparse.Namespace) -> int:
    from ..search.engine import render_hits, search

    hits = search(args.query, args.k, args.datasets, version=args.dataset_version)
    if args.format == "json":
        import json

        result = {"query": args.query, "hits": [hit.to_dict() for hit in hits]}
        json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_hits(args.query, hits))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


_SHOWN_PROBLEMS = 20


def _import(args: argparse.Namespace) -> int:
    import json

    from ..errors import DataError, FactcheckError
    from ..formats.importing import import_dataset

    try:
        result = import_dataset(
            args.source_format, args.source, args.output, replace=args.replace, today=args.date
        )
    except FactcheckError:
        raise
    except UnicodeError as error:
        raise DataError(f"{args.source}: cannot read it: {error}") from None
    if args.format == "json":
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_INVALID if result.problems or not result.written else EXIT_OK
    if result.written:
        print(
            f"imported {result.records} records from {result.source} ({result.format}) "
            f"into {result.output}"
        )
    else:
        why = (
            f"no row of {result.source} could be read as {result.format}"
            if result.problems
            else f"{result.source} holds no {result.format} rows"
        )
        print(f"nothing imported: {why}; {result.output} was not written", file=sys.stderr)
    if result.problems:
        count = len(result.problems)
        print(f"{count} row{'s' if count != 1 else ''} not imported:", file=sys.stderr)
        for problem in result.problems[:_SHOWN_PROBLEMS]:
            print(terminal(f"{result.source}:{problem.line}: {problem.message}"), file=sys.stderr)
        if count > _SHOWN_PROBLEMS:
            print(
                f"... and {count - _SHOWN_PROBLEMS} more (--format json lists them all)",
                file=sys.stderr,
            )
            _print_reasons(result.problems)
    return EXIT_INVALID if result.problems or not result.written else EXIT_OK


_SHOWN_REASONS = 10
# A repeat names the row it repeats; as a reason, every repeat of an id (or claim) is one.
_REPEAT = re.compile(
    r"^(?:item \d+ of the line: )?(id|the claim)(?: '.*')? "
    r"repeats the row of line \d+(?:, item \d+)?"
)


def _reason(message: str) -> str:
    """`message` as a reason shared by rows: a repeat of an id or claim, whichever."""
    return _REPEAT.sub(
        lambda m: f"{'an id' if m[1] == 'id' else m[1]} repeats an earlier row", message
    )


def _print_reasons(problems: Sequence[Problem]) -> None:
    """The most frequent reasons rows were not imported, with how many rows each."""
    from collections import Counter

    reasons = Counter(_reason(problem.message) for problem in problems).most_common()
    print("most frequent reasons:", file=sys.stderr)
    for message, rows in reasons[:_SHOWN_REASONS]:
        print(f"{rows:>9,}  {terminal(message)}", file=sys.stderr)
    if len(reasons) > _SHOWN_REASONS:
        others = sum(rows for _, rows in reasons[_SHOWN_REASONS:])
        print(f"{others:>9,}  ({len(reasons) - _SHOWN_REASONS:,} other reasons)", file=sys.stderr)
