"""FC3xx: meaning across the records and files of a dataset, each rule with its check."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..findings import Severity
from ..reading import Pointer

if TYPE_CHECKING:
    from ...model.models import Record


from .registry import Violation, documented, rule


@dataclass(frozen=True, slots=True)
class DatasetEntry:
    """What dataset rules see of a record: the keys they compare, and where it came from.

    Only these few fields are kept for the whole dataset, so the cross-record pass stays
    small however large the records are.
    """

    id: str
    claim: str
    topics: tuple[str, ...]
    path: Path
    rating: str
    verdict: bytes
    """A digest of the verdict's label, summary and explanation: compared with a release's."""
    history: tuple[str, ...]
    """The kinds of change of the history entries (`created`, `corrected`…), in order."""

    @classmethod
    def of(cls, record: Record, path: Path) -> DatasetEntry:
        """The entry for `record`, read from `path`."""
        verdict = record.verdict
        said = "\x00".join(
            text or "" for text in (verdict.label, verdict.summary, verdict.explanation)
        )
        return cls(
            record.id,
            record.claim.text,
            tuple(record.topics),
            path,
            str(verdict.rating),
            hashlib.blake2b(said.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
            tuple(str(entry.change) for entry in record.history),
        )


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
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.translate(_PUNCTUATION_AS_SPACE).split())


@rule("FC301", "duplicate-id", "dataset", "give one of the records another id")
def duplicate_id(entries: list[DatasetEntry], info: Any) -> Iterator[Violation]:
    """Two records in a dataset have the same id (compared without case).

    **Why**: ids identify records in releases, links and citations; on case-insensitive file
    systems `Claim.json` and `claim.json` are the same file.

    **Fix**: rename one record.

    **Example**: two lines of a `.jsonl` file with `"id": "us-withdrawing-from-iraq"`.
    """
    yield from _duplicates(entries, lambda e: e.id.casefold(), ("id",), "id {id!r} is also used by")


@rule("FC302", "duplicate-claim", "dataset", "merge the two records, or reword the claim")
def duplicate_claim(entries: list[DatasetEntry], info: Any) -> Iterator[Violation]:
    """The same claim text is recorded twice in a dataset.

    Texts are compared after Unicode normalization, without case, punctuation or extra spaces.

    **Why**: two verdicts on one claim split the evidence and may contradict each other.

    **Fix**: merge them into one record; if they are different claims, say how in the text.

    **Example**: "The US is withdrawing from Iraq." and "the US is withdrawing from Iraq".
    """
    yield from _duplicates(
        entries,
        lambda e: normalize_claim(e.claim),
        ("claim", "text"),
        "the same claim is also recorded in",
    )


def _duplicates(
    entries: list[DatasetEntry], key: Callable[[DatasetEntry], str], pointer: Pointer, message: str
) -> Iterator[Violation]:
    """One violation for every record that shares its key with another, naming the others."""
    groups: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        groups.setdefault(key(entry), []).append(index)
    for members in groups.values():
        for index in members if len(members) > 1 else ():
            # Name a few of the others and count the rest: listing every other member in
            # every message would make the report grow with the square of the group.
            others = [i for i in members[: _NAMED + 1] if i != index][:_NAMED]
            named = ", ".join(_where(entries[i]) for i in others)
            more = len(members) - 1 - len(others)
            if more:
                named += f" and {more} more record{'s' if more > 1 else ''}"
            text = message.format(id=entries[index].id)
            yield Violation(pointer, f"{text} {named}", record_index=index)


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
def undeclared_topic(entries: list[DatasetEntry], info: Any) -> Iterator[Violation]:
    """A record uses a topic that its dataset's `topics` list does not declare.

    **Why**: a fixed topic list keeps filters reliable (`soleimani` vs `soleimani-strike`).

    **Fix**: use a declared topic, or add the new one to `dataset.json`.

    **Example**: `"topics": ["iraq-parliment"]`.
    """
    declared = set(getattr(info, "topics", None) or ())
    if not declared:
        return
    for index, entry in enumerate(entries):
        for i, topic in enumerate(entry.topics):
            if topic not in declared:
                yield Violation(
                    ("topics", i),
                    f"topic {topic!r} is not declared in dataset.json",
                    record_index=index,
                )


def _where(entry: DatasetEntry) -> str:
    return f"{entry.path.name} (id {entry.id!r})"
