"""FC0xx: the reading layer. The strict reader finds these; here is each one's documentation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..findings import Severity

if TYPE_CHECKING:
    pass


from .registry import documented

documented(
    "FC001",
    "json-syntax",
    "reading",
    "see the message; fix the JSON at that position",
    """
    The file is not valid JSON.

    **Why**: nothing else can be checked until the file parses; other tools would reject it too.

    **Fix**: correct the JSON at the line and column given. Common causes: a trailing comma, a
    missing comma or bracket, single quotes, a comment, or a raw tab or newline inside a string.

    **Example**: `{"id": "x",}` — remove the comma before `}`.
    """,
)
documented(
    "FC002",
    "empty-file",
    "reading",
    "write one JSON object: a record",
    """
    The file, or a line of a JSON Lines file, is empty.

    **Why**: an empty file is almost always a mistake (an interrupted write or a placeholder).

    **Fix**: write the record into it, or delete the file. In `.jsonl` files remove blank lines.

    **Example**: a zero-byte `records/new-claim.json`.
    """,
)
documented(
    "FC003",
    "byte-order-mark",
    "reading",
    "save the file as UTF-8 without BOM",
    """
    The file starts with a UTF-8 byte-order mark.

    **Why**: RFC 8259 forbids a BOM in JSON exchanged between systems; many parsers reject it.

    **Fix**: save the file as "UTF-8" rather than "UTF-8 with BOM", or run `factcheck fmt`
    once the file is otherwise valid.

    **Example**: bytes `EF BB BF` before the first `{`.
    """,
)
documented(
    "FC004",
    "encoding",
    "reading",
    "save the file as UTF-8",
    """
    The file is not valid UTF-8 (for example UTF-16, or Latin-1 text), or a string holds an
    escaped lone surrogate: `\\ud800` on its own is half of a UTF-16 pair, not a character.

    **Why**: JSON files must be UTF-8; a wrong encoding corrupts names and quotes silently,
    and half a surrogate pair cannot be written in UTF-8 at all (RFC 8259, section 8.2: what
    software does with one is unpredictable), so `factcheck fmt` could not write it back.

    **Fix**: re-save the file as UTF-8 in your editor; write an escaped character with both
    halves of its pair (`\\ud83d\\ude00`) or as itself.

    **Example**: byte `E9` (é in Latin-1) on its own; `"\\ud800"`.
    """,
)
documented(
    "FC005",
    "duplicate-key",
    "reading",
    "remove one of the two keys",
    """
    An object has the same key twice.

    **Why**: JSON readers keep only one of the values, silently, and not all the same one: what
    a reviewer reads may not be what a program loads.

    **Fix**: keep one key and merge or delete the other.

    **Example**: `{"id": "a", "id": "b"}`.
    """,
)
documented(
    "FC006",
    "non-finite-number",
    "reading",
    "write null or a real number",
    """
    The file contains `NaN`, `Infinity` or `-Infinity`, or a number that a 64-bit float cannot
    hold: too large (`1e400`, which readers take as infinity) or too small (`1e-400`, which
    they take as 0).

    **Why**: `NaN` and `Infinity` are not JSON; Python writes them by default, other languages
    cannot read them. A number beyond a float's range is valid JSON text, but every reader
    changes its value, and writing it back gives `Infinity`: `factcheck fmt` would turn the
    file into one that no longer parses, so it reports the file and leaves it as it is.
    (Integers are kept exactly at any size up to 4,300 digits; a longer one is FC001.)

    **Fix**: replace them with a real value, within ±1.8e308 and, unless it is 0, no nearer to
    0 than 5e-324; or a string if the digits matter.

    **Example**: `{"score": NaN}`, `{"score": 1e400}`.
    """,
)
documented(
    "FC007",
    "trailing-data",
    "reading",
    "keep one JSON value per file",
    """
    There is more text after the JSON value.

    **Why**: readers either fail or ignore the rest, so data may be lost silently.

    **Fix**: remove the extra text; put several records in a `.jsonl` file, one per line.

    **Example**: `{"id": "a"} {"id": "b"}` in a `.json` file.
    """,
)
documented(
    "FC008",
    "nesting-too-deep",
    "reading",
    "flatten the data",
    """
    Arrays and objects nest deeper than 64 levels.

    **Why**: records nest only a few levels; very deep nesting is a sign of a broken or hostile
    file, and crashes recursive readers.

    **Fix**: remove the extra nesting.

    **Example**: `[[[[…]]]]` ten thousand levels deep.
    """,
)
documented(
    "FC009",
    "unreadable-file",
    "reading",
    "check the file's permissions",
    """
    The file could not be read.

    **Why**: a file that cannot be read cannot be validated.

    **Fix**: check that the file exists and that you may read it.

    **Example**: a record file with mode `000`.
    """,
)
documented(
    "FC010",
    "not-a-record-file",
    "reading",
    "rename it to .json (one record) or .jsonl (a shard), or move it out",
    """
    A file in a `records/` folder is neither a `.json` record nor a `.jsonl` shard of records,
    and was not checked.

    **Why**: a record saved as `.txt` or `.JSON` would silently be left out of the dataset.

    **Fix**: give it the `.json` extension (or `.jsonl` for a file of one record per line),
    or move it out of the `records/` folder.

    **Example**: `records/new-claim.txt`.
    """,
    Severity.WARNING,
)
documented(
    "FC011",
    "not-a-regular-file",
    "reading",
    "replace it with a regular file, or remove it",
    """
    A path to check is a named pipe (FIFO), a device or a socket, not a file.

    It is refused before it is opened: nothing is read from it.

    **Why**: reading a FIFO waits forever for a writer, and a device such as `/dev/zero`
    never ends, so one such file in a pull request would hang or exhaust the CI job.

    **Fix**: commit the record as a regular file.

    **Example**: `records/x.json` made with `mkfifo`, or a link to `/dev/zero`.
    """,
)
documented(
    "FC012",
    "file-too-large",
    "reading",
    "split the file, or shorten what makes it large",
    """
    A file is larger than factcheck reads: 64 MiB for a `.json` record file, 1 MiB for
    `dataset.json`, 64 MiB for a release manifest, 4 GiB for a `.jsonl` file.

    The file is refused unread (see the limits on the rules page).

    **Why**: validation must stay bounded in time and memory whatever a pull request holds.

    **Fix**: a record is a few kilobytes; a large corpus goes in `.jsonl` shards.

    **Example**: a 100 MB `records/x.json`.
    """,
)
documented(
    "FC013",
    "report-capped",
    "reading",
    "fix the findings shown and validate again, or use --format json for the counts",
    """
    More findings of one rule in one file than a report shows; the rest are counted.

    A report shows at most 100 findings of each rule in each file, 1,000 findings in each
    file and 10,000 in all; the findings beyond are counted (by file and rule) in the
    summary and in this finding, and they still make validation fail.

    **Why**: a file of a million broken lines would otherwise produce gigabytes of output;
    the first findings of a kind are the ones worth reading.

    **Fix**: fix what is shown (usually one cause), then validate again.

    **Example**: a 3 MB `.jsonl` file of `{}` lines.
    """,
    Severity.WARNING,
)
