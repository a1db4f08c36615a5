"""Hypothesis strategies for factcheck records, for this project's tests and for yours.

`records()` draws records that pass every check (`partial_records()`: records that omit
what schema 1.1 makes optional); `mutated_records()` draws records one
mutation away from valid, with the rule code the mutation must trigger. Both produce plain
JSON data (dicts), as read from a file. Requires `hypothesis` (the `dev` extra):

    from hypothesis import given
    from factcheck.testing import records

    @given(records())
    def test_my_pipeline_keeps_ids(record):
        assert my_pipeline(record)["id"] == record["id"]
"""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from .model.fields import MARKDOWN_PATTERN, TEXT_PATTERN
from .model.models import SCHEMA_VERSION
from .model.ratings import Rating
from .validation.rules import normalize_claim

_text_re = re.compile(TEXT_PATTERN)
_markdown_re = re.compile(MARKDOWN_PATTERN)
_LABELS = {
    "true": "True",
    "mostly-true": "Mostly true",
    "mixed": "Mixed",
    "mostly-false": "Mostly false",
    "false": "False",
    "misleading": "Misleading",
    "unverifiable": "Unverifiable",
}


def texts(max_size: int = 60) -> st.SearchStrategy[str]:
    """One-line strings that the `Line` type accepts (any script, no invisible characters)."""
    return (
        st.text(
            st.characters(exclude_categories=("Cc", "Cs", "Cf", "Cn", "Zl", "Zp", "Co")),
            min_size=1,
            max_size=max_size,
        )
        .map(str.strip)
        .filter(lambda s: bool(_text_re.fullmatch(s)))
    )


def markdowns() -> st.SearchStrategy[str]:
    """Multi-line strings that the `Markdown` type accepts: paragraphs joined by blank lines."""
    return (
        st.lists(texts(), min_size=1, max_size=3)
        .map("\n\n".join)
        .filter(lambda s: bool(_markdown_re.fullmatch(s)))
    )


def slugs() -> st.SearchStrategy[str]:
    """Lowercase slugs such as `us-withdrawing-from-iraq`."""
    return st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)


def urls() -> st.SearchStrategy[str]:
    """Absolute https URLs with a domain name and a path."""
    label = st.from_regex(r"[a-z0-9]{1,10}", fullmatch=True)
    path = st.from_regex(r"(/[A-Za-z0-9._~-]{1,12}){0,3}", fullmatch=True)
    return st.builds(lambda a, b, p: f"https://{a}.{b}.org{p}", label, label, path)


def dates(max_value: date = date(2025, 12, 31)) -> st.SearchStrategy[date]:
    """Dates from 1990 up to `max_value`."""
    return st.dates(min_value=date(1990, 1, 1), max_value=max_value)


@st.composite
def sources(draw: st.DrawFn, publisher: str, latest: date) -> dict[str, Any]:
    """A source dict from `publisher`, published no later than `latest`."""
    source = {
        "url": draw(urls()),
        "title": draw(texts()),
        "publisher": publisher,
        "published": draw(dates(latest)).isoformat(),
        "quote": draw(texts().filter(lambda s: bool(re.search(r"\w", s)))),
        "stance": draw(st.sampled_from(["supports", "refutes", "context"])),
    }
    if draw(st.booleans()):
        source["speaker"] = draw(texts())
    return source


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    """A record (as JSON data) that passes the schema and every rule."""
    reviewed = draw(dates())
    claim_date = draw(dates(reviewed))
    publishers = draw(st.lists(st.sampled_from(_PUBLISHERS), min_size=2, max_size=4, unique=True))
    evidence = [draw(sources(p, reviewed)) for p in publishers]
    unique_urls = {s["url"].lower() for s in evidence}
    if len(unique_urls) < len(evidence):
        for i, source in enumerate(evidence):
            source["url"] += f"/{i}"
    rating = draw(st.sampled_from(list(Rating)))
    claim: dict[str, Any] = {
        "text": draw(texts(120)),
        "wording": draw(st.sampled_from(["verbatim", "paraphrase"])),
        "claimant": {
            "name": draw(texts()),
            "type": draw(
                st.sampled_from(
                    ["person", "organization", "document", "media", "social", "unknown"]
                )
            ),
        },
        "date": claim_date.isoformat(),
        "language": draw(st.sampled_from(["en", "fa", "ar", "pt-BR"])),
    }
    if draw(st.booleans()):
        claim["context"] = draw(markdowns())
    return {
        "schema_version": SCHEMA_VERSION,
        "id": draw(slugs()),
        "claim": claim,
        "verdict": {
            "rating": rating.value,
            "label": _LABELS[rating.value],
            "summary": draw(texts(120)),
            "explanation": draw(markdowns()),
            "reviewed": reviewed.isoformat(),
            "reviewer": draw(texts()),
        },
        "evidence": evidence,
        "topics": draw(st.lists(slugs(), min_size=1, max_size=3, unique=True)),
        "history": [{"date": reviewed.isoformat(), "change": "created", "note": "Created."}],
    }


@st.composite
def partial_records(draw: st.DrawFn) -> dict[str, Any]:
    """A record that omits any of the parts schema 1.1 makes optional, as an import may.

    It passes every rule under a policy that requires nothing
    (`{"min_independent_publishers": 0, "require": []}`).
    """
    record = draw(records())
    for group, field in (
        ("claim", "date"),
        ("verdict", "summary"),
        ("verdict", "explanation"),
        ("verdict", "reviewed"),
    ):
        if draw(st.booleans()):
            del record[group][field]
    for source in record["evidence"]:
        for field in ("title", "published", "quote"):
            if draw(st.booleans()):
                del source[field]
    for field in ("evidence", "topics"):
        if draw(st.booleans()):
            record[field] = []
    return record


_PUBLISHERS = [
    "Reuters",
    "Associated Press",
    "Axios",
    "The Hill",
    "Al Jazeera",
    "Rudaw",
    "The Washington Post",
    "NPR",
    "Politico",
    "Military.com",
]

_FORBIDDEN_CHARS = ["\u200b", "\u202e", "\u2066", "\x00", "\x1b", "\ufeff", "\u2028", "\xad"]


def _string_paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _string_paths(v, (*path, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _string_paths(v, (*path, i))]
    return [path] if isinstance(data, str) else []


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


_REQUIRED = [
    ("id",),
    ("claim",),
    ("claim", "text"),
    ("claim", "claimant", "type"),
    ("verdict", "label"),
    ("evidence",),
    ("history",),
]
_DATE_PATHS = [("claim", "date"), ("verdict", "reviewed"), ("evidence", 0, "published")]


@st.composite
def mutated_records(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """A record one mutation away from valid, and the rule code that must report it."""
    record = copy.deepcopy(draw(records()))
    kind = draw(
        st.sampled_from(
            [
                "missing",
                "unknown",
                "type",
                "char",
                "space",
                "date",
                "url",
                "choice",
                "null",
                "slug",
                "empty-list",
            ]
        )
    )
    if kind == "missing":
        path = draw(st.sampled_from(_REQUIRED))
        del _get(record, path[:-1])[path[-1]]
        return record, "FC101"
    if kind == "unknown":
        _get(record, draw(st.sampled_from([(), ("claim",), ("verdict",), ("evidence", 0)])))[
            "x-" + draw(slugs())
        ] = "value"
        return record, "FC102"
    if kind == "type":
        path = draw(st.sampled_from(_string_paths(record)))
        _set(record, path, draw(st.one_of(st.integers(), st.booleans(), st.just([]))))
        return record, "FC110" if path == ("schema_version",) else "FC103"
    if kind in ("char", "space"):
        paths = [p for p in _string_paths(record) if _is_free_text(p)]
        path = draw(st.sampled_from(paths))
        value = _get(record, path)
        if kind == "char":
            at = draw(st.integers(0, len(value)))
            value = value[:at] + draw(st.sampled_from(_FORBIDDEN_CHARS)) + value[at:]
        else:
            value = draw(st.sampled_from([" ", "\u00a0", "\u3000"])) + value
        _set(record, path, value)
        return record, "FC107"
    if kind == "date":
        bad = draw(
            st.sampled_from(
                [
                    "2020-02-30",
                    "2020-13-01",
                    "2020-1-6",
                    "06/01/2020",
                    "2020-01-06T00:00:00",
                    "20200106",
                ]
            )
        )
        _set(record, draw(st.sampled_from(_DATE_PATHS)), bad)
        return record, "FC105"
    if kind == "url":
        bad = draw(
            st.sampled_from(
                [
                    "javascript:alert(1)",
                    "file:///etc/passwd",
                    "data:text/html,x",
                    "https://user:pw@example.com/",
                    "https://",
                    "ftp://example.com/x",
                    "https://exa mple.com",
                    "https://bücher.de/",
                    "HTTPS://example.com/",
                ]
            )
        )
        _set(record, ("evidence", 0, "url"), bad)
        return record, "FC106"
    if kind == "choice":
        path = draw(
            st.sampled_from(
                [
                    ("verdict", "rating"),
                    ("evidence", 0, "stance"),
                    ("claim", "wording"),
                    ("claim", "claimant", "type"),
                ]
            )
        )
        _set(record, path, draw(st.sampled_from(["pants-on-fire", "TRUE", "", "unknown-x"])))
        return record, "FC104"
    if kind == "null":
        _set(record, ("evidence", 0, "speaker"), None)
        return record, "FC112"
    if kind == "slug":
        _set(
            record,
            ("id",),
            draw(st.sampled_from(["Has Spaces", "UPPER", "a--b", "-a", "ünï", "a_b", "../x"])),
        )
        return record, "FC108"
    record["history"] = []
    return record, "FC109"


@st.composite
def datasets(draw: st.DrawFn, max_records: int = 5) -> dict[str, Any]:
    """A valid dataset: `{"dataset.json": metadata, "records": [record, ...]}`.

    Record ids are unique, claims distinct, and every topic is declared in the metadata, so
    the dataset passes every rule. Write it with [`write_dataset`][factcheck.testing.write_dataset].
    """
    drawn = draw(
        st.lists(
            records(),
            min_size=1,
            max_size=max_records,
            unique_by=(
                lambda r: r["id"],
                lambda r: normalize_claim(r["claim"]["text"]),
            ),
        )
    )
    topics = sorted({t for record in drawn for t in record["topics"]})
    name = draw(slugs())
    info = {
        "name": name,
        "title": draw(texts()),
        "description": draw(markdowns()),
        "scope": draw(markdowns()),
        "license": "CC-BY-4.0",
        "maintainers": [{"name": draw(texts())}],
        "topics": topics,
        "citation": draw(markdowns()),
    }
    if draw(st.booleans()):
        info["site"] = f"https://data.example.org/{name}/"
        info["record_page"] = f"https://data.example.org/{name}/{{id}}/"
    info |= {
        "methodology": {
            k: draw(markdowns()) for k in ("claims", "sources", "ratings", "corrections")
        },
        "policy": {"min_independent_publishers": 2},
        "created": draw(dates()).isoformat(),
    }
    return {"dataset.json": info, "records": drawn}


def write_dataset(root: Path, dataset: dict[str, Any]) -> Path:
    """Write a dataset drawn from [`datasets`][factcheck.testing.datasets] under `root`; return its
    folder."""
    folder = Path(root) / dataset["dataset.json"]["name"]
    (folder / "records").mkdir(parents=True)
    info = json.dumps(dataset["dataset.json"], indent=2, ensure_ascii=False) + "\n"
    (folder / "dataset.json").write_text(info, encoding="utf-8")
    for record in dataset["records"]:
        text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
        (folder / "records" / f"{record['id']}.json").write_text(text, encoding="utf-8")
    return folder


def _is_free_text(path: tuple[Any, ...]) -> bool:
    last = path[-1]
    return not isinstance(last, int) and last not in {
        "schema_version",
        "id",
        "date",
        "reviewed",
        "published",
        "url",
        "rating",
        "stance",
        "wording",
        "type",
        "change",
        "language",
    }


__all__ = [
    "datasets",
    "dates",
    "markdowns",
    "mutated_records",
    "records",
    "slugs",
    "sources",
    "texts",
    "urls",
    "write_dataset",
]
