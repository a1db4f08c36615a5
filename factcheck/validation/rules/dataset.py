"""FC3xx: meaning across the records and files of a dataset, each rule with its check."""

from __future__ import annotations

import hashlib
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Callable, Container, Iterable, Iterator
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...model.ratings import Rating
from ..findings import Severity
from ..reading import Pointer

if TYPE_CHECKING:
    from ...model.models import Record


from .registry import Violation, documented, rule

_BLAKE2B = hashlib.blake2b(digest_size=8)


def digest(text: str) -> int:
    """A 64-bit digest of `text`: the fixed-size key the cross-record rules compare."""
    return _digest_bytes(text.encode("utf-8", "surrogatepass"))


def _digest_bytes(data: bytes) -> int:
    """`digest` of the text whose UTF-8 form is `data`."""
    state = _BLAKE2B.copy()  # cheaper than making a new one with its parameters
    state.update(data)
    return int.from_bytes(state.digest(), "little")


@lru_cache(maxsize=4096)
def _folded_digest(text: str) -> int:
    """`digest` of `text` casefolded, for values that repeat across records (reviewers)."""
    return digest(text.casefold())


RATINGS: tuple[str, ...] = tuple(str(rating) for rating in Rating)
"""The ratings in the order of their codes in `DatasetKeys.rating`."""
_RATING_CODES = {name: code for code, name in enumerate(RATINGS)}
UNRATED = 255
"""The code in `DatasetKeys.rating` of a verdict with no rating (not normalized)."""


def rating_name(code: int) -> str:
    """The rating a code of `DatasetKeys.rating` stands for, as messages name it."""
    return "none (not normalized)" if code == UNRATED else RATINGS[code]


class DatasetKeys:
    """What the cross-record rules see of each record: fixed-size keys, and where it is.

    A few dozen bytes per record in flat arrays, whatever the size of the records, so a
    dataset of millions of records is checked across in bounded memory. Record `i` sits in
    file `paths[file[i]]` from byte `start[i]`, on line `line[i]`; the few records a
    finding is about are read again there (`recall`) to name them.

    The arrays: `ident` the digest of the casefolded id (FC301), `exact` of the id itself
    (FC308), `claim` of the normalized claim text (FC302); `rating` the code of the rating
    (see `RATINGS`), `verdict` a digest of the verdict's label, summary and explanation,
    `history` the number of history entries, `rerated` and `revised` the index of the
    last `rerated` entry and of the last `corrected` or `rerated` one (-1 if none).
    """

    FIELDS = (
        ("file", "I"),
        ("start", "Q"),
        ("line", "I"),
        ("ident", "Q"),
        ("exact", "Q"),
        ("claim", "Q"),
        ("linked", "Q"),
        ("reviewer", "Q"),
        ("rating", "B"),
        ("verdict", "Q"),
        ("history", "I"),
        ("rerated", "i"),
        ("revised", "i"),
    )

    def __init__(self, *, compare: bool = False) -> None:
        for name, code in self.FIELDS:
            setattr(self, name, array(code))
        self.paths: list[Path] = []
        self.shown: list[str] = []
        self.compare = compare
        """Whether to keep the keys that compare records with a release (`exact`,
        `rating`, `verdict`, `history`, `rerated`, `revised`): only a dataset with
        a release, and a release's own records, need them."""
        self.recall: Callable[[int], tuple[str | None, str | None]] = _unknown

    def __len__(self) -> int:
        return len(self.ident)  # type: ignore[attr-defined]

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("recall", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.recall = _unknown

    def add(self, record: Record, file: int, start: int, line: int) -> None:
        """Keep the keys of `record`, which starts at byte `start` (line `line`) of file
        number `file`."""
        ident = record.id
        folded = ident.casefold()
        self.file.append(file)  # type: ignore[attr-defined]
        self.start.append(start)  # type: ignore[attr-defined]
        self.line.append(line)  # type: ignore[attr-defined]
        self.claim.append(claim_digest(record.claim.text))  # type: ignore[attr-defined]
        key = getattr(record.claim, "key", None)
        self.linked.append(0 if key is None else digest(key) or 1)  # type: ignore[attr-defined]
        reviewer = record.verdict.reviewer
        self.reviewer.append(_folded_digest(reviewer) if reviewer else 0)  # type: ignore[attr-defined]
        if not self.compare:
            self.ident.append(digest(folded))  # type: ignore[attr-defined]
            return
        exact = digest(ident)
        self.ident.append(exact if folded == ident else digest(folded))  # type: ignore[attr-defined]
        self.exact.append(exact)  # type: ignore[attr-defined]
        verdict = record.verdict
        self.rating.append(  # type: ignore[attr-defined]
            UNRATED if verdict.rating is None else _RATING_CODES[str(verdict.rating)]
        )
        said = "\x00".join(
            text or "" for text in (verdict.label, verdict.summary, verdict.explanation)
        )
        self.verdict.append(digest(said))  # type: ignore[attr-defined]
        rerated = revised = -1
        for index, entry in enumerate(record.history):
            change = str(entry.change)
            if change == "rerated":
                rerated = revised = index
            elif change == "corrected":
                revised = index
        self.history.append(len(record.history))  # type: ignore[attr-defined]
        self.rerated.append(rerated)  # type: ignore[attr-defined]
        self.revised.append(revised)  # type: ignore[attr-defined]

    def extend(self, other: DatasetKeys, *, same_file: bool = False) -> None:
        """Append the records of `other` (and its files) after these; with `same_file`,
        `other` holds more records of this one's last file."""
        offset = len(self.paths) - 1 if same_file else len(self.paths)
        if not same_file:
            self.paths.extend(other.paths)
            self.shown.extend(other.shown)
        for name, _ in self.FIELDS:
            mine, theirs = getattr(self, name), getattr(other, name)
            if name == "file" and offset:
                mine.extend(file + offset for file in theirs)
            else:
                mine.extend(theirs)

    def where(self, index: int, ident: str | None) -> str:
        """A record as messages name it: its file name and id."""
        return f"{self.paths[self.file[index]].name} (id {ident!r})"  # type: ignore[attr-defined]


def _unknown(index: int) -> tuple[str | None, str | None]:
    return None, None


class ReleasedKeys:
    """The keys of a release's records that FC308 compares the working copy with, sorted by
    the digest of the id for lookup."""

    def __init__(self, keys: DatasetKeys) -> None:
        order = sorted(range(len(keys)), key=keys.exact.__getitem__)  # type: ignore[attr-defined]
        self.exact = array("Q", (keys.exact[i] for i in order))  # type: ignore[attr-defined]
        self.rating = array("B", (keys.rating[i] for i in order))  # type: ignore[attr-defined]
        self.verdict = array("Q", (keys.verdict[i] for i in order))  # type: ignore[attr-defined]
        self.history = array("I", (keys.history[i] for i in order))  # type: ignore[attr-defined]

    def __len__(self) -> int:
        return len(self.exact)

    def find(self, exact: int) -> int:
        """The index of the released record whose id has digest `exact`, or -1 (the last
        one, if a release held an id twice)."""
        index = bisect_right(self.exact, exact) - 1
        return index if index >= 0 and self.exact[index] == exact else -1


def digest_groups(digests: array) -> list[list[int]]:
    """The indexes of the values of `digests` that occur more than once, grouped by value,
    the groups in the order of their first member.

    Sorting finds the repeated values in bounded extra memory (a set of every value would
    cost several times the array); past `_NUMPY_DIGESTS` values, numpy sorts them (in a
    tenth of the time: this runs once, over every record, after the workers are done).
    """
    if len(digests) >= _NUMPY_DIGESTS and digests.itemsize == 8:
        return _numpy_digest_groups(digests)
    ordered = sorted(digests)
    repeated = {a for a, b in zip(ordered, islice(ordered, 1, None), strict=False) if a == b}
    del ordered
    groups: dict[int, list[int]] = {}
    if repeated:
        for index, value in enumerate(digests):
            if value in repeated:
                groups.setdefault(value, []).append(index)
    return list(groups.values())


_NUMPY_DIGESTS = 50_000


def _numpy_digest_groups(digests: array) -> list[list[int]]:
    """`digest_groups`, by numpy: the same groups in the same order."""
    import numpy as np

    values = np.frombuffer(digests, dtype=np.uint64)
    order = np.argsort(values, kind="stable")  # equal values keep their order
    ordered = values[order]
    same = ordered[1:] == ordered[:-1]
    if not same.any():
        return []
    member = np.zeros(len(ordered), dtype=bool)
    member[1:] |= same
    member[:-1] |= same
    indexes, kept = order[member], ordered[member]
    bounds = np.flatnonzero(kept[1:] != kept[:-1]) + 1
    groups = [group.tolist() for group in np.split(indexes, bounds)]
    groups.sort(key=lambda group: group[0])
    return groups


class _PunctuationAsSpace(dict[int, str]):
    """A `str.translate` table turning punctuation, symbols and separators into spaces.

    Each character is classified once, on first sight, so translating runs in C.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = " " if unicodedata.category(char)[0] in "PSZ" else char
        self[code] = value
        return value


_PUNCTUATION_AS_SPACE = _PunctuationAsSpace()


def normalize_claim(text: str) -> str:
    """A claim's text as compared for duplicates: NFKC, casefolded, punctuation as spaces."""
    if text.isascii():
        return _normalize_ascii(text.encode("ascii")).decode("ascii")
    if not unicodedata.is_normalized("NFKC", text):  # checking is faster than normalizing
        text = unicodedata.normalize("NFKC", text)
    text = text.casefold()
    return " ".join(text.translate(_PUNCTUATION_AS_SPACE).split())


def _ascii_table() -> bytes:
    """What `normalize_claim` makes of each ASCII character, as a `bytes.translate` table:
    ASCII is in NFKC already and casefolds to lower case; punctuation, symbols, separators
    and white space become spaces (white space is what `str.split` splits at)."""
    table = bytearray(range(256))
    for code in range(128):
        char = chr(code)
        if char.isspace() or unicodedata.category(char)[0] in "PSZ":
            table[code] = 0x20
        else:
            table[code] = ord(char.casefold())
    return bytes(table)


_ASCII_CLAIM = _ascii_table()


def _normalize_ascii(data: bytes) -> bytes:
    """`normalize_claim` of an ASCII text, on its bytes."""
    return b" ".join(data.translate(_ASCII_CLAIM).split())


def claim_digest(text: str) -> int:
    """The digest of a claim's normalized text (`digest(normalize_claim(text))`), the key of
    FC302; an ASCII text is normalized on its bytes, a few times faster."""
    if text.isascii():
        return _digest_bytes(_normalize_ascii(text.encode("ascii")))
    return digest(normalize_claim(text))


@rule("FC301", "duplicate-id", "dataset", "give one of the records another id")
def duplicate_id(keys: DatasetKeys, info: Any) -> Iterator[Violation]:
    """Two records in a dataset have the same id (compared without case).

    **Why**: ids identify records in releases, links and citations; on case-insensitive file
    systems `Claim.json` and `claim.json` are the same file.

    **Fix**: rename one record.

    **Example**: two lines of a `.jsonl` file with `"id": "us-withdrawing-from-iraq"`.
    """
    yield from _duplicates(
        keys,
        keys.ident,  # type: ignore[attr-defined]
        lambda ident, claim: None if ident is None else ident.casefold(),
        ("id",),
        "id {id!r} is also used by",
    )


@rule("FC302", "duplicate-claim", "dataset", "merge the two records, or reword the claim")
def duplicate_claim(keys: DatasetKeys, info: Any) -> Iterator[Violation]:
    """The same claim text is recorded twice in a dataset.

    Texts are compared after Unicode normalization, without case, punctuation or extra spaces.

    Reviews of one claim by several publishers are not duplicates: records that share one
    `claim.key` (schema 1.2) and have different `verdict.reviewer`s are the reviews of one
    claim, kept side by side so their ratings can be compared. Two of them by one reviewer
    are still reported.

    **Why**: two verdicts on one claim split the evidence and may contradict each other.

    **Fix**: merge them into one record; if they are different claims, say how in the text.
    If they are reviews by different publishers, give them the same `claim.key`.

    **Example**: "The US is withdrawing from Iraq." and "the US is withdrawing from Iraq".
    """
    yield from _duplicates(
        keys,
        keys.claim,  # type: ignore[attr-defined]
        lambda ident, claim: None if claim is None else normalize_claim(claim),
        ("claim", "text"),
        "the same claim is also recorded in",
        refine=lambda members: _by_reviewer(keys, members),
    )


def _by_reviewer(keys: DatasetKeys, members: list[int]) -> list[list[int]]:
    """Records of one claim text that all share one `claim.key` are linked reviews: only
    those by one reviewer are duplicates. Otherwise the records stay one group."""
    linked = {keys.linked[i] for i in members}  # type: ignore[attr-defined]
    if len(linked) != 1 or 0 in linked:
        return [members]
    by: dict[int, list[int]] = {}
    for index in members:
        by.setdefault(keys.reviewer[index], []).append(index)  # type: ignore[attr-defined]
    return [group for group in by.values() if len(group) > 1]


def _duplicates(
    keys: DatasetKeys,
    digests: array,
    key: Callable[[str | None, str | None], str | None],
    pointer: Pointer,
    message: str,
    refine: Callable[[list[int]], list[list[int]]] | None = None,
) -> Iterator[Violation]:
    """One violation for every record that shares its key with another, naming the others.

    Records whose digests agree are read again and grouped by the key itself, so two keys
    that happen to share a digest are never taken for one.
    """
    named: dict[int, str | None] = {}
    groups: list[list[int]] = []
    for candidates in digest_groups(digests):
        exact: dict[Any, list[int]] = {}
        for index in candidates:
            ident, claim = keys.recall(index)
            named[index] = ident
            found = key(ident, claim)
            exact.setdefault(("digest",) if found is None else found, []).append(index)
        for members in exact.values():
            if len(members) > 1:
                groups.extend([members] if refine is None else refine(members))
    groups.sort(key=lambda members: members[0])
    for members in groups:
        for index in members:
            # Name a few of the others and count the rest: listing every other member in
            # every message would make the report grow with the square of the group.
            others = [i for i in members[: _NAMED + 1] if i != index][:_NAMED]
            listed = ", ".join(keys.where(i, named[i]) for i in others)
            more = len(members) - 1 - len(others)
            if more:
                listed += f" and {more} more record{'s' if more > 1 else ''}"
            text = message.format(id=named[index])
            yield Violation(pointer, f"{text} {listed}", record_index=index)


_NAMED = 3
"""How many of the other records sharing a key a duplicate finding names."""


documented(
    "FC303",
    "file-outside-dataset",
    "dataset",
    "copy the file into the dataset instead",
    """A file or folder is a link to somewhere outside the dataset (or the folder checked).

    The link is not followed: nothing of what it points at is read or shown. Links that stay
    inside the folder are followed as usual.

    **Why**: a dataset is a self-contained folder; a link out of it can pull in files that
    are not reviewed with the dataset, or not shipped with it — or, in a pull request, make
    the validator print a secret from the machine that runs it into a public log.

    **Fix**: replace the link with the file itself.

    **Example**: `records/x.json -> /etc/passwd`, `records -> /home/ci/.ssh`, a loose
    `claims.json -> ../../secrets.json`.
    """,
)


documented(
    "FC304",
    "dataset-name-matches-folder",
    "dataset",
    "rename the folder or the dataset",
    """A dataset's `name` differs from its folder's name.

    **Why**: `factcheck.load(name)` finds a dataset by its folder; two names confuse users.

    **Fix**: make `name` in `dataset.json` and the folder name the same.

    **Example**: folder `iraq-2020` with `"name": "iraq2020"`.
    """,
)


@rule(
    "FC305",
    "undeclared-topic",
    "dataset",
    "add the topic to dataset.json, or fix it",
    Severity.WARNING,
)
def undeclared_topic(topics: Iterable[str], declared: Container[str]) -> Iterator[Violation]:
    """A record uses a topic that its dataset's `topics` list does not declare.

    **Why**: a fixed topic list keeps filters reliable (`soleimani` vs `soleimani-strike`).

    **Fix**: use a declared topic, or add the new one to `dataset.json`.

    **Example**: `"topics": ["iraq-parliment"]`.
    """
    for i, topic in enumerate(topics):
        if topic not in declared:
            yield Violation(("topics", i), f"topic {topic!r} is not declared in dataset.json")


PER_RECORD = frozenset({"FC305"})
"""Dataset rules checked on each record as it is read (they need the dataset's declarations,
not the other records); their findings are reported with the other dataset rules'."""
