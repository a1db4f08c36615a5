"""Other formats as factcheck records: the public fact-check datasets and ClaimReview.

`read(FORMAT, path)` streams the records of a file in another format:

    rows = factcheck.formats.read("fever", "train.jsonl")
    for record in rows:          # typed factcheck.Record objects, one at a time
        ...
    rows.problems                # [Problem(line=12, message="..."), ...]: rows not converted

Every row either becomes a record that passes the schema and the record rules, or a
`Problem` with its line number: nothing is dropped silently. A row whose label maps to
no rating is a record too, with its label and no `verdict.rating` (*not normalized*);
`rows.not_normalized` counts them and `rows.unmapped_labels()` lists their labels.
`factcheck import` (`factcheck.formats.importing.import_dataset`) writes the records
as a dataset folder.

Each format lives in its own module (`factcheck/formats/<name>.py`) with `NAME`,
`TITLE`, `rows(path, today=, labels=None)` yielding `(line, record dict)` or
`(line, "problem")` (`labels`: the user's `LabelMap`),
and `dataset_info(path, today=)` giving an honest `dataset.json` for the import.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from collections import Counter, deque
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from .label_map import LabelMap

FORMATS: dict[str, str] = {
    "liar": "LIAR (TSV)",
    "fever": "FEVER (JSON Lines)",
    "multifc": "MultiFC (TSV, or a CSV copy with a header row)",
    "averitec": "AVeriTeC (JSON)",
    "claimreview": "ClaimReview JSON-LD (object, array, @graph, HTML) or Fact Check Tools API JSON",
    "datacommons": "DataCommons ClaimReview feed (JSON)",
    "factchecktools": "Google Fact Check Tools API responses (claims:search, pages; JSON, "
    "JSON Lines or a folder of pages)",
}
"""The format names [`read`][factcheck.formats.read] accepts, and what each reads."""


class Problem(NamedTuple):
    """A row that could not be converted: where it starts, and why."""

    line: int
    message: str


def format_module(name: str) -> ModuleType:
    """The module that reads format `name`.

    Raises:
        UsageError: `name` is not a known format.
    """
    from ..errors import UsageError

    if name not in FORMATS:
        raise UsageError(f"unknown format {name!r}; choose one of: {', '.join(FORMATS)}")
    return importlib.import_module(f"{__name__}.{name}")


def read(
    format: str,
    path: str | os.PathLike[str],
    *,
    today: date | None = None,
    label_map: str | os.PathLike[str] | LabelMap | None = None,
) -> RecordStream:
    """Stream the records of `path`, a file in `format` (one of `FORMATS`).

    Args:
        format: The format's name, e.g. `"fever"`.
        path: The file to read (or, for a format that reads folders, such as
            `factchecktools`, a folder of files).
        today: The date written in each record's `history` (the import date) and used by
            the date rules; today by default.
        label_map: The user's own label table: a `.json` or `.csv` file, or a
            `LabelMap` already read
            (see `read_label_map`). Its labels are looked
            up before the library's tables.

    Returns:
        A [`RecordStream`][factcheck.formats.RecordStream]: iterate it once for the records, then
        read its
        `problems` and `count`.

    Raises:
        UsageError: An unknown format, or a label map that cannot be used (every problem
            with its file, line and column).
        PathNotFoundError: `path` does not exist or is not a file.
    """
    from ..errors import PathNotFoundError
    from .label_map import LabelMap, read_label_map

    module = format_module(format)
    source = Path(path)
    if source.is_dir() and not getattr(module, "READS_FOLDERS", False):
        raise PathNotFoundError(f"{source}: is a folder; give the file to read")
    if not source.is_file() and not source.is_dir():
        if source.exists():
            raise PathNotFoundError(
                f"{source}: not a regular file (a FIFO, socket or device); give a file to read"
            )
        raise PathNotFoundError(f"{source}: no such file")
    labels = label_map
    if labels is not None and not isinstance(labels, LabelMap):
        labels = read_label_map(labels)
    return RecordStream(module, source, today or date.today(), labels)


class RecordStream:
    """The records of one file in another format, converted as they are read.

    Iterate it once. Rows that cannot be converted are collected in
    [`problems`][factcheck.formats.RecordStream.problems]; rows
    that repeat an earlier row's id or claim are problems too, since a dataset holds each once.
    Rows are told apart by their line and their place on it, so two rows of one line (a JSON
    array on one line) are never taken for one. Reviews of one claim by several publishers
    (records with one `claim.key` and different reviewers) are all kept.

    A review whose label maps to no rating is kept too, without a rating (*not
    normalized*): `not_normalized` counts them and `unmapped_labels` gives their
    labels, the most frequent first.
    """

    def __init__(
        self, module: ModuleType, path: Path, today: date, labels: LabelMap | None = None
    ) -> None:
        from ..model.models import Policy

        self.format: str = module.NAME
        self.path = path
        self.today = today
        self.info: dict[str, Any] = module.dataset_info(path, today=today)
        """The `dataset.json` the format module wrote for this file."""
        self.problems: list[Problem] = []
        """The rows not converted, in file order."""
        self.count = 0
        """How many records were converted so far."""
        self.topics: set[str] = set()
        """Every topic the converted records use."""
        self.not_normalized = 0
        """How many converted records have a label that maps to no rating."""
        self.label_map = labels
        """The user's label table, if any."""
        self._unmapped: Counter[str] = Counter()
        self._unmapped_other = 0
        self._module = module
        self._policy = Policy.model_validate(self.info.get("policy", {}))
        # Where each id and claim was first seen, as (line, item): several rows can share a
        # line (a JSON array on one line, the reviews of one feed element), so a line alone
        # does not tell two rows apart.
        self._ids: dict[str, tuple[int, int]] = {}
        self._claims: dict[bytes, tuple[int, int]] = {}
        self._crowded: set[int] = set()
        self._line, self._item = 0, 0
        self.on_row: Callable[[int], None] | None = None
        """Called with each row's line number as it is read (for a progress bar)."""

    def __iter__(self) -> Iterator[Any]:
        for _line, _text, record in self.converted():
            yield record

    def converted(self, *, jobs: int | None = None) -> Iterator[tuple[int, str, Any]]:
        """Each converted row as (line, canonical JSON text of the record, typed record).

        Args:
            jobs: Processes that check the converted rows (see `checked`).
        """
        from ..model.records import RECORD_DECODER

        for line, _id, text, _compact in self.checked(jobs=jobs):
            yield line, text, RECORD_DECODER.decode(text)

    def checked(self, *, jobs: int | None = None) -> Iterator[tuple[int, str, str, bytes]]:
        """Each converted row as (line, the record's id, its canonical JSON text, the
        record as one compact line, as a release's `records.jsonl` holds it).

        Rows are read in this process; with several `jobs`, other processes check the
        converted records (canonical form, schema, record rules) in batches, and the rows
        are taken in file order, so the records, problems and counts are the same for
        every number.

        Args:
            jobs: Processes that check the rows: `None` for every core for a source of
                `PARALLEL_SOURCE_BYTES` or more, `1` for this process alone.
        """
        from ..validation.shards import check_jobs, fork_map, workers

        check_jobs(jobs)
        extra = {} if self.label_map is None else {"labels": self.label_map}
        rows = self._module.rows(self.path, today=self.today, **extra)
        size = self.path.stat().st_size if self.path.is_file() else 0
        count = workers(jobs, size, enough=PARALLEL_SOURCE_BYTES)
        share = (self.today, self._policy)
        if count > 1:
            _prepare_checks()
        sent: deque[list[tuple[int, Any]]] = deque()  # the batches out, in order
        for results in fork_map(_check_rows, self._batches(rows, count, sent), count, share):
            for (line, item), done in zip(sent.popleft(), results, strict=True):
                if line == self._line:
                    self._item += 1
                    self._crowded.add(line)
                else:
                    self._line, self._item = line, 1
                if isinstance(item, str):
                    self.problems.append(Problem(line, item))
                    continue
                if isinstance(done, str):
                    self._problem(line, done)
                    continue
                text, claim_key, compact = done
                if not self._unseen(line, item, claim_key):
                    continue
                self.count += 1
                self.topics.update(item.get("topics", ()))
                if "rating" not in item["verdict"]:
                    self._count_unmapped(item["verdict"]["label"])
                yield line, item["id"], text, compact

    def _batches(
        self, rows: Iterator[tuple[int, Any]], count: int, sent: deque[list[tuple[int, Any]]]
    ) -> Iterator[list[Any]]:
        """The rows in batches for the workers (one row at a time for this process), each
        also kept in `sent` until its results are taken."""
        size = 1 if count == 1 else _BATCH_ROWS
        batch: list[tuple[int, Any]] = []
        for line, item in rows:
            if self.on_row is not None:
                self.on_row(line)
            batch.append((line, item))
            if len(batch) >= size:
                sent.append(batch)
                yield batch
                batch = []
        if batch:
            sent.append(batch)
            yield batch

    def _unseen(self, line: int, item: dict[str, Any], claim_key: bytes) -> bool:
        """Whether the row's id and claim are new; if not, note the row as a problem."""
        here = (line, self._item)
        earlier = self._ids.get(item["id"])
        if earlier is not None:
            self._problem(
                line,
                f"id {item['id']!r} repeats the row of {self._where(earlier)}; not imported, "
                "since a dataset holds each id once",
            )
            return False
        linked = "key" in item["claim"]
        earlier = self._claims.get(claim_key)
        if earlier is not None:
            self._problem(
                line,
                f"the claim repeats the row of {self._where(earlier)}"
                + (", by the same reviewer" if linked else "")
                + "; not imported, since a dataset holds a claim once"
                + (" per reviewer" if linked else ""),
            )
            return False
        self._ids[item["id"]] = self._claims[claim_key] = here
        return True

    def unmapped_labels(self, limit: int | None = None) -> list[tuple[str, int]]:
        """The labels of the records not normalized, with how many records have each, the
        most frequent first (ties in file order). Past 10,000 distinct labels the rest are
        counted together as `"(other labels)"`, last."""
        ranked = self._unmapped.most_common(limit)
        if self._unmapped_other and (limit is None or len(ranked) < limit):
            ranked.append((_OTHER_LABELS, self._unmapped_other))
        return ranked

    def _count_unmapped(self, label: str) -> None:
        self.not_normalized += 1
        if label in self._unmapped or len(self._unmapped) < _MAX_UNMAPPED:
            self._unmapped[label] += 1
        else:
            self._unmapped_other += 1  # a bounded tally, however many sentence-labels

    def _where(self, position: tuple[int, int]) -> str:
        """`line 3`, or `line 3, item 2` when several rows start on line 3."""
        line, item = position
        return f"line {line}, item {item}" if line in self._crowded else f"line {line}"

    def _problem(self, line: int, message: str) -> None:
        """Note a converted row that is not valid; after the first row of a line, say which
        row of the line it is."""
        if self._item > 1 and line == self._line:
            message = f"item {self._item} of the line: {message}"
        self.problems.append(Problem(line, message))


_MAX_UNMAPPED = 10_000
_OTHER_LABELS = "(other labels)"

PARALLEL_SOURCE_BYTES = 1 << 20
"""With the default number of jobs, the rows of a source of at least this many bytes (a few
thousand rows) are checked by several processes: a row takes about a third of a millisecond
to check, starting the processes a few hundredths of a second."""
_BATCH_ROWS = 200
"""Rows sent to a worker at once."""


def _check_rows(batch: list[tuple[int, Any]], share: tuple[date, Any]) -> list[Any]:
    """Check a batch of converted rows (in a worker, or in this process): the result of
    each row (`None` for a row the format could not convert), see `_check_row`."""
    today, policy = share
    return [None if isinstance(item, str) else _check_row(item, today, policy) for _, item in batch]


def _prepare_checks() -> None:
    """Import and compile what checking a row needs, once, before the workers are forked
    (each would otherwise do it again)."""
    from ..validation.fast_path import _record_decoder
    from ..validation.rules import rules_for
    from ..validation.structure import check_structure  # noqa: F401

    _record_decoder()
    rules_for("record")


def _check_row(item: dict[str, Any], today: date, policy: Any) -> tuple[str, bytes, bytes] | str:
    """A converted row's canonical text, the digest of its claim as compared for repeats,
    and its compact line; or why it is not a valid record."""
    import msgspec

    from ..model.models import Record
    from ..model.records import RECORD_DECODER
    from ..validation.fast_path import screen_record
    from ..validation.findings import Severity
    from ..validation.formatting import canonical_text
    from ..validation.rules import RecordContext, normalize_claim, rules_for
    from ..validation.structure import check_structure

    text = canonical_text(item, Record)
    checked: Any = screen_record(text.encode())
    if checked is None:
        checked, issues = check_structure(Record, item)
        if checked is None:
            described = "; ".join(
                f"{'/'.join(map(str, i.pointer)) or 'record'}: {i.message} ({i.code})"
                for i in issues[:3]
            )
            more = f" (and {len(issues) - 3} more)" if len(issues) > 3 else ""
            return f"the converted record is not valid: {described}{more}"
    context = RecordContext(None, today, policy)
    for rule in rules_for("record"):
        if rule.severity is not Severity.ERROR or rule.check is None:
            continue
        for violation in rule.check(checked, context):
            return f"{violation.message} ({rule.code} {rule.name})"
    compared = normalize_claim(item["claim"]["text"])
    if "key" in item["claim"]:  # reviews of one claim by several publishers are linked
        compared += "\x00" + item["verdict"]["reviewer"].casefold()
    key = hashlib.blake2b(compared.encode(), digest_size=12).digest()
    return text, key, msgspec.json.encode(RECORD_DECODER.decode(text))


__all__ = ["FORMATS", "Problem", "RecordStream", "format_module", "read"]
