"""A user's own label table (`factcheck import --label-map FILE`), checked with positions.

The library's tables (`factcheck.formats.labels`) hold the published scales of the
fact-checkers factcheck knows. A user importing other publishers' markup can add a table of
their own without editing the library: a JSON or CSV file mapping each label to a rating of
the normalized scale, for every publisher or for one publisher only. Its labels pass through
the same normaliser as the library's (`factcheck.formats.labels.label_key`), so
`"FALSO"`, `"Falso."` and `"falso"` are one label, and the file is looked up before the
library's tables: the user's mapping decides for the labels it lists.

JSON (`.json`):

    {
      "labels": {"Engañoso": "misleading", "Chiste": "false"},
      "publishers": {
        "maldita.es": {"Bulo": "false"},
        "Newtral": {"Engañoso": "mostly-false"}
      }
    }

Both keys are optional; nothing else may be there. A publisher is named as a review names
it: its `author` or `publisher` name (compared as labels are), or the host of its URLs
(`maldita.es` matches `https://maldita.es/…` and its subdomains).

CSV (`.csv`, UTF-8, a header row `label,rating` or `label,rating,publisher`):

    label,rating,publisher
    Engañoso,misleading,
    Bulo,false,maldita.es

An empty `publisher` cell is a label for every publisher.

Every problem of the file is reported at once, each with `file:line:column`, what is wrong
and how to fix it (`LabelMapError`, a usage error: exit 2).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model.ratings import Rating
from .labels import Vocabulary, label_key

_RATINGS = {rating.value: rating for rating in Rating}
_CSV_COLUMNS = ("label", "rating", "publisher")
_MAX_BYTES = 16 << 20
"""The largest label map read: a table of labels is small; a bigger file is a mistake."""


class LabelMapError(UsageError):
    """A label map file that cannot be used: every problem, one per line, with its place."""


@dataclass(frozen=True)
class LabelMap:
    """A user's label table: labels for every publisher, and per publisher.

    Attributes:
        source: The file it was read from.
        general: The labels that hold for every publisher (`None` when there are none).
        publishers: One table per publisher named in the file.
    """

    source: str
    general: Vocabulary | None
    publishers: tuple[Vocabulary, ...] = ()

    def tables_for(
        self, names: Iterable[str] = (), urls: Iterable[str] = ()
    ) -> tuple[Vocabulary, ...]:
        """The tables that apply to a review by `names` at `urls`: the publisher's, then
        the general one, in the order a label is looked up."""
        from .labels import _on_host, _place

        wanted = {label_key(name) for name in names if name}
        places = [_place(url) for url in urls if url]
        found = [
            table
            for table in self.publishers
            if wanted & {label_key(author) for author in table.authors}
            or any(_on_host(place, host) for place in places for host in table.hosts)
        ]
        return (*found, *((self.general,) if self.general is not None else ()))

    def lookup(
        self, label: str, names: Sequence[str] = (), urls: Sequence[str] = ()
    ) -> Rating | None:
        """The rating this map gives `label` for a review by `names` at `urls`, if any."""
        for table in self.tables_for(names, urls):
            found = table.lookup(label)
            if isinstance(found, Rating):
                return found
        return None


def read_label_map(path: str | os.PathLike[str]) -> LabelMap:
    """Read and check the label map at `path` (`.json` or `.csv`).

    Raises:
        LabelMapError: The file is missing, not UTF-8, not valid JSON or CSV, or holds a
            label or rating that cannot be used; the message lists every problem as
            `file:line:column: what; how to fix`.
    """
    source = Path(path)
    shown = str(source)
    if not source.is_file():
        raise LabelMapError(f"{shown}: no such file (--label-map takes a .json or .csv file)")
    if source.stat().st_size > _MAX_BYTES:
        raise LabelMapError(
            f"{shown}: larger than {_MAX_BYTES >> 20} MB; a label map is a small table"
        )
    raw = source.read_bytes()
    suffix = source.suffix.lower()
    if suffix == ".json":
        entries, problems = _json_entries(raw, shown)
    elif suffix == ".csv":
        entries, problems = _csv_entries(raw, shown)
    else:
        raise LabelMapError(
            f"{shown}: a label map is a .json or .csv file (see the importing guide), "
            f"not {suffix or 'a file without suffix'}"
        )
    label_map = _build(entries, problems, shown)
    if problems:
        raise LabelMapError("\n".join(problems))
    return label_map


@dataclass(frozen=True)
class _Entry:
    label: str
    rating: Rating
    publisher: str
    where: str


def _json_entries(raw: bytes, shown: str) -> tuple[list[_Entry], list[str]]:
    from ..validation.reading import read_json_bytes

    read = read_json_bytes(raw)
    problems = [f"{shown}:{p.line}:{p.column}: {p.message}; {p.hint}" for p in read.problems]
    if problems or not read.documents:
        return [], problems
    document = read.documents[0]
    data = document.data

    def at(pointer: tuple[Any, ...], *, key: bool = False) -> str:
        line, column = document.position(pointer, key=key)
        return f"{shown}:{line}:{column}"

    if not isinstance(data, dict):
        problems.append(
            f'{at(())}: a label map is a JSON object with "labels" and/or "publishers"; '
            'write e.g. {"labels": {"Engañoso": "misleading"}}'
        )
        return [], problems
    entries: list[_Entry] = []
    for name in data:
        if name not in ("labels", "publishers"):
            problems.append(
                f"{at((name,), key=True)}: unknown key {name!r}; a label map has only "
                '"labels" (label → rating) and "publishers" (publisher → labels)'
            )

    def table(value: Any, pointer: tuple[Any, ...], publisher: str) -> None:
        if not isinstance(value, dict):
            problems.append(
                f"{at(pointer)}: expected an object of label → rating, "
                'e.g. {"Engañoso": "misleading"}'
            )
            return
        for label, rating in value.items():
            where = at((*pointer, label), key=True)
            checked = _rating(rating, at((*pointer, label)))
            if not isinstance(checked, Rating):
                problems.append(checked)
            elif _label_problem(label, where, problems):
                entries.append(_Entry(label, checked, publisher, where))

    if "labels" in data:
        table(data["labels"], ("labels",), "")
    publishers = data.get("publishers", {})
    if not isinstance(publishers, dict):
        problems.append(
            f"{at(('publishers',))}: expected an object of publisher → labels, "
            'e.g. {"maldita.es": {"Bulo": "false"}}'
        )
        publishers = {}
    for publisher, labels in publishers.items():
        if not publisher.strip():
            problems.append(
                f"{at(('publishers', publisher), key=True)}: a publisher is named by its "
                "name or its site (maldita.es), not an empty string"
            )
            continue
        table(labels, ("publishers", publisher), publisher.strip())
    return entries, problems


def _csv_entries(raw: bytes, shown: str) -> tuple[list[_Entry], list[str]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return [], [f"{shown}:{line}:{column}: not UTF-8; save the file as UTF-8"]
    problems: list[str] = []
    entries: list[_Entry] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    line = 1
    while True:
        start = line
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(f"{shown}:{reader.line_num}:1: not valid CSV: {error}")
            break
        line = reader.line_num + 1
        if not any(field.strip() for field in fields):
            continue
        columns = _columns(text, start, fields)
        if header is None:
            header = [field.strip().lower() for field in fields]
            if header not in (list(_CSV_COLUMNS[:2]), list(_CSV_COLUMNS)):
                problems.append(
                    f"{shown}:{start}:1: the header row must be label,rating or "
                    f"label,rating,publisher, not {','.join(fields)!r}"
                )
                return [], problems
            continue
        if len(fields) != len(header):
            problems.append(
                f"{shown}:{start}:1: expected {len(header)} columns ({','.join(header)}), "
                f"found {len(fields)}; quote a cell that holds a comma"
            )
            continue
        label, rating = fields[0], fields[1]
        publisher = fields[2].strip() if len(fields) > 2 else ""
        checked = _rating(rating.strip(), f"{shown}:{start}:{columns[1]}")
        if not isinstance(checked, Rating):
            problems.append(checked)
            continue
        where = f"{shown}:{start}:{columns[0]}"
        if _label_problem(label, where, problems):
            entries.append(_Entry(label, checked, publisher, where))
    if header is None:
        problems.append(f"{shown}:1:1: the file is empty; write a header row label,rating")
    return entries, problems


def _columns(text: str, line: int, fields: list[str]) -> list[int]:
    """The column where each field of the record on `line` starts (1-based), counted on the
    line's own text; a quoted field starts at its quote."""
    lines = text.splitlines()
    row = lines[line - 1] if line - 1 < len(lines) else ""
    columns, quoted = [1], False
    for position, char in enumerate(row, start=1):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            columns.append(position + 1)
    return (columns + [1] * len(fields))[: max(len(fields), 1)]


def _rating(value: Any, where: str) -> Rating | str:
    """`value` as a rating, or the problem to report (a `Rating` is a `str` too: tell
    them apart with `isinstance(found, Rating)`)."""
    if isinstance(value, str) and value in _RATINGS:
        return _RATINGS[value]
    scale = ", ".join(_RATINGS)
    return f"{where}: {value!r} is not a rating of the normalized scale; use one of: {scale}"


def _label_problem(label: str, where: str, problems: list[str]) -> bool:
    """Whether `label` can be a table key; if not, note why."""
    if not label_key(label):
        problems.append(
            f"{where}: label {label!r} has no letter or digit, so it matches nothing; "
            "write the label as the publisher writes it"
        )
        return False
    return True


def _build(entries: list[_Entry], problems: list[str], shown: str) -> LabelMap:
    """The tables of `entries`; two entries for one normalized label are a problem."""
    by_publisher: dict[str, dict[str, _Entry]] = {}
    for entry in entries:
        table = by_publisher.setdefault(entry.publisher, {})
        key = label_key(entry.label)
        earlier = table.get(key)
        if earlier is not None and earlier.rating != entry.rating:
            problems.append(
                f"{entry.where}: label {entry.label!r} is also at {earlier.where} as "
                f"{earlier.label!r} (the same label once normalized) with another rating "
                f"({earlier.rating.value}, here {entry.rating.value}); keep one"
            )
            continue
        table.setdefault(key, entry)

    def vocabulary(publisher: str, table: dict[str, _Entry]) -> Vocabulary:
        labels: dict[str, Rating | str] = {e.label: e.rating for e in table.values()}
        if not publisher:
            return Vocabulary("label-map", f"the label map {shown}", shown, labels)
        host = publisher.lower().removeprefix("www.")
        return Vocabulary(
            f"label-map:{publisher}",
            f"{publisher}, in the label map {shown}",
            shown,
            labels,
            publisher=publisher,
            authors=(publisher,),
            hosts=(host,) if "." in host and " " not in host else (),
        )

    general = by_publisher.pop("", None)
    return LabelMap(
        shown,
        vocabulary("", general) if general else None,
        tuple(vocabulary(name, table) for name, table in by_publisher.items()),
    )


__all__ = ["LabelMap", "LabelMapError", "read_label_map"]
