"""Checking record files as shards: the unit of work of one process, of every core, or of a
cluster.

A *shard* is one record file (a `.json` record or a `.jsonl` file of records) with what
checking it needs to know (`Shard`). `check_shard` reads it in pieces of a few megabytes,
runs the reading, structure and record layers on every record, and keeps, for the rules
across records, only fixed-size keys (`DatasetKeys`): its `ShardResult` is small however
large the file. `factcheck.validation.checker.merge` then runs the cross-record rules once
over the keys of every shard of a dataset and makes the report, which is the same whichever
process or machine checked which shard, and in whatever order they finished.

`run_shards` checks the shards of a plan on the cores of this machine (a large JSON Lines
file is cut into pieces at line ends, so a single file uses every core too); a cluster runs
`check_shard` itself (see the page on scale in the documentation).
"""

from __future__ import annotations

import itertools
import os
import time
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import open_regular_file
from .findings import CappedFindings
from .reading import (
    Document,
    Problem,
    ReadResult,
    needs_decoding_check,
    read_json_bytes,
    read_jsonl_bytes,
    read_jsonl_line,
)
from .rules import DatasetKeys, RecordContext, rules_for
from .rules.dataset import undeclared_topic
from .rules.record import quiet_rules

if TYPE_CHECKING:
    from .structure import Salvaged

PIECE_BYTES = 4 << 20
"""How much of a JSON Lines file is read (and, on several cores, sent to a worker) at once."""
PARALLEL_BYTES = 8 << 20
"""With the default number of jobs, record files are checked by several processes only when
they hold at least this many bytes in all: below it, starting processes costs more than it
saves."""
_BATCH_BYTES = 1 << 20
"""Small record files are sent to the workers in batches of about this many bytes."""


@dataclass(frozen=True)
class Shard:
    """One record file to check, with everything checking it needs (so it can be sent to
    another process or machine).

    Attributes:
        path: The `.json` record file or `.jsonl` file of records.
        shown: The path as findings name it (relative to where the check was started).
        within: The folder the file must lie in (a link out of it is refused), or `None`.
        today: The date that counts as today.
        policy: The dataset's editorial policy, as JSON data (`dataset.json`'s `policy`).
        topics: The topics the dataset declares (FC305), or `None` when it declares none.
        unit: Which dataset (or group of loose files) of a plan the shard belongs to.
        index: The shard's place in its plan: results are merged in this order.
        compare: Whether to keep the keys that compare records with a release (the dataset
            has one, or the file is a release's records).
    """

    path: Path
    shown: str
    within: Path | None
    today: date
    policy: dict[str, Any] = field(default_factory=dict)
    topics: tuple[str, ...] | None = None
    unit: int = 0
    index: int = 0
    compare: bool = False

    @property
    def jsonl(self) -> bool:
        """Whether the file holds one record per line (a `.jsonl` file)."""
        return self.path.suffix == ".jsonl"


@dataclass
class ShardResult:
    """What checking one shard found: the findings of the layers within a record, and the
    keys the rules across records need.

    Attributes:
        unit: The shard's `Shard.unit`.
        index: The shard's `Shard.index`.
        records: How many records the file holds.
        findings: The findings of reading, structure and the record rules, in file order.
        later: Findings of the dataset rules checked per record (FC305), reported after the
            rules across records.
        keys: The keys of each record that passed the structure check.
    """

    unit: int
    index: int
    records: int = 0
    findings: CappedFindings = field(default_factory=CappedFindings)
    later: CappedFindings = field(default_factory=CappedFindings)
    keys: DatasetKeys = field(default_factory=DatasetKeys)
    rules_not_run: int = 0
    """How many record rules could not run on records with structure errors (they read a
    refused field)."""
    records_not_fully_checked: int = 0
    """How many records with structure errors missed some record rules."""
    undecodable: Problem | None = None
    """The first invalid UTF-8 sequence, if the file has one: the file is then reported for it
    alone, as the strict reader would."""


def check_shard(shard: Shard) -> ShardResult:
    """Check one record file: every layer but the rules across records, whose keys it keeps.

    Reads a JSON Lines file in pieces of `PIECE_BYTES`, so memory stays bounded whatever the
    size of the file.

    Args:
        shard: The file and what checking it needs to know (see `plan`).

    Returns:
        The findings and the keys; `merge` makes a report of the results of every shard.
    """
    from .checker import JSONL_FILE_LIMIT, RECORD_FILE_LIMIT, read_or_report

    result = ShardResult(shard.unit, shard.index)
    checker = _PieceChecker(shard, result)
    if not shard.jsonl:
        raw = read_or_report(
            shard.path, shard.shown, result.findings, within=shard.within, limit=RECORD_FILE_LIMIT
        )
        if raw is not None:
            checker.whole_json(raw)
        return result
    fd = _open(shard, result, JSONL_FILE_LIMIT)
    if fd is None:
        return result
    try:
        line = 1
        for piece, start in _pieces(fd, checker):
            line = checker.lines(piece, start, line)
            if result.undecodable is not None:
                break
    except OSError as error:
        checker.read_error(error)
    finally:
        os.close(fd)
    return _settled(result, checker.head, shard.shown)


def _open(shard: Shard, result: ShardResult, limit: int) -> int | None:
    """The file opened with the refusals of `read_or_report`, or `None` after its finding."""
    from .checker import unreadable_finding

    try:
        return open_regular_file(shard.path, within=shard.within, limit=limit)
    except (OSError, RuntimeError, ValueError) as error:
        result.findings.append(unreadable_finding(error, shard.path, shard.shown))
        return None


def _pieces(fd: int, checker: _PieceChecker) -> Any:
    """The pieces of a JSON Lines file, each a run of whole lines: `(bytes, offset of its
    first byte)` (`_PieceChecker.lines` counts the lines). A file the strict reader must read
    whole (empty, or in another encoding) is handed to it here instead, and yields nothing."""
    carry = b""
    offset = 0
    first = True
    while True:
        block = os.read(fd, PIECE_BYTES)
        if first:
            first = False
            head = block[:4]
            if not block or (needs_decoding_check(head) and not head.startswith(b"\xef\xbb\xbf")):
                # Empty, UTF-16 or UTF-32: the strict reader says so from the first bytes.
                checker.exact_whole(block)
                return
            if block.startswith(b"\xef\xbb\xbf"):
                checker.head.append(
                    Problem(
                        "FC003",
                        "file starts with a byte-order mark (BOM)",
                        "save the file as UTF-8 without BOM",
                        1,
                        1,
                    )
                )
                block = block[3:]
                offset = 3
        if not block:
            if carry:
                yield carry, offset
            return
        data = carry + block if carry else block
        cut = data.rfind(b"\n") + 1
        if cut == 0:
            carry = data
            continue
        carry = data[cut:]
        yield (data if not carry else data[:cut]), offset
        offset += cut


def _settled(result: ShardResult, head: list[Problem], shown: str) -> ShardResult:
    """The result, with the byte-order mark reported first; a file with invalid UTF-8 is
    reported for its encoding alone, as the strict reader reports it."""
    from .checker import problem_finding

    if result.undecodable is not None:
        fresh = ShardResult(result.unit, result.index, undecodable=result.undecodable)
        fresh.findings.extend(problem_finding(p, shown) for p in [*head, result.undecodable])
        return fresh
    if head:
        findings = CappedFindings()
        findings.extend(problem_finding(p, shown) for p in head)
        findings.extend(result.findings)
        result.findings = findings
    return result


@cache
def _record_rules() -> list[Any]:
    return rules_for("record")


@cache
def _unsettled(quiet: frozenset[str]) -> tuple[Any, ...]:
    """The record rules to run on a record of which `quiet_rules` proved `quiet`."""
    return tuple(rule for rule in _record_rules() if rule.code not in quiet)


@cache
def _policy(data: bytes) -> Any:
    import msgspec

    from .fast_path import default_policy

    return msgspec.json.decode(data, type=type(default_policy()))


def policy_data(policy: Any) -> dict[str, Any]:
    """A dataset's policy (from either decoder) as JSON data, to send with a `Shard`."""
    import msgspec

    if hasattr(policy, "model_dump"):
        return policy.model_dump(mode="json")
    return msgspec.to_builtins(policy)


class _PieceChecker:
    """Checks the records of one shard, piece by piece, into its result."""

    def __init__(self, shard: Shard, result: ShardResult) -> None:
        self.shard = shard
        self.result = result
        self.shown = shard.shown
        stem = None if shard.jsonl else shard.path.stem
        import msgspec

        policy = _policy(msgspec.json.encode(shard.policy))
        self.context = RecordContext(stem, shard.today, policy)
        self.declared = frozenset(shard.topics) if shard.topics else None
        self.head: list[Problem] = []
        result.keys.compare = shard.compare
        result.keys.paths.append(shard.path)
        result.keys.shown.append(shard.shown)

    def read_error(self, error: OSError) -> None:
        from .checker import make_finding

        self.result.findings.append(
            make_finding("FC009", self.shown, f"cannot read the file: {error.strerror or error}")
        )

    def whole_json(self, raw: bytes) -> None:
        """A `.json` record file: the fast path, else the strict reader."""
        from .fast_path import screen_record

        if raw and not needs_decoding_check(raw):
            record = screen_record(raw)
            if record is not None:
                self.fast_record(record, raw, 0, len(raw), 0, 1)
                return
        self.exact(read_json_bytes(raw), 3 if raw.startswith(b"\xef\xbb\xbf") else 0)

    def exact_whole(self, raw: bytes) -> None:
        """A JSON Lines file the strict reader reads whole (empty, or not UTF-8 at all)."""
        self.exact(read_jsonl_bytes(raw), 0)

    def fast_record(
        self, record: Any, raw: bytes, start: int, end: int, offset: int, line: int
    ) -> None:
        """A record the fast path accepted: run the record rules, keep its keys."""
        result = self.result
        result.records += 1
        document: Document | None = None
        for rule in _unsettled(quiet_rules(record, self.context)):
            for violation in rule.check(record, self.context):  # type: ignore[misc]
                from .checker import _finding  # (imported here, once a record has a finding)

                if document is None:
                    document = Document(None, raw[start:end].decode("utf-8"), line)
                result.findings.append(
                    _finding(rule.code, violation, document, self.shown, record.id)
                )
        if self.declared is not None and not self.declared.issuperset(record.topics):
            from .checker import _finding

            for violation in undeclared_topic(record.topics, self.declared):
                if document is None:
                    document = Document(None, raw[start:end].decode("utf-8"), line)
                result.later.append(_finding("FC305", violation, document, self.shown, record.id))
        result.keys.add(record, 0, offset + start, line)

    def exact(self, read: ReadResult, offset: int, starts: list[int] | None = None) -> None:
        """Records read by the strict reader: every problem, with positions. `starts` are the
        byte offsets of its documents in the file (else `offset`)."""
        from ..model.models import Record
        from .checker import _finding, _structure_finding, problem_finding
        from .structure import check_record

        shown = self.shown
        result = self.result
        result.findings.extend(problem_finding(p, shown) for p in read.problems)
        for number, document in enumerate(read.documents):
            result.records += 1
            data = document.data
            record_id = data.get("id") if isinstance(data, dict) else None
            record_id = record_id if isinstance(record_id, str) else None
            record, issues, partial = check_record(Record, data)
            for issue in issues:
                result.findings.append(_structure_finding(issue, document, shown, record_id))
            if record is None:
                self._refused(partial, document, record_id)
                continue
            for rule in _record_rules():
                for violation in rule.check(record, self.context):  # type: ignore[misc]
                    result.findings.append(
                        _finding(rule.code, violation, document, shown, record.id)
                    )
            if self.declared is not None:
                for violation in undeclared_topic(record.topics, self.declared):
                    result.later.append(_finding("FC305", violation, document, shown, record.id))
            start = starts[number] if starts is not None else offset
            result.keys.add(record, 0, start, document.first_line)

    def _refused(self, partial: Salvaged | None, document: Document, record_id: str | None) -> None:
        """A record with structure errors: the record rules that read none of the refused
        fields still run on the rest; the others are counted, for the summary to say so."""
        from .checker import _finding

        result = self.result
        rules = _record_rules()
        runnable = (
            [] if partial is None else [r for r in rules if not r.reads_any(partial.replaced)]
        )
        for rule in runnable:
            for violation in rule.check(partial.record, self.context):  # type: ignore[union-attr]
                result.findings.append(
                    _finding(rule.code, violation, document, self.shown, record_id)
                )
        if len(runnable) < len(rules):
            result.rules_not_run += len(rules) - len(runnable)
            result.records_not_fully_checked += 1

    def lines(self, raw: bytes, offset: int, number: int) -> int:
        """Check the lines of the piece `raw`, which starts at byte `offset` of the file
        on line `number`: each by the fast path if it can, else by the strict reader.
        Returns the number of the line after the piece."""
        from .fast_path import screen_record

        start, stop = 0, len(raw)
        while start < stop:
            newline = raw.find(b"\n", start, stop)
            if newline < 0:
                newline = stop
            end = newline - 1 if newline > start and raw[newline - 1] == 0x0D else newline
            record = screen_record(raw[start:end]) if end > start else None
            if record is not None:
                self.fast_record(record, raw, start, end, offset, number)
            else:
                try:
                    text = raw[start:newline].decode("utf-8")
                except UnicodeDecodeError as error:
                    self.result.undecodable = _utf8_problem(raw[start:newline], error, number)
                    return number
                read = ReadResult()
                read_jsonl_line(text, number, read)
                self.exact(read, offset + start)
            start = newline + 1
            number += 1
        return number


def _utf8_problem(line: bytes, error: UnicodeDecodeError, number: int) -> Problem:
    """FC004 for the first invalid UTF-8 sequence of `line` (line `number`), worded and
    placed as the strict reader words and places it for the whole file."""
    column = len(line[: error.start].decode("utf-8", "replace")) + 1
    bad = line[error.start : error.end].hex(" ")
    return Problem(
        "FC004",
        f"invalid UTF-8 byte sequence {bad}",
        "save the file as UTF-8; the text may have been written in another encoding",
        number,
        column,
    )


def combine(results: list[ShardResult]) -> ShardResult:
    """The results of consecutive pieces of one shard as the result of the whole shard."""
    first = results[0]
    for result in results[1:]:
        if first.undecodable is not None:
            break
        if result.undecodable is not None:
            # The file is reported for its encoding alone (after its byte-order mark).
            fresh = ShardResult(first.unit, first.index, undecodable=result.undecodable)
            fresh.findings.extend(f for f in first.findings if f.code == "FC003" and f.line == 1)
            fresh.findings.extend(result.findings)
            first = fresh
            break
        first.records += result.records
        first.rules_not_run += result.rules_not_run
        first.records_not_fully_checked += result.records_not_fully_checked
        first.findings.extend(result.findings)
        first.later.extend(result.later)
        first.keys.extend(result.keys, same_file=True)
    return first


# Running shards on the cores of this machine.

_SHARDS: list[Shard] = []


def workers(jobs: int | None, size: int, enough: int = PARALLEL_BYTES) -> int:
    """How many processes do `size` of work (bytes of record files, by default) with `jobs`
    requested (`None`: every usable core when there is `enough` work, see
    `PARALLEL_BYTES`).

    Processes are forked, so other jobs than 1 are used only where `fork` is safe (Linux),
    and not inside a daemonic process (a worker of a pool), which may not start its own.
    """
    import multiprocessing
    import sys

    if sys.platform != "linux" or multiprocessing.current_process().daemon:
        return 1
    if jobs is None:
        return len(os.sched_getaffinity(0)) if size >= enough else 1
    return max(1, jobs)


def check_jobs(jobs: object) -> None:
    """Refuse a number of jobs that is neither `None` (every core) nor a whole number of at
    least 1.

    Raises:
        UsageError: `jobs` is not `None` or a positive whole number.
    """
    from ..errors import UsageError

    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise UsageError(f"jobs must be a positive whole number, not {jobs!r}")


_SHARED: dict[int, Any] = {}
_SHARES = itertools.count()


def fork_map(function: Any, tasks: Any, count: int, share: Any = None) -> Any:
    """`function(task, share)` for each of `tasks`, in task order, computed by `count`
    forked processes (in this process when `count` is 1).

    `function` must be a module-level function (it is sent by name); `share` is handed to
    the workers by the fork itself, not sent, so a large object (the records of an index)
    costs nothing to share. `tasks` is read in this process, a few tasks ahead of the
    results (so a stream of tasks is never held whole, and an error raised while reading it
    is raised here); results come back one at a time, in order, for the caller to merge as
    they arrive.
    """
    if count <= 1:
        for task in tasks:
            yield function(task, share)
        return
    import multiprocessing
    from collections import deque

    key = next(_SHARES)
    _SHARED[key] = share
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            pending: deque[Any] = deque()
            for task in tasks:
                pending.append(pool.apply_async(_call, ((key, function, task),)))
                if len(pending) >= 4 * count:
                    yield pending.popleft().get()
            while pending:
                yield pending.popleft().get()
    finally:
        del _SHARED[key]


def _call(task: tuple[int, Any, Any]) -> Any:
    """In a worker of `fork_map`: one task, with what the caller shared."""
    key, function, item = task
    return function(item, _SHARED[key])


def run_shards(shards: list[Shard], jobs: int | None = None) -> list[ShardResult]:
    """Check `shards` with `jobs` processes (see `workers`); the results in shard order.

    Large JSON Lines files are cut into pieces at line ends, checked by different processes
    and combined again, so the results do not depend on how many processes there are.
    """
    sizes = [_size(shard.path) for shard in shards]
    count = workers(jobs, sum(sizes))
    if count == 1 or not shards:
        return [check_shard(shard) for shard in shards]
    import multiprocessing

    from .fast_path import _record_decoder

    # Compiled once here, before the fork, rather than once in every worker.
    _record_decoder()
    _record_rules()
    context = multiprocessing.get_context("fork")
    tasks, pieces = _tasks(shards, sizes)
    _SHARDS[:] = shards
    # Each piece's number of lines, written by the worker that reads it (0: not yet), from
    # which a worker works out the line its own piece starts on: the file is never read
    # through here first just to count its lines.
    _LINES[:] = [context.RawArray("q", max(1, pieces))]
    results: dict[int, ShardResult] = {}
    try:
        with context.Pool(count) as pool:
            # Pieces come back in order: each is added to its shard's result at once, so
            # the keys are held once.
            for done in pool.imap(_run_task, tasks):
                for result in done:
                    if result.index in results:
                        results[result.index] = combine([results[result.index], result])
                    else:
                        results[result.index] = result
    finally:
        _SHARDS.clear()
        _LINES.clear()
    return [results[shard.index] for shard in shards]


_LINES: list[Any] = []

_Task = list[tuple[int, int, int, int, int]]
"""Work for a worker: `(shard position, start, stop, first piece, piece)` for each piece of a
JSON Lines file, `(shard position, -1, -1, -1, -1)` for a whole file."""


def _size(path: Path) -> int:
    """The size of a file, 0 if it cannot be told (its check reports why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _tasks(shards: list[Shard], sizes: list[int]) -> tuple[list[_Task], int]:
    """The work for the pool (pieces of large JSON Lines files, batches of small files),
    and how many pieces there are in all; `sizes` are the files' sizes."""
    tasks: list[_Task] = []
    batch: _Task = []
    batched = pieces = 0
    for position, shard in enumerate(shards):
        cuts = _cuts(shard) if shard.jsonl and sizes[position] > PIECE_BYTES else None
        if cuts is None or len(cuts) <= 2:
            batch.append((position, -1, -1, -1, -1))
            batched += sizes[position]
            if batched >= _BATCH_BYTES:
                tasks.append(batch)
                batch, batched = [], 0
            continue
        if batch:
            tasks.append(batch)
            batch, batched = [], 0
        first = pieces
        for start, stop in itertools.pairwise(cuts):
            tasks.append([(position, start, stop, first, pieces)])
            pieces += 1
    if batch:
        tasks.append(batch)
    return tasks, pieces


_CUT_WINDOW = 1 << 16
"""How much is read at a time, from a piece's nominal start, to find the line end it
starts after."""


def _cuts(shard: Shard) -> list[int] | None:
    """Where to cut a JSON Lines file into pieces of about `PIECE_BYTES`, each a run of
    whole lines: the offset of each piece's start, then the end. `None` when one process
    reads the file whole (it is small, cannot be opened here, or does not start as plain
    UTF-8: the worker then reports it). Only a little around each cut is read."""
    from .checker import JSONL_FILE_LIMIT

    try:
        fd = open_regular_file(shard.path, within=shard.within, limit=JSONL_FILE_LIMIT)
    except (OSError, RuntimeError, ValueError):
        return None
    try:
        size = os.fstat(fd).st_size
        if size <= PIECE_BYTES or needs_decoding_check(os.pread(fd, 4, 0)):
            return None
        cuts = [0]
        for nominal in range(PIECE_BYTES, size, PIECE_BYTES):
            if nominal <= cuts[-1]:
                continue  # the previous cut lies past this one: a very long line
            cut = _line_start(fd, nominal, size)
            if cut >= size:
                break
            cuts.append(cut)
        cuts.append(size)
        return cuts
    except OSError:
        return None
    finally:
        os.close(fd)


def _line_start(fd: int, offset: int, size: int) -> int:
    """The offset just after the first line end at or after `offset - 1` (so a line that
    starts at `offset` starts the piece), or `size` when there is none."""
    at = offset - 1
    while at < size:
        block = os.pread(fd, _CUT_WINDOW, at)
        if not block:
            break
        found = block.find(b"\n")
        if found >= 0:
            return at + found + 1
        at += len(block)
    return size


def _run_task(task: _Task) -> list[ShardResult]:
    """Run in a worker: check whole shards, or one piece of a JSON Lines file."""
    results = []
    for position, start, stop, first, piece in task:
        shard = _SHARDS[position]
        if start < 0:
            results.append(check_shard(shard))
        else:
            results.append(_check_piece(shard, start, stop, first, piece))
    return results


def _check_piece(shard: Shard, start: int, stop: int, first: int, piece: int) -> ShardResult:
    """Check the lines of `shard` from byte `start` to `stop`: piece number `piece` of the
    pieces `first`, `first + 1`, ... of the file."""
    from .checker import JSONL_FILE_LIMIT, problem_finding

    result = ShardResult(shard.unit, shard.index)
    checker = _PieceChecker(shard, result)
    lines = _LINES[0]
    data = b""
    fd = _open(shard, result, JSONL_FILE_LIMIT)
    try:
        if fd is not None:
            data = os.pread(fd, stop - start, start)
    except OSError as error:
        checker.read_error(error)
    finally:
        # Say how many lines this piece holds at once (plus one: 0 is "not yet"), then wait
        # for the earlier pieces' counts: whoever took them is counting them, since pieces
        # are handed out in order and each is counted before anything else is done with it.
        lines[piece] = data.count(b"\n") + 1
        if fd is not None:
            os.close(fd)
    if fd is None or not data:
        return result
    line = 1
    for earlier in range(first, piece):
        while lines[earlier] == 0:
            time.sleep(0.0002)
        line += lines[earlier] - 1
    checker.lines(data, start, line)
    if result.undecodable is not None:
        fresh = ShardResult(result.unit, result.index, undecodable=result.undecodable)
        fresh.findings.append(problem_finding(result.undecodable, shard.shown))
        return fresh
    return result
