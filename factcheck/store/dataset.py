"""A loaded dataset: typed records with their metadata, filters, converters and exports."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, SupportsIndex, overload

from ..errors import UsageError
from ..model.ratings import Rating
from ..model.records import DatasetInfo, Record

if TYPE_CHECKING:
    import pandas
    import pyarrow

    import datasets

    from ..model.manifest import Manifest

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "claimreview")
"""The formats [`Dataset.export`][factcheck.Dataset.export] writes."""

PARTITION_KEYS = ("claim_year",)
"""What a Parquet export can be partitioned by ([`Dataset.export`][factcheck.Dataset.export]'s
`partition_by`)."""


@dataclass(frozen=True)
class RecordsFile:
    """Where a loaded release's records came from: its `records.jsonl` as the manifest lists
    it. `Dataset.to_arrow` reads the file again rather than encoding every record, when it
    still has this size and checksum."""

    path: Path
    bytes: int
    sha256: str


class Dataset(Sequence[Record]):
    """A sequence of typed [`Record`][factcheck.Record] objects and their metadata.

    Index it by position (`ds[0]`) or by record id (`ds["us-withdrawing-from-iraq"]`);
    `"some-id" in ds` tests for an id. Records keep the order they were loaded in (by id).

    Attributes:
        name: The dataset's name (`"iraq-2020"`), or the folder or file name for
            [`load_path`][factcheck.load_path].
        version: The release (`"1.0.0"`), `"dev"` for a working copy, or `None` for
            records read from an arbitrary path.
        info: The dataset's metadata (its `dataset.json`), when it has one.
        manifest: The release manifest (checksums, date, changes), for a release.
    """

    def __init__(
        self,
        records: Iterable[Record],
        *,
        name: str,
        version: str | None = None,
        info: DatasetInfo | None = None,
        manifest: Manifest | None = None,
    ) -> None:
        self._records = _records(records)
        _check(name, str, "name", "a str")
        _check(version, str | None, "version", "a str or None")
        self._index: dict[str, int] | None = None
        self._claims: dict[str, list[int]] | None = None
        # Set by the loader for a whole release (not for slices or filters of it).
        self._records_file: RecordsFile | None = None
        self.name = name
        self.version = version
        self.info = info
        self.manifest = manifest

    def __repr__(self) -> str:
        return f"<Dataset {self.name!r} version={self.version!r}: {len(self)} records>"

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[Record]:
        return iter(self._records)

    @overload
    def __getitem__(self, key: int | str) -> Record: ...

    @overload
    def __getitem__(self, key: slice) -> Dataset: ...

    def __getitem__(self, key: int | str | slice) -> Record | Dataset:
        if isinstance(key, bool) or not isinstance(key, str | slice | SupportsIndex):
            raise TypeError(
                f"a Dataset is indexed by a record id (str), a position (int) or a slice, "
                f"not {_kind(key)}"
            )
        if isinstance(key, str):
            position = self._ids().get(key)
            if position is None:
                raise KeyError(f"no record {key!r} in {self.name!r} ({len(self)} records)")
            return self._records[position]
        if isinstance(key, slice):
            return self._derive(self._records[key])
        return self._records[key]

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            return key in self._ids()
        return key in self._records

    def get(self, record_id: str, default: Record | None = None) -> Record | None:
        """The record with id `record_id`, or `default`.

        Raises:
            UsageError: `record_id` is not a str.
        """
        _check(record_id, str, "record_id", "a record id (str)")
        position = self._ids().get(record_id)
        return default if position is None else self._records[position]

    @property
    def ids(self) -> list[str]:
        """The record ids, in order."""
        return [record.id for record in self._records]

    def _ids(self) -> dict[str, int]:
        if self._index is None:
            self._index = {record.id: n for n, record in enumerate(self._records)}
        return self._index

    def _derive(self, records: Iterable[Record]) -> Dataset:
        return Dataset(
            records, name=self.name, version=self.version, info=self.info, manifest=self.manifest
        )

    # -- selecting ---------------------------------------------------------------------------

    def filter(
        self,
        predicate: Callable[[Record], bool] | None = None,
        *,
        rating: str | Iterable[str] | None = None,
        topic: str | Iterable[str] | None = None,
        claimant: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        normalized: bool | None = None,
    ) -> Dataset:
        """The records that match every condition given, as a new dataset.

        Args:
            predicate: Any function of a record returning true to keep it.
            rating: A rating (`"false"`) or several; keeps records rated any of them
                (a verdict that is not normalized has no rating, so it is never kept).
            topic: A topic slug or several; keeps records having any of them.
            claimant: Keeps records whose claimant's name contains this text (any case).
            since: Keeps claims made on or after this date (a `date` or `"YYYY-MM-DD"`).
            until: Keeps claims made on or before this date. Records without a claim date
                are left out when `since` or `until` is given.
            normalized: `True` keeps the verdicts that have a rating; `False` those
                whose label maps to no rating (not normalized, kept with their label).

        Raises:
            UsageError: A rating that is not on the scale, a date that is not a date, or an
                argument of the wrong type (the message names it and the type it takes).
        """
        if predicate is not None and not callable(predicate):
            raise UsageError(f"predicate must be a function of a record, not {_kind(predicate)}")
        ratings = _ratings(rating) if rating is not None else None
        topics = set(_strings(topic, "topic", "a topic slug")) if topic is not None else None
        _check(claimant, str | None, "claimant", "a str")
        who = claimant.casefold() if claimant is not None else None
        first = _date(since, "since")
        last = _date(until, "until")
        _check(normalized, bool | None, "normalized", "a bool")

        def keep(record: Record) -> bool:
            claim = record.claim
            return (
                (ratings is None or record.verdict.rating in ratings)
                and (normalized is None or (record.verdict.rating is not None) == normalized)
                and (topics is None or not topics.isdisjoint(record.topics))
                and (who is None or who in claim.claimant.name.casefold())
                and (first is None or (claim.date is not None and claim.date >= first))
                and (last is None or (claim.date is not None and claim.date <= last))
                and (predicate is None or bool(predicate(record)))
            )

        return self._derive(record for record in self._records if keep(record))

    def reviews_of(self, record_id: str) -> Dataset:
        """Every review of the claim that record `record_id` reviews, itself included.

        Reviews of one claim by several publishers are separate records that share their
        `claim.key` (an import links them so); they come in dataset order, so their
        ratings can be compared. A record without a key is the only review of its claim.

        Raises:
            KeyError: No record has the id `record_id`.
            UsageError: `record_id` is not a str.
        """
        _check(record_id, str, "record_id", "a record id (str)")
        record = self[record_id]
        key = record.claim.key
        if key is None:
            return self._derive([record])
        if self._claims is None:
            claims: dict[str, list[int]] = {}
            for n, other in enumerate(self._records):
                if other.claim.key is not None:
                    claims.setdefault(other.claim.key, []).append(n)
            self._claims = claims
        return self._derive(self._records[n] for n in self._claims[key])

    # -- converting --------------------------------------------------------------------------

    def to_dicts(self) -> list[dict[str, Any]]:
        """The records as JSON data, as in their files."""
        return [record.to_dict() for record in self._records]

    def to_arrow(self) -> pyarrow.Table:
        """The records as a `pyarrow.Table` (needs the `arrow` extra).

        One row per record; columns mirror the record: `claim` and `verdict` are structs,
        `evidence`, `topics` and `history` are lists, dates are `date32`. The table's
        metadata holds the dataset's name and version. The schema is published as
        `schemas/record.arrow.json` (see the Parquet guide).

        A whole release, as `factcheck.load` returns it, is read straight from its
        `records.jsonl` by Arrow's JSON reader, after checking that the file still has its
        checksum; a working copy, a slice or a filtered dataset is encoded from its records
        first. Both give the same table.
        """
        from ..formats.tables import to_arrow

        return to_arrow(self)

    def to_pandas(self) -> pandas.DataFrame:
        """The records as a `pandas.DataFrame` (needs the `pandas` extra).

        One row per record, one column per scalar field named by its path (`claim.text`,
        `claim.claimant.name`, `verdict.rating`…); dates are `datetime64`.
        `verdict.rating` is a categorical with every rating of the scale; a verdict that is
        not normalized (its label maps to no rating) has no value there (`NaN`), so
        `value_counts()` and `groupby` leave it out while `verdict.label` keeps its
        label. `claim.key` links the reviews of one claim by several publishers:
        `frame.groupby("claim.key")` compares their ratings. The list columns
        (`evidence`, `claim.appearances`, `topics`, `history`) hold one NumPy array
        (dtype `object`) per row: of dicts for sources, appearances and history entries
        (their dates are `datetime.datetime` at midnight; absent optional fields are
        `None`), of strings for topics; an empty array when the record has none.
        `frame.explode("evidence")` gives one row per source.
        """
        from ..formats.tables import to_pandas

        return to_pandas(self)

    def to_hf(self) -> datasets.Dataset:
        """The records as a Hugging Face `datasets.Dataset` (needs the `hf` extra).

        The features follow `to_arrow` (nested structs, lists and `date32` dates), but
        `verdict.rating` is a `ClassLabel` whose names are the rating scale in its
        documented order (`factcheck.Rating`: `true` is 0, `false` 4, `misleading` 5,
        `unverifiable` 6): `ds.features["verdict"]["rating"].int2str(n)` names a class.
        The dataset's `info` carries the `description`, `license`, `citation` and
        `homepage` (the dataset's site) of its `dataset.json`, its name and, for a
        release, its version.
        """
        from ..formats.tables import to_hf

        return to_hf(self)

    def to_claimreview(self, review_url: str | None = None) -> list[dict[str, Any]]:
        """The records as schema.org `ClaimReview` JSON-LD objects, one per record.

        Args:
            review_url: Where each fact check is published, as a template with `{id}`
                (`https://checks.example.org/{id}`): Google requires a `url` for
                fact-check markup. Default: the dataset's `record_page` (its page per
                record on the documentation site, named in `dataset.json`); without
                either, the items have no `url`. See
                [`factcheck.formats.claimreview`][factcheck.formats.claimreview].

        Raises:
            UsageError: `review_url` is not a str, not an http(s) URL, or has no `{id}`.
        """
        from ..formats.claimreview import to_claimreview

        if review_url is None and self.info is not None:
            review_url = self.info.record_page
        return to_claimreview(self._records, self.info, review_url=review_url)

    # -- exporting ---------------------------------------------------------------------------

    def export(
        self,
        path: str | os.PathLike[str] | IO[Any],
        format: str | None = None,
        *,
        review_url: str | None = None,
        partition_by: str | None = None,
    ) -> Path | IO[Any]:
        """Write the records to a file; return the path (or the file object) written.

        Args:
            path: The file to write, replaced atomically: written to a temporary file and
                renamed into place, so an interrupted export leaves the old file whole. Or an
                open file object, written to and left open (not atomic: it is yours): text
                or binary for `jsonl`, `csv` and `claimreview` (UTF-8 in a binary file;
                open a text file for CSV with `newline=""`), binary for `parquet`. With
                `partition_by`: the folder to write.
            format: `jsonl` (canonical records, one per line), `csv` (the columns of
                `to_pandas`, lists as JSON; a text cell that would start a spreadsheet
                formula, with `=`, `+`, `-`, `@`, a tab or a carriage return, gets a
                leading `'`), `parquet` (the table of `to_arrow`, needs the `arrow`
                extra) or `claimreview` (a JSON array of ClaimReview objects, with `<`,
                `>` and `&` written as `\\u` escapes so that it can sit in a
                `<script>` block). Default: taken from the file's suffix; a file object
                has none, so give `format` with it.
            review_url: For `claimreview`: the template of each fact check's page URL
                (default: the dataset's `record_page`; see `to_claimreview`).
            partition_by: For `parquet`: `"claim_year"` writes a folder of Parquet files,
                one folder per year of the claim (`claim_year=2020/part-0.parquet`), for
                engines that skip the years a query does not need (see the Parquet guide).
                The format may then be left out.

        Raises:
            UsageError: The format is unknown or cannot be told from the suffix (or is not
                given with a file object), `path` is a folder or another file than a
                regular one (a symbolic link, a FIFO, a device), the folder it goes in does
                not exist, a text file object is given for Parquet, or an argument has the
                wrong type. With `partition_by`: the format is not `parquet`, the key is
                unknown, `path` is a file object, or `path` is a folder holding anything
                but an earlier partitioned export.
        """
        from ..formats import exporting

        _check(format, str | None, "format", "a str")
        _check(review_url, str | None, "review_url", "a str")
        _check(partition_by, str | None, "partition_by", "a str")
        if partition_by is not None:
            _check(path, str | os.PathLike, "path", "a folder (a str or path) for partition_by")
            folder = Path(path)
            named = exporting.suffix_format(folder) or "parquet"
            if (format or named) != "parquet":
                raise UsageError(
                    f"partition_by writes a folder of Parquet files; it does not apply to "
                    f"the {format or named} format"
                )
            exporting.write_parquet_dataset(self, folder, partition_by)
            return folder
        if not isinstance(path, str | os.PathLike):
            if not callable(getattr(path, "write", None)):
                raise UsageError(f"path must be a str or path, or a file object, not {_kind(path)}")
            if format is None:
                raise UsageError(
                    "give the format with a file object: format= one of "
                    + ", ".join(EXPORT_FORMATS)
                )
            target: Path | IO[Any] = path
        else:
            target = Path(path)
        chosen = format or exporting.format_of(target)  # type: ignore[arg-type]
        if chosen not in EXPORT_FORMATS:
            raise UsageError(
                f"unknown export format {chosen!r}; choose one of: {', '.join(EXPORT_FORMATS)}"
            )
        if isinstance(target, Path):
            if target.is_dir():
                raise UsageError(
                    f"{target} is a folder; give the file to write, e.g. {target}/data.jsonl"
                )
            if not target.parent.is_dir():
                raise UsageError(f"{target.parent}: no such folder for the output; create it first")
        if chosen == "claimreview":
            exporting.write_claimreview(self, target, review_url=review_url)
        else:
            exporting.WRITERS[chosen](self, target)
        return target

    def to_jsonl(self, path: str | os.PathLike[str] | IO[Any]) -> Path | IO[Any]:
        """Write the records as canonical JSON Lines to a path or a file object (see
        `export`)."""
        return self.export(path, "jsonl")

    def to_csv(self, path: str | os.PathLike[str] | IO[Any]) -> Path | IO[Any]:
        """Write the records as CSV to a path or a file object (see `export`)."""
        return self.export(path, "csv")

    def to_parquet(
        self, path: str | os.PathLike[str] | IO[Any], *, partition_by: str | None = None
    ) -> Path | IO[Any]:
        """Write the records as Parquet to a path or a binary file object, or with
        `partition_by="claim_year"` to a folder partitioned by the claim's year (see
        `export`; needs the `arrow` extra)."""
        return self.export(path, "parquet", partition_by=partition_by)


def _ratings(value: str | Iterable[str]) -> set[Rating]:
    wanted = _strings(value, "rating", "a rating")
    try:
        return {Rating(v) for v in wanted}
    except ValueError:
        raise UsageError(
            f"unknown rating in {wanted!r}; the scale is: {', '.join(r.value for r in Rating)}"
        ) from None


def _date(value: date | str | None, name: str) -> date | None:
    if isinstance(value, datetime):
        # A datetime is a date to isinstance, but comparing it with a claim's date fails.
        raise UsageError(f"{name}={value!r} is a datetime; give a date ({name}=value.date())")
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise UsageError(f"{name}={value!r} is not a date; write YYYY-MM-DD") from None


def _check(value: Any, types: Any, name: str, expected: str) -> None:
    """Refuse an argument of the wrong type with a message naming it, before it is used."""
    if not isinstance(value, types):
        raise UsageError(f"{name} must be {expected}, not {_kind(value)}")


def _kind(value: Any) -> str:
    """A value for a message: its type and, if short, the value itself."""
    shown = repr(value)
    return f"{type(value).__name__} {shown}" if len(shown) <= 40 else type(value).__name__


def _strings(value: Any, name: str, what: str) -> list[str]:
    """One str, or an iterable of them (never the characters of a str), as a list."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, Iterable) or isinstance(value, bytes | dict):
        raise UsageError(f"{name} must be {what} (str) or a list of them, not {_kind(value)}")
    values = list(value)
    wrong = [v for v in values if not isinstance(v, str)]
    if wrong:
        raise UsageError(
            f"{name} must be {what} (str) or a list of them; {_kind(wrong[0])} is not a str"
        )
    return values


def _records(records: Iterable[Record]) -> list[Record]:
    if not isinstance(records, Iterable) or isinstance(records, str | bytes | dict):
        raise UsageError(f"records must be an iterable of Record objects, not {_kind(records)}")
    listed = list(records)
    wrong = next((r for r in listed if not isinstance(r, Record)), None)
    if wrong is not None:
        raise UsageError(
            f"records must be Record objects (factcheck.model.records.Record), not {_kind(wrong)}"
        )
    return listed
