"""The `factcheck` command.

Exit codes: 0 success, 1 invalid data (or files that `fmt --check` would change), 2 a usage
or environment error. Bad data never produces a traceback.

Conventions shared by every command: `--format` is always the output format; `-o -`
writes to standard output and `-` as an input file reads standard input (`validate -`,
`fmt -`, `import FORMAT -`, each with `--stdin-filename`; `show -`, `export -`);
`-q`/`--quiet` prints only errors; `--color` colours output on a terminal (`NO_COLOR`
and `FORCE_COLOR` are honoured). Text from data is escaped for the terminal before it is
printed, coloured or not.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import UsageError
from ..escaping import json_text, terminal
from ..styling import COLOR_CHOICES, Style, plural

if TYPE_CHECKING:
    from ..formats import Problem

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `factcheck` command (also used to document it)."""
    from ..model.layout import SHARD_RECORDS

    parser = argparse.ArgumentParser(
        prog="factcheck",
        description="Validate, format and read datasets of fact-checked claims.",
    )
    parser.add_argument("--version", action="version", version=f"factcheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = _common_options()

    validate = commands.add_parser(
        "validate",
        parents=[common],
        help="check records and datasets against the schema and the rules",
        description="Check record files (.json), JSON Lines files (.jsonl) and dataset folders. "
        "Reports every problem with its file, line and column. Exit 0 when valid, 1 when "
        "invalid, 2 on a usage error.",
    )
    validate.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders; - reads one record (or JSON Lines) from standard input "
        "(default: ./datasets/ of a repository you stand in, else the bundled datasets)",
    )
    validate.add_argument(
        "--stdin-filename",
        metavar="NAME",
        default=None,
        help="with -: the file name to report and check standard input as (its suffix, .json "
        "or .jsonl, says which it holds; a record's id must match a .json name); default: a "
        "record is named after its id, several lines are JSON Lines",
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
    _jobs_option(validate)
    validate.set_defaults(run=_validate)

    fmt = commands.add_parser(
        "fmt",
        parents=[common],
        help="rewrite record files in canonical form",
        description="Rewrite record and dataset.json files in canonical form: keys in schema "
        "order, 2-space indentation, UTF-8, final newline. Files are replaced atomically; "
        "files that do not parse are reported and left untouched.",
    )
    fmt.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders; - formats one record from standard input to standard output "
        "(default: ./datasets/ of a repository you stand in, else the bundled datasets)",
    )
    fmt.add_argument(
        "--stdin-filename",
        metavar="NAME",
        default=None,
        help="with -: the file name to report standard input as (dataset.json formats it as "
        "a dataset's metadata; default: a record)",
    )
    fmt.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if any file is not in canonical form",
    )
    _jobs_option(fmt)
    fmt.set_defaults(run=_fmt)

    schema = commands.add_parser(
        "schema",
        parents=[common],
        help="write the JSON Schema and Arrow schema files generated from the models",
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
        parents=[common],
        help="list the bundled datasets, their versions and record counts",
        description="List the bundled datasets: name, latest release, record count, license.",
    )
    _output_format_option(listing)
    listing.set_defaults(run=_list)

    show = commands.add_parser(
        "show",
        parents=[common],
        help="print a record's verdict and its sources",
        description="Print a dataset's summary, or one record as DATASET:ID. DATASET is a "
        "name, NAME@VERSION or a path, as everywhere. --format json prints the record as its "
        "JSON data, or the summary as an object.",
    )
    show.add_argument(
        "target",
        metavar="DATASET[:ID]",
        help="a dataset (name, NAME@VERSION or path; - reads records from standard input, "
        "and shows a single one as its verdict), or one of its records as DATASET:ID",
    )
    _version_option(show)
    _output_format_option(show)
    show.set_defaults(run=_show)

    export = commands.add_parser(
        "export",
        parents=[common],
        help="write a dataset as JSON Lines, CSV, Parquet or ClaimReview",
        description="Write a dataset to a file, replacing it atomically, or to standard "
        "output with -o -. The format is taken from --format or the file's suffix (.jsonl, "
        ".csv, .parquet; .json for ClaimReview).",
    )
    export.add_argument(
        "dataset",
        metavar="DATASET",
        help="a dataset: a name, NAME@VERSION or a path; - reads records (one, or JSON "
        "Lines) from standard input, e.g. to convert them to CSV",
    )
    export.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="the file to write, or - for standard output (then the format defaults to "
        "jsonl); with --partition-by, the folder",
    )
    export.add_argument(
        "--format",
        choices=_export_formats(),
        default=None,
        help="the output format (default: from FILE's suffix)",
    )
    export.add_argument(
        "--partition-by",
        choices=_partition_keys(),
        default=None,
        help="write a folder of Parquet files, one folder per value (claim_year: the year of "
        "the claim, as claim_year=2020/part-0.parquet), for engines that read only the "
        "partitions a query needs",
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
        parents=[common],
        help="freeze a dataset's working copy as a new version",
        description="Freeze DATASET's records/ into releases/VERSION/ (records.jsonl, "
        "dataset.json and a manifest with checksums and the changes since the last release). "
        "VERSION must be the next major, minor or patch version that the changes need "
        "(records removed or rerated: major; added: minor; otherwise: patch). Refused, with "
        "nothing written, for an existing or out-of-order version or invalid records. "
        "Prints the records counted by change; --verbose lists them.",
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
    release.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also list each record added, corrected, rerated or removed",
    )
    _jobs_option(release, "check the records with")
    release.set_defaults(run=_release)

    diff = commands.add_parser(
        "diff",
        parents=[common],
        help="show the records added, removed, changed and rerated between two versions",
        description="Compare two versions of a dataset; 'dev' is the working copy. Lists "
        "each record added, removed or changed, and for a changed one the fields that "
        "differ (verdict.rating: mostly-false → false, evidence: 2 added). Exit 0 when they "
        "hold the same records, 1 when they differ; --quiet prints nothing, as git diff "
        "--quiet.",
    )
    diff.add_argument("dataset", metavar="DATASET", help="a dataset's name or folder")
    diff.add_argument("old", metavar="V1", help="the older version")
    diff.add_argument("new", metavar="V2", nargs="?", default="dev", help="default: dev")
    _output_format_option(diff)
    diff.set_defaults(run=_diff)

    search = commands.add_parser(
        "search",
        parents=[common],
        help="find records that already checked a claim",
        description="Rank the records of the bundled datasets (or those given) by how well "
        "their claim matches QUERY, in any wording: questions, paraphrases, typos, other "
        "spellings of names and other languages are tolerated. Prints each hit's rating, "
        "claim date, id, claim, claimant and score, 0 to 1: the match (the share of the "
        "query the record holds), mixed with the similarity in meaning where the semantic "
        "extra is installed. When no record matches enough of the query, prints 'no record "
        "matches'; --all shows the weak matches too.",
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
        help="search only this dataset, by name or path (repeat for several; default: all "
        "bundled datasets)",
    )
    search.add_argument(
        "--all",
        dest="weak",
        action="store_true",
        help="also show the records that match the query weakly (below the threshold)",
    )
    search.add_argument(
        "--lexical",
        action="store_true",
        help="rank by the words alone, even where the semantic extra is installed (which "
        "is used by default when it is)",
    )
    _version_option(search)
    _output_format_option(search)
    _jobs_option(search, "build the index with", "from 20,000 records on")
    search.set_defaults(run=_search)

    importing = commands.add_parser(
        "import",
        parents=[common],
        help="convert LIAR, FEVER, MultiFC, AVeriTeC, ClaimReview, DataCommons or Fact Check "
        "Tools data into a dataset",
        description="Convert SRC, a file in FORMAT, into the dataset folder DIR (dataset.json "
        "and records/<id>.json), named after DIR. The folder is written atomically and passes "
        "factcheck validate; rows that cannot be converted are listed with their line "
        "numbers. A row whose label maps to no rating is imported without one (not "
        "normalized) and counted, its label among the most frequent unmapped labels. Exit 0 "
        "when every row was imported, 1 when some were not.",
    )
    importing.add_argument(
        "source_format",
        metavar="FORMAT",
        choices=_import_formats(),
        help="one of: " + ", ".join(_import_formats()),
    )
    importing.add_argument(
        "source",
        metavar="SRC",
        help="the file to convert (for factchecktools, also a folder of response files), or - "
        "to read standard input",
    )
    importing.add_argument(
        "--stdin-filename",
        metavar="NAME",
        default=None,
        help="with -: the source file's name, written in dataset.json and in each record's "
        "history as a file's name would be (default: stdin)",
    )
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
    importing.add_argument(
        "--label-map",
        type=Path,
        metavar="FILE",
        help=(
            "your own label table, looked up before factcheck's: a .json file "
            '({"labels": {LABEL: RATING}, "publishers": {PUBLISHER: {LABEL: RATING}}}) or a '
            ".csv file with the columns label,rating[,publisher]"
        ),
    )
    importing.add_argument(
        "--shard-records",
        type=_shard_records,
        default=None,
        metavar="N",
        help="past N records, write records/part-NNNNN.jsonl shards of N records each "
        f"instead of one file per record (default: {SHARD_RECORDS})",
    )
    _date_option(
        importing,
        "import date written in each record's history (default: today; a future date is refused)",
    )
    _output_format_option(importing)
    _jobs_option(importing, "check the converted rows with", "for a source of 1 MB or more")
    importing.set_defaults(run=_import)

    explain = commands.add_parser(
        "explain",
        parents=[common],
        help="print the documentation of a validation rule",
        description="Print what a rule (e.g. FC206) checks, why, how to fix a finding, an "
        "example, and its page on the documentation site. Exit 2 for an unknown rule.",
    )
    explain.add_argument("code", metavar="RULE", help="a rule's code (FC206) or name")
    _output_format_option(explain)
    explain.set_defaults(run=_explain)
    return parser


def _common_options() -> argparse.ArgumentParser:
    """The options every command takes."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only errors (what a command exists to print, such as show's record or "
        "search's hits, is still printed)",
    )
    common.add_argument(
        "--color",
        choices=COLOR_CHOICES,
        default="auto",
        help="colour the output: auto (on a terminal, unless the NO_COLOR environment "
        "variable is set; FORCE_COLOR forces it), always or never (default: auto)",
    )
    return common


def _import_formats() -> list[str]:
    from ..formats import FORMATS

    return list(FORMATS)


def _output_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="the output format: text for people, json for tools (default: text)",
    )


def _jobs_option(
    parser: argparse.ArgumentParser,
    what: str = "check with",
    when: str = "for inputs of a few MB or more",
) -> None:
    parser.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=None,
        metavar="N",
        help=f"processes to {what} (default: every core, {when}; 1: this process only); "
        "the output is the same for every N",
    )


def _positive(what: str) -> Callable[[str], int]:
    """An argparse type: a whole number of `what`, at least 1."""

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            number = 0
        if number < 1:
            raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number of {what}")
        return number

    return parse


_jobs = _positive("processes")
_shard_records = _positive("records")


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


def _partition_keys() -> list[str]:
    from ..store.dataset import PARTITION_KEYS

    return list(PARTITION_KEYS)


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

    errors = Style.for_stream(sys.stderr, args.color)
    prefix = errors.paint("factcheck: error:", "error")
    try:
        return args.run(args)
    except DataError as error:
        if error.report is not None:
            from ..validation.reporters import text_report

            report = _only_errors(error.report) if args.quiet else error.report
            text_report(report, sys.stderr, style=errors)
        print(f"factcheck: {terminal(str(error))}", file=sys.stderr)
        return EXIT_INVALID
    except FactcheckError as error:
        parser.exit(EXIT_USAGE, f"{prefix} {terminal(str(error))}\n")
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
        parser.exit(EXIT_USAGE, f"{prefix} {terminal(message)}\n")


def _style(args: argparse.Namespace) -> Style:
    """How to paint standard output for this run (`--color` and the environment)."""
    return Style.for_stream(sys.stdout, args.color)


def _note(args: argparse.Namespace, text: str, *, err: bool = False) -> None:
    """Print `text` (already escaped) unless `--quiet`: a message, not an error."""
    if not args.quiet:
        print(text, file=sys.stderr if err else sys.stdout)


def default_data() -> Path:
    """What `validate` and `fmt` check when given no path: the `datasets/` of the folder
    you stand in when it holds a dataset (a checkout you are editing), else the bundled data
    (which, after a plain `pip install .`, is a copy that your edits do not change)."""
    from ..files import datasets_dir

    here = Path("datasets")
    if here.is_dir() and any((p / "dataset.json").is_file() for p in here.iterdir()):
        return here
    return datasets_dir()


STDIN = "-"
"""The file name that means standard input (and, for `-o`, standard output)."""

_STDIN_LIMIT = 4 << 30
"""The most of standard input that is read: a `.jsonl` file's limit (rule FC012); one more
byte is kept, so that validation reports the excess instead of checking a cut file."""


def _spool_stdin(folder: Path, name: str) -> Path:
    """Copy standard input into `folder/name`, in chunks, up to the limit; return the file."""
    path = folder / name
    source = sys.stdin.buffer
    size = 0
    with path.open("wb") as out:
        while size <= _STDIN_LIMIT and (
            chunk := source.read(min(1 << 20, _STDIN_LIMIT + 1 - size))
        ):
            out.write(chunk)
            size += len(chunk)
    return path


def _stdin_name(path: Path) -> str:
    """The name to check a record read from standard input as: `<id>.json` for one
    record, `stdin.jsonl` for several lines, else `stdin.json` (reported as it is)."""
    import json

    from ..model.fields import SLUG_PATTERN

    if path.stat().st_size <= 64 << 20:
        text = path.read_bytes().decode("utf-8", "replace")
        try:
            data = json.loads(text)
        except ValueError:
            lines = [line for line in text.splitlines() if line.strip()]
            return "stdin.jsonl" if len(lines) > 1 else "stdin.json"
        record_id = data.get("id") if isinstance(data, dict) else None
        if isinstance(record_id, str) and re.fullmatch(SLUG_PATTERN, record_id):
            return f"{record_id}.json"
        return "stdin.json"
    return "stdin.jsonl"


def _validate(args: argparse.Namespace) -> int:
    import tempfile

    if args.paths.count(STDIN) > 1:
        raise UsageError("standard input (-) can be read once; give - only once")
    if args.stdin_filename is not None and STDIN not in args.paths:
        raise UsageError("--stdin-filename names standard input: give - among the paths")
    if STDIN not in args.paths:
        return _validate_paths(args, args.paths, None)
    with tempfile.TemporaryDirectory(prefix="factcheck-stdin-") as folder:
        spooled = _spool_stdin(Path(folder), "stdin")
        given = args.stdin_filename
        name = Path(given).name if given else _stdin_name(spooled)
        if not name.endswith((".json", ".jsonl")):
            raise UsageError(f"--stdin-filename {given!r}: the name must end in .json or .jsonl")
        stdin = spooled.rename(spooled.with_name(name))
        paths = [str(stdin) if p == STDIN else p for p in args.paths]
        return _validate_paths(args, paths, (stdin, given or STDIN))


def _validate_paths(
    args: argparse.Namespace, paths: list[str], stdin: tuple[Path, str] | None
) -> int:
    from ..files import datasets_dir
    from ..validation.checker import display_path, validate
    from ..validation.reporters import REPORTERS, text_report

    targets = paths or [default_data()]
    report = validate(targets, jobs=args.jobs)
    if report.files == 0:
        shown = ", ".join(display_path(Path(t)) for t in targets)
        raise UsageError(
            f"nothing to check in {shown}: no dataset (dataset.json), .json or .jsonl file "
            "there; give the folder of a dataset or record files"
        )
    if not paths:
        where = targets[0]
        report.checked = (
            "the bundled datasets" if where == datasets_dir() else f"{display_path(where)}/"
        )
    if stdin is not None:
        report = _renamed(report, display_path(stdin[0]), stdin[1])
    failed = not report.ok or (args.strict and report.warning_count)
    if args.quiet and args.format != "json":
        if not failed:
            return EXIT_OK
        report = _only_errors(report, strict=args.strict)
    if args.format == "text":
        text_report(report, sys.stdout, style=_style(args))
    else:
        REPORTERS[args.format](report, sys.stdout)
    return EXIT_INVALID if failed else EXIT_OK


def _renamed(report: Any, path: str, shown: str) -> Any:
    """`report` with the findings in the file `path` placed in `shown` instead."""
    import dataclasses
    from collections import Counter

    findings = [
        dataclasses.replace(f, path=shown) if f.path == path else f for f in report.findings
    ]
    omitted = Counter(
        {
            ((shown if p == path else p), code, level): n
            for (p, code, level), n in report.omitted.items()
        }
    )
    return dataclasses.replace(report, findings=findings, omitted=omitted)


def _only_errors(report: Any, *, strict: bool = False) -> Any:
    """`report` without its warnings (kept with `strict`, where they fail the check)."""
    import dataclasses

    from ..validation.findings import Severity

    if strict:
        return report
    return dataclasses.replace(
        report, findings=[f for f in report.findings if f.severity is Severity.ERROR]
    )


def _fmt(args: argparse.Namespace) -> int:
    if STDIN in args.paths:
        if args.paths != [STDIN]:
            raise UsageError("fmt - formats standard input alone; give no other path with it")
        return _fmt_stdin(args)
    if args.stdin_filename is not None:
        raise UsageError("--stdin-filename names standard input: give - as the path")
    from ..validation.checker import display_path
    from ..validation.formatting import format_files
    from ..validation.reporters import text_report

    result = format_files(
        [Path(p) for p in args.paths] or [default_data()], check=args.check, jobs=args.jobs
    )
    if result.report.findings:
        text_report(result.report, sys.stderr, style=Style.for_stream(sys.stderr, args.color))
    verb = "would reformat" if args.check else "reformatted"
    for path in result.changed:
        if args.check or not args.quiet:  # with --check, a file to reformat is the error
            print(f"{verb} {terminal(display_path(path))}")
    _note(
        args,
        f"{plural(len(result.changed), 'file')} {verb}, {len(result.unchanged):,} already "
        "canonical",
    )
    if result.report.findings or (args.check and result.changed):
        return EXIT_INVALID
    return EXIT_OK


def _fmt_stdin(args: argparse.Namespace) -> int:
    """`fmt -`: the canonical form of standard input on standard output (with `--check`,
    nothing, and exit 1 if it is not canonical), as formatters do for editors."""
    import tempfile

    from ..validation.formatting import format_files
    from ..validation.reporters import text_report

    name = Path(args.stdin_filename).name if args.stdin_filename else "stdin.json"
    if not name.endswith(".json") or name.startswith("."):
        raise UsageError(f"--stdin-filename {args.stdin_filename!r}: give a NAME.json")
    shown = args.stdin_filename or STDIN
    with tempfile.TemporaryDirectory(prefix="factcheck-stdin-") as folder:
        path = _spool_stdin(Path(folder), name)
        result = format_files([path], check=args.check)
        if result.report.findings:
            from ..validation.checker import display_path

            report = _renamed(result.report, display_path(path), shown)
            text_report(report, sys.stderr, style=Style.for_stream(sys.stderr, args.color))
            return EXIT_INVALID
        if args.check:
            if result.changed:
                print(f"would reformat {terminal(shown)}")
            return EXIT_INVALID if result.changed else EXIT_OK
        # The file's own text, canonical: data for a file or an editor, as `export -o -` is.
        sys.stdout.write(path.read_text("utf-8"))
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
            _note(args, "schemas are up to date")
        return EXIT_INVALID if stale else EXIT_OK
    for path in write_schemas(directory):
        _note(args, f"wrote {display_path(path)}")
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    from ..store.loading import list_datasets

    summaries = list_datasets()
    if args.format == "json":
        from dataclasses import asdict

        sys.stdout.write(json_text([asdict(s) for s in summaries]) + "\n")
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


@contextmanager
def _stdin_dataset(name: str) -> Iterator[str]:
    """`name`, or for `-` the records read from standard input (one record, or JSON
    Lines), spooled to a private temporary file; their findings are reported as `-`."""
    if name != STDIN:
        yield name
        return
    import tempfile

    from ..errors import DataError
    from ..validation.checker import display_path

    with tempfile.TemporaryDirectory(prefix="factcheck-stdin-") as folder:
        spooled = _spool_stdin(Path(folder), "stdin")
        path = spooled.rename(spooled.with_name(_stdin_name(spooled)))
        try:
            yield str(path)
        except DataError as error:
            shown = display_path(path)
            report = _renamed(error.report, shown, STDIN) if error.report else None
            message = str(error).replace(shown, STDIN).replace(str(path), STDIN)
            raise DataError(message, report) from None


def _show(args: argparse.Namespace) -> int:
    from .show import show

    if args.target != STDIN:
        return show(args.target, sys.stdout, args.dataset_version, format=args.format)
    with _stdin_dataset(STDIN) as path:
        # One record read from a pipe (spooled as <id>.json) is shown as its verdict;
        # JSON Lines as a dataset.
        only = f":{Path(path).stem}" if path.endswith(".json") else ""
        return show(f"{path}{only}", sys.stdout, args.dataset_version, format=args.format)


def _export(args: argparse.Namespace) -> int:
    with _stdin_dataset(args.dataset) as name:
        return _export_from(args, name)


def _export_from(args: argparse.Namespace, name: str) -> int:
    from ..store.loading import load
    from ..validation.checker import display_path

    dataset = load(name, args.dataset_version)
    to_stdout = args.output == STDIN
    chosen = args.format or ("jsonl" if to_stdout else None)
    if to_stdout and args.partition_by is not None:
        raise UsageError("--partition-by writes a folder of files: give it with -o, not -")
    if to_stdout:
        if chosen == "parquet" and sys.stdout.isatty():
            raise UsageError("refusing to write Parquet (binary) to a terminal; redirect it")
        sys.stdout.flush()
        target: Any = sys.stdout.buffer if chosen == "parquet" else sys.stdout
        dataset.export(target, chosen, review_url=args.review_url)
        target.flush()
        shown = "standard output"
    else:
        path = dataset.export(
            Path(args.output), chosen, review_url=args.review_url, partition_by=args.partition_by
        )
        shown = display_path(path)
        if args.partition_by is not None:
            shown = f"{shown}/, one folder per {args.partition_by}"
    pages = dataset.info.record_page if dataset.info is not None else None
    claimreview = chosen == "claimreview" or (chosen is None and args.output.endswith(".json"))
    if args.review_url is None and pages is None and claimreview:
        _note(
            args,
            "note: without --review-url (or record_page in the dataset's dataset.json) the "
            "ClaimReview items have no url, which Google requires for fact-check markup",
            err=True,
        )
    _note(
        args,
        terminal(
            f"wrote {plural(len(dataset), 'record')} of {dataset.name}"
            + (f" {dataset.version}" if dataset.version else "")
            + f" to {shown}"
        ),
        err=to_stdout,  # the data has standard output
    )
    return EXIT_OK


def _release(args: argparse.Namespace) -> int:
    from ..store.releases import release, resolve_dataset
    from ..validation.checker import display_path

    manifest = release(
        args.dataset,
        args.version,
        today=args.date,
        parquet=args.parquet,
        note=args.note,
        jobs=args.jobs,
    )
    folder = resolve_dataset(args.dataset) / "releases" / manifest.version
    changes = manifest.changes
    since = f"since {manifest.previous}" if manifest.previous else "(the first release)"
    _note(
        args,
        terminal(
            f"released {manifest.name} {manifest.version} "
            f"({plural(manifest.records, 'record')}) in {display_path(folder)}"
        ),
    )
    _note(args, f"  {since}: {changes.counts(manifest.records)}")
    if args.verbose and not args.quiet:
        style = _style(args)
        for line in _change_lines(changes, {}, style):
            print(f"  {line}")
    return EXIT_OK


_MARKS = {"+": "added", "-": "removed", "~": "changed"}


def _change_lines(changes: Any, fields: dict[str, list[Any]], style: Style) -> list[str]:
    """One line per record added, removed or changed (escaped, coloured by `style`), each
    changed record followed by the fields that differ, indented."""
    out = []
    for line in changes.lines():
        mark, _, rest = line.partition(" ")
        record_id = rest.split("  (", 1)[0]
        out.append(style.paint(terminal(line), _MARKS.get(mark, "changed")))
        out += [f"    {terminal(change.describe())}" for change in fields.get(record_id, [])]
    return out


def _diff(args: argparse.Namespace) -> int:
    from ..store.releases import compare_versions

    comparison = compare_versions(args.dataset, args.old, args.new)
    changes = comparison.changes
    if args.quiet:
        return EXIT_INVALID if changes else EXIT_OK
    if args.format == "json":
        import msgspec

        data = msgspec.to_builtins(changes)
        data["unchanged"] = comparison.records - len(changes.added) - len(changes.changed)
        data["fields"] = {
            record_id: [change.to_dict() for change in found]
            for record_id, found in comparison.fields.items()
        }
        sys.stdout.write(json_text(data) + "\n")
    else:
        for line in _change_lines(changes, comparison.fields, _style(args)):
            print(line)
        bump = changes.bump.name.lower()
        print(
            f"{changes.counts(comparison.records)}: "
            + (f"a {bump} release" if changes else "no changes")
        )
    return EXIT_INVALID if changes else EXIT_OK


def _search(args: argparse.Namespace) -> int:
    from ..search.engine import render_hits, search

    hits = search(
        args.query,
        args.k,
        args.datasets,
        version=args.dataset_version,
        weak=args.weak,
        semantic=False if args.lexical else None,
        jobs=args.jobs,
    )
    if args.format == "json":
        result = {"query": args.query, "hits": [hit.to_dict() for hit in hits]}
        sys.stdout.write(json_text(result) + "\n")
    else:
        sys.stdout.write(render_hits(args.query, hits))
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    import difflib

    from ..validation.rules import RULES

    wanted = args.code.strip()
    by_name = {rule.name: rule for rule in RULES.values()}
    rule = RULES.get(wanted.upper()) or by_name.get(wanted.lower())
    if rule is None:
        close = difflib.get_close_matches(wanted.upper(), list(RULES), n=1) or [
            by_name[n].code for n in difflib.get_close_matches(wanted.lower(), list(by_name), n=1)
        ]
        hint = f"did you mean {close[0]} ({RULES[close[0]].name})? " if close else ""
        raise UsageError(
            f"no rule {wanted!r}; {hint}rules are FC001 to {max(RULES)}, listed on "
            f"{RULES[min(RULES)].url.split('#')[0]}"
        )
    if args.format == "json":
        data = {
            "code": rule.code,
            "name": rule.name,
            "layer": rule.layer,
            "severity": str(rule.severity),
            "summary": rule.summary,
            "doc": rule.doc,
            "hint": rule.hint,
            "url": rule.url,
        }
        sys.stdout.write(json_text(data) + "\n")
        return EXIT_OK
    style = _style(args)
    kind = "error" if rule.severity == "error" else "warning"
    print(
        style.paint(f"{rule.code} {rule.name}", "code") + f" ({style.paint(kind, kind)}, "
        f"{rule.layer} rules)"
    )
    print()
    print(rule.summary)
    if rule.doc:
        print()
        print(rule.doc)
    print()
    print(f"Hint shown: {rule.hint}")
    print(f"Docs: {rule.url}")
    return EXIT_OK


_SHOWN_PROBLEMS = 20


def _import(args: argparse.Namespace) -> int:
    import tempfile
    from datetime import date

    if args.date is not None and args.date > date.today():
        raise UsageError(
            f"--date {args.date.isoformat()} is in the future (today is "
            f"{date.today().isoformat()}): it is written as each record's import date, and a "
            "history date may not lie ahead (rule FC202); give today or an earlier date"
        )
    if args.source == STDIN:
        name = Path(args.stdin_filename).name if args.stdin_filename else "stdin"
        if name in ("", ".", ".."):
            raise UsageError(f"--stdin-filename {args.stdin_filename!r} names no file")
        with tempfile.TemporaryDirectory(prefix="factcheck-stdin-") as folder:
            return _import_from(args, _spool_stdin(Path(folder), name), "<stdin>")
    if args.stdin_filename is not None:
        raise UsageError("--stdin-filename names standard input: give - as SRC")
    return _import_from(args, Path(args.source), None)


def _import_from(args: argparse.Namespace, source: Path, shown: str | None) -> int:
    from ..errors import DataError, FactcheckError
    from ..formats.importing import import_dataset

    try:
        result = import_dataset(
            args.source_format,
            source,
            Path(args.output),
            replace=args.replace,
            today=args.date,
            label_map=args.label_map,
            jobs=args.jobs,
            **({} if args.shard_records is None else {"shard_records": args.shard_records}),
        )
    except FactcheckError:
        raise
    except UnicodeError as error:
        raise DataError(f"{shown or source}: cannot read it: {error}") from None
    name = terminal(shown or str(result.source))
    if args.format == "json":
        data = result.to_dict()
        if shown is not None:
            data["source"] = STDIN
        sys.stdout.write(json_text(data) + "\n")
        return EXIT_INVALID if result.problems or not result.written else EXIT_OK
    if result.written:
        _note(
            args,
            f"imported {plural(result.records, 'record')} from {name} ({result.format}) "
            f"into {terminal(str(result.output))}",
        )
        if result.not_normalized:
            _print_unmapped(args, result)
    else:
        why = (
            f"no row of {name} could be read as {result.format}"
            if result.problems
            else f"{name} holds no {result.format} rows"
        )
        print(
            f"nothing imported: {why}; {terminal(str(result.output))} was not written",
            file=sys.stderr,
        )
    if result.problems:
        count = len(result.problems)
        print(f"{plural(count, 'row')} not imported:", file=sys.stderr)
        for problem in result.problems[:_SHOWN_PROBLEMS]:
            print(f"{name}:{problem.line}: {terminal(problem.message)}", file=sys.stderr)
        if count > _SHOWN_PROBLEMS:
            print(
                f"... and {count - _SHOWN_PROBLEMS:,} more (--format json lists them all)",
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


def _print_unmapped(args: argparse.Namespace, result: Any) -> None:
    """How many records are not normalized, and their most frequent labels."""
    count = result.not_normalized
    share = f"{count / result.records:.1%}" if result.records else "0%"
    lines = [
        f"{count:,} of them ({share}) not normalized: the label maps to no rating, so the "
        "record has its label and no verdict.rating; add a table with --label-map to rate them",
        "most frequent unmapped labels:",
        *(
            f"{records:>9,}  {terminal(label)}"
            for label, records in result.unmapped_labels[:_SHOWN_REASONS]
        ),
    ]
    rest = result.unmapped_labels[_SHOWN_REASONS:]
    if rest:
        others = sum(records for _, records in rest)
        lines.append(f"{others:>9,}  ({len(rest):,} other labels; --format json lists them all)")
    _note(args, "\n".join(lines))


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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
