"""FC1xx: the structure layer. The models find these; here is each one's documentation."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


from .registry import documented

documented(
    "FC100",
    "not-an-object",
    "structure",
    "write the record as a JSON object { … }",
    """
    The file's value is not a JSON object.

    **Why**: a record, and `dataset.json`, are objects with named fields.

    **Fix**: wrap the fields in `{ }`.

    **Example**: a file holding `[ {...} ]` instead of `{...}`.
    """,
)
documented(
    "FC101",
    "missing-field",
    "structure",
    "add the field",
    """
    A required field is missing.

    **Why**: every record must carry its claim, verdict, evidence, topics and history so that
    readers can judge it.

    **Fix**: add the field; the schema reference lists each field with an example.

    **Example**: a `verdict` without `rating`.
    """,
)
documented(
    "FC102",
    "unknown-field",
    "structure",
    "remove it, or correct its spelling",
    """
    A field that the schema does not define.

    **Why**: unknown fields are usually misspellings of real ones (`claimnat`), whose values
    would otherwise be lost without a word.

    **Fix**: correct the spelling (the message suggests the closest field) or remove it.

    **Example**: `"sumary": "…"` in a verdict.
    """,
)
documented(
    "FC103",
    "wrong-type",
    "structure",
    "write a value of the expected type",
    """
    A value has the wrong JSON type.

    **Why**: nothing is coerced: `2020` is not the string `"2020"`, and a single object is not
    a list of one.

    **Fix**: write the value as the type the message names.

    **Example**: `"topics": "iraq"` instead of `"topics": ["iraq"]`.
    """,
)
documented(
    "FC104",
    "invalid-choice",
    "structure",
    "use one of the listed values",
    """
    A value is not one of the allowed choices.

    **Why**: ratings, stances and types come from fixed vocabularies so that datasets can be
    compared and filtered.

    **Fix**: use one of the values listed in the message; keep your own wording in
    `verdict.label`.

    **Example**: `"rating": "pants-on-fire"` — use `false`, with `"label": "Pants on Fire"`.
    """,
)
documented(
    "FC105",
    "invalid-date",
    "structure",
    "write the date as YYYY-MM-DD",
    """
    A date is not a real calendar date written `YYYY-MM-DD`.

    **Why**: one unambiguous format sorts correctly and cannot be misread (`01/02/2020`).
    Times and timestamps are not dates.

    **Fix**: write the date as `YYYY-MM-DD`, e.g. `2020-01-06`.

    **Example**: `"2020-02-30"`, `"2020-01-06T00:00:00"`, `1578268800`.
    """,
)
documented(
    "FC106",
    "invalid-url",
    "structure",
    "use the page's full https:// address",
    """
    A URL is not an absolute http(s) address with a domain name.

    **Why**: sources must be pages readers can open; `javascript:`, `file:` and `data:` URLs can
    be dangerous, and credentials must never be published.

    **Fix**: copy the address from the browser; percent-encode spaces and non-ASCII characters.

    **Example**: `javascript:alert(1)`, `https://user:pass@example.com/`.
    """,
)
documented(
    "FC107",
    "invalid-text",
    "structure",
    "retype or trim the text",
    """
    A string is empty, has white space at either end, or contains control, zero-width or
    bidirectional-override characters.

    **Why**: invisible characters can hide or reorder text for a reviewer ("Trojan Source")
    and make equal claims compare unequal.

    **Fix**: trim the string and delete the invisible character (retype the words around it).
    Only `context` and `explanation` may contain line breaks.

    **Example**: `"Esper\\u200b"`, `" leading space"`.
    """,
)
documented(
    "FC108",
    "invalid-slug",
    "structure",
    "use lowercase letters, digits and single hyphens, e.g. us-withdrawing-from-iraq",
    """
    An id or topic is not a lowercase slug.

    **Why**: ids are file names and URLs; lowercase ASCII slugs avoid collisions between
    `Iraq` and `iraq`, and between look-alike letters from other scripts.

    **Fix**: use `a-z`, `0-9` and single hyphens.

    **Example**: `"US_Withdrawal"` — write `us-withdrawal`.
    """,
)
documented(
    "FC109",
    "wrong-length",
    "structure",
    "shorten the value, or add items",
    """
    A string is too long, a list has too few items, or a number is out of range.

    **Why**: limits keep records readable and keep hostile input (a 50 MB string) out.

    **Fix**: see the limit in the message.

    **Example**: `"evidence": []`.
    """,
)
documented(
    "FC110",
    "unsupported-schema-version",
    "structure",
    'set schema_version to "1.2", or upgrade factcheck',
    """
    The record declares a schema version this version of factcheck does not read.

    **Why**: fields change meaning between major versions; guessing would mislead.

    **Fix**: write `"schema_version": "1.2"` (or `"1.1"`, `"1.0"`), or upgrade factcheck if
    the record is newer.

    **Example**: `"schema_version": "2.0"`.
    """,
)
documented(
    "FC111",
    "invalid-language",
    "structure",
    "use a language tag such as en or pt-BR",
    """
    A language is not a BCP 47 tag.

    **Why**: tags let tools pick the right tokenizer, translator or font.

    **Fix**: use the tag, not the name: `en`, not `English`.

    **Example**: `"language": "English"`.
    """,
)
documented(
    "FC112",
    "null-value",
    "structure",
    "leave the field out instead of writing null",
    """
    An optional field is written as `null`.

    **Why**: one way to say "absent" keeps records canonical and diffs small.

    **Fix**: delete the field.

    **Example**: `"speaker": null`.
    """,
)
documented(
    "FC199",
    "invalid-value",
    "structure",
    "see the message",
    """
    A value breaks the schema in another way.

    **Why**: the schema describes what every tool may rely on.

    **Fix**: follow the message.

    **Example**: any other schema error.
    """,
)
