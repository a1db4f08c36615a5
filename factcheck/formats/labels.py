"""The one table that maps other rating vocabularies to the normalized scale.

Fact-checkers and research datasets each rate claims in their own words. Importers look a
label up here; the original label is always kept verbatim in `verdict.label`, and a label
that is not in the table is never guessed: its row is kept with no rating (not normalized)
and counted in the import's summary. The table is printed in the docs
(`docs/formats/ratings.md`), with the page that defines each vocabulary.

Two kinds of table live here. The general ones below (PolitiFact, Snopes, FEVER…) are
written in this module. The publishers' own scales, one table per published rating scale
with its defining page, languages and the dates it holds, are data: they are read from
`publisher_labels.json` beside this module the first time `VOCABULARIES` is used.
A ClaimReview is looked up in the tables of its publisher first (`publisher_tables`,
matched from the review's author and URL), then in the research table of its site (a
second, clearly marked tier taken from published research: `research_labels.py`), then in
the general ones.

Table keys and incoming labels pass through one normaliser, `label_key`, so
`"Pants on Fire!"`, `"pants-on-fire"` and `"PANTS ON FIRE"` are one label, as are
`"C’eri quasi"` and `"C&#039;eri quasi"`, `"não_é_bem_assim"` and `"Não é bem
assim"`. A label that a vocabulary defines but that says nothing about truth (Snopes'
"Outdated", PolitiFact's Flip-O-Meter) is listed with no rating and the reason, so the
report says why it was not mapped.
"""

from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..model.ratings import ORDERED_RATINGS, Rating

if TYPE_CHECKING:
    from .label_map import LabelMap

T, MT, MX, MF, F = ORDERED_RATINGS
MISLEADING, UNVERIFIABLE = Rating.MISLEADING, Rating.UNVERIFIABLE

PUBLISHER_TABLES = Path(__file__).with_name("publisher_labels.json")
"""The publishers' rating scales, as data (see `load_publisher_tables`)."""

HEADINGS = ("verdict", "rating", "ruling", "determination", "conclusion", "factscan score")
"""Words that may stand before a label with a colon (`"Verdict: False"`), as crawled pages
and some ClaimReview markup write them; they are not part of the label."""
_HEADING = re.compile(rf"^\s*(?:{'|'.join(HEADINGS)})\s*:\s*(?=\S)")
_SENTENCE = re.compile(r"\s*(?:[:.]|\s[-\u2013\u2014])\s+(?=\S)")
"""Where a sentence-label's verdict word ends: `"FALSO: As imagens…"`, `"False. The…"`,
`"Misleading - the photo…"` (a dash only with spaces, so `mostly-true` stays whole)."""
_SENTENCE_WORDS = 3
"""How many words must follow a verdict word for the label to count as a sentence."""
_KEPT = ("L", "M", "N")  # letters, marks (Devanagari vowel signs…), numbers; the rest separates


@lru_cache(maxsize=4096)
def label_key(label: str) -> str:
    """`label` as compared: the one normal form of table keys and incoming labels alike.

    HTML entities are decoded (`&#039;`), the text is NFKC-normalized (full-width forms,
    ligatures) and case-folded; a heading of `HEADINGS` is dropped, and so is the rest
    of a sentence after its leading verdict word, when at least three words follow
    (`"FALSO: As imagens foram…"` is `"falso"`, `"Claim: False"` stays whole);
    then every run of characters that is not a letter, a mark or a digit (punctuation of
    any script, apostrophes ’ and ', underscores of slugs, the zero-width non-joiner,
    spaces) becomes one space. Turkish dotless `ı` and dotted `İ` fold to `i`, since
    case-folding alone turns `YANLIŞ` into `yanliş`, not `yanlış`.
    `"Determination: False"` is `"false"`, `"não_é_bem_assim"` is `"não é bem assim"`.
    """
    text = unicodedata.normalize("NFKC", html.unescape(label)).casefold()
    text = text.replace("\u0131", "i").replace("i\u0307", "i")  # ı; İ case-folds to i + dot
    text = _HEADING.sub("", text)
    head, *rest = _SENTENCE.split(text, maxsplit=1)
    if rest and len(rest[0].split()) >= _SENTENCE_WORDS:
        text = head  # "falso: as imagens foram…"; but "claim: false" is one unknown label
    out: list[str] = []
    for char in text:
        if unicodedata.category(char)[0] in _KEPT:
            out.append(char)
        elif out and out[-1] != " ":
            out.append(" ")
    return "".join(out).strip()


@dataclass(frozen=True)
class Vocabulary:
    """The labels of one rating scheme and the rating each maps to."""

    name: str
    """Short name, as given to [`rating_for`][factcheck.formats.labels.rating_for]
    (`"politifact"`)."""
    title: str
    """Who uses the scheme, for people."""
    source: str
    """The page that defines the labels (empty for factcheck's own scale)."""
    labels: dict[str, Rating | str]
    """Label → rating, or → the reason the label has no rating."""
    note: str = ""
    """How the mapping was chosen, where it is not one-to-one."""
    publisher: str = ""
    """For a publisher's own scale: the publisher, shared by its tables (`"correctiv"`)."""
    languages: tuple[str, ...] = ()
    """The languages of the labels (ISO 639-1)."""
    valid_from: date | None = None
    """The first day the scale holds, where the publisher states it."""
    valid_to: date | None = None
    """The last day the scale holds, where the publisher states it."""
    authors: tuple[str, ...] = ()
    """Names a ClaimReview `author` or `publisher` of this publisher carries."""
    hosts: tuple[str, ...] = ()
    """URL hosts (with subdomains), optionally with a path prefix, of this publisher."""
    numeric: Mapping[str, object] | None = None
    """The publisher's documented numeric scale, if any: `bestRating`, `worstRating` and
    `values` (each `ratingValue` → rating). Without it, numbers are never used."""
    definitions: Mapping[str, str] = field(default_factory=dict, repr=False)
    """Each label's definition, an excerpt of the source page, verbatim."""
    keys: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", {label_key(label): label for label in self.labels})

    def lookup(self, label: str) -> Rating | str | None:
        """The rating of `label`, the reason it has none, or `None` if it is unknown."""
        found = self.keys.get(label_key(label))
        return None if found is None else self.labels[found]

    def holds_on(self, day: date | None) -> bool:
        """Whether the scale was in use on `day` (always, for an unknown day)."""
        if day is None:
            return True
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def number(self, value: float, best: float | None, worst: float | None) -> Rating | None:
        """The rating of `ratingValue` on this publisher's documented scale, if any."""
        scale = self.numeric
        if not scale or not math.isfinite(value) or value != int(value):
            return None
        for given, declared in ((best, scale.get("bestRating")), (worst, scale.get("worstRating"))):
            if given is not None and given != declared:
                return None  # another scale than the documented one: the label decides
        values = scale.get("values")
        found = values.get(str(int(value))) if isinstance(values, Mapping) else None
        return Rating(found) if found in _RATING_VALUES else None


_RATING_VALUES = frozenset(rating.value for rating in Rating)
_NO_RATING = "no rating: "


_NOT_A_CLAIM = "rates a change of position or a promise, not the truth of a claim"

_GENERAL: dict[str, Vocabulary] = {
    v.name: v
    for v in (
        Vocabulary(
            "politifact",
            "PolitiFact's Truth-O-Meter",
            "http://wral.com/story/how-we-determine-truth-o-meter-ratings/18769075/",
            {
                "True": T,
                "Mostly True": MT,
                "Half True": MX,
                "Mostly False": MF,
                "Barely True": MF,
                "False": F,
                "Pants on Fire": F,
                "Full Flop": _NOT_A_CLAIM,
                "Half Flip": _NOT_A_CLAIM,
                "No Flip": _NOT_A_CLAIM,
                "Promise Kept": _NOT_A_CLAIM,
                "Compromise": _NOT_A_CLAIM,
                "Promise Broken": _NOT_A_CLAIM,
                "Stalled": _NOT_A_CLAIM,
                "In the Works": _NOT_A_CLAIM,
                "Not Yet Rated": _NOT_A_CLAIM,
                "No Action": _NOT_A_CLAIM,
            },
            "Half True (partially accurate, leaving out important details) is `mixed`. "
            "Barely True is the former name of Mostly False. Pants on Fire (not accurate and "
            "ridiculous) is `false`: the scale has no degree beyond false. The Flip-O-Meter "
            "(No Flip to Full Flop) and the promise meters (Not Yet Rated, once No Action, to "
            "Promise Kept), listed on https://www.politifact.com/about/, rate consistency and "
            "promises, so they have no rating.",
        ),
        Vocabulary(
            "liar",
            "LIAR (Wang, 2017), PolitiFact's labels as written in its files",
            "https://aclanthology.org/P17-2067/",
            {
                "true": T,
                "mostly-true": MT,
                "half-true": MX,
                "barely-true": MF,
                "false": F,
                "pants-fire": F,
            },
            "The six Truth-O-Meter labels, with Barely True under its old name.",
        ),
        Vocabulary(
            "snopes",
            "Snopes",
            "https://www.snopes.com/fact-check-ratings/",
            {
                "True": T,
                "Mostly True": MT,
                "Mixture": MX,
                "Mostly False": MF,
                "False": F,
                "Unproven": UNVERIFIABLE,
                "Unfounded": UNVERIFIABLE,
                "Outdated": "is used when later events made the original rating irrelevant",
                "Research in Progress": "marks a check with no published conclusion yet",
            },
            "Unproven (evidence inconclusive) and Unfounded (no evidence found for it) are "
            "`unverifiable`. Snopes' other labels (Miscaptioned, Misattributed, Scam…) are not "
            "in the table yet: each needs its published definition before it is mapped.",
        ),
        Vocabulary(
            "truthorfiction",
            "TruthOrFiction.com",
            "https://www.truthorfiction.com/fact-check-ratings/",
            {
                "Truth!": T,
                "Fiction!": F,
                "Truth! & Fiction!": MX,
                "Unproven!": UNVERIFIABLE,
                "Reported to be Truth!": UNVERIFIABLE,
                "Reported to be Fiction!": UNVERIFIABLE,
                "Disputed!": "marks a controversy on which the site makes no judgment",
                "Previously Truth! Now Ended!": "marks a story that was true but is now outdated",
                "Previously Truth! Now Resolved!": (
                    "marks a story that was true but is now outdated"
                ),
                "Pending Investigation!": "marks a rumor still being investigated",
            },
            "Reported to be Truth! and Reported to be Fiction! mean the site found a single "
            "source of unknown or questionable credibility: `unverifiable`, with the label "
            "kept. Disputed! (the site takes no side) has no rating. Labels that MultiFC holds "
            "but the ratings page does not define, such as Mostly Fiction!, are not mapped.",
        ),
        Vocabulary(
            "africacheck",
            "Africa Check",
            "https://africacheck.org/how-we-fact-check/how-we-rate-claims",
            {
                "Correct": T,
                "Mostly Correct": MT,
                "Unproven": UNVERIFIABLE,
                "Misleading": MISLEADING,
                "Exaggerated": MISLEADING,
                "Understated": MISLEADING,
                "Incorrect": F,
            },
            "Exaggerated (the claim exaggerates the facts) and Understated (it understates them) "
            "get the facts' direction right and their size wrong: `misleading`, whose meaning "
            "includes an exaggeration that changes the meaning; the label is kept. The page "
            "defines each rating in this order, Correct to Incorrect; the label names are as "
            "MultiFC records them.",
        ),
        Vocabulary(
            "abcfactcheck",
            "RMIT ABC Fact Check",
            "https://www.abc.net.au/news/factcheck/about",
            {"In the Green": T, "In Between": MX, "In the Red": F},
            "Every verdict falls into one of three colour categories, green a positive ruling "
            "and red a negative one. They are coarse: `true` and `false` here mean the claim "
            "held up or did not, as for ClaimsKG's TRUE and FALSE; the verdict's own wording "
            "is kept in the label.",
        ),
        Vocabulary(
            "voiceofsandiego",
            "Voice of San Diego's San Diego Fact Check",
            "https://www.voiceofsandiego.org/category/fact/",
            {
                "True": T,
                "Mostly True": MT,
                "A Stretch": MISLEADING,
                "Unfounded": UNVERIFIABLE,
                "Misleading": MISLEADING,
                "False": F,
                "Huckster Propaganda": F,
            },
            "A Stretch (an element of truth, but critical context is absent that may "
            "significantly alter the impression) is `misleading`. Huckster Propaganda (not only "
            "inaccurate but knowingly made) is `false`: the scale has no degree beyond false. "
            "MultiFC writes these labels after a heading, as `determination: a stretch`.",
        ),
        Vocabulary(
            "meta",
            "The ratings of Meta's third-party fact-checking programme (Facebook, Instagram)",
            "https://transparency.fb.com/features/content-ratings-fact-checkers-use/",
            {"False": F, "Partly False": MX, "Altered": F, "Missing Context": MISLEADING},
            "Partly False (some factual inaccuracies, or a mix of true and false information) "
            "is `mixed`. Altered (images, audio or video manipulated in ways that could mislead) "
            'is `false`: the content is not what it is presented as. Missing Context ("designed '
            'for content that may mislead without additional context") is `misleading`: that '
            "definition is Facebook's announcement of the rating in August 2020, as quoted at "
            "https://www.bossdigital.net/tag/fact-checking/ and reported by Rappler "
            "(https://www.rappler.com/technology/social-media/facebook-adds-new-ratings-fact-"
            "checked-posts), since the stored copies of Meta's own page end before it. Satire "
            "and True are not in the table yet: their definitions have not been read.",
        ),
        Vocabulary(
            "fever",
            "FEVER (Thorne et al., 2018)",
            "https://fever.ai/dataset/fever.html",
            {"SUPPORTS": T, "REFUTES": F, "NOT ENOUGH INFO": UNVERIFIABLE},
            "FEVER judges a claim against Wikipedia alone: `true` and `false` here mean "
            "supported or refuted by Wikipedia.",
        ),
        Vocabulary(
            "averitec",
            "AVeriTeC (Schlichtkrull et al., 2023)",
            "https://fever.ai/dataset/averitec.html",
            {
                "Supported": T,
                "Refuted": F,
                "Not Enough Evidence": UNVERIFIABLE,
                "Conflicting Evidence/Cherrypicking": MX,
            },
            "Conflicting Evidence/Cherrypicking joins two cases, evidence both ways and true "
            "but cherry-picked: it maps to `mixed`, the nearer of `mixed` and `misleading` for "
            "the first; the label itself is kept.",
        ),
        Vocabulary(
            "claimskg",
            "ClaimsKG's normalized ratings (Tchechmedjiev et al., 2019)",
            "https://data.gesis.org/claimskg/site",
            {
                "TRUE": T,
                "FALSE": F,
                "MIXTURE": MX,
                "OTHER": "groups every label ClaimsKG could not place on its scale",
            },
        ),
        Vocabulary(
            "factcheck",
            "factcheck's own scale, values and labels",
            "",
            {rating.value: rating for rating in Rating},
        ),
    )
}


def load_publisher_tables(path: Path = PUBLISHER_TABLES) -> tuple[Vocabulary, ...]:
    """The publishers' rating scales of `path` (a JSON array), as vocabularies.

    Each entry has `name`, `publisher`, `title`, `languages`, `source`,
    `valid_from` and `valid_to` (ISO dates or null), `authors` and `hosts` (how a
    review names the publisher), `labels` (label → a rating, or `"no rating: <reason>"`),
    `definitions` (label → a verbatim excerpt of the source), `numeric` (null unless the
    publisher documents its numeric scale) and `note`.

    Raises:
        ValueError: An entry is malformed (a test loads the bundled file).
    """
    entries = json.loads(path.read_text(encoding="utf-8"))
    return tuple(_publisher_table(entry) for entry in entries)


def _publisher_table(entry: dict[str, object]) -> Vocabulary:
    def rating(value: object) -> Rating | str:
        if isinstance(value, str) and value in _RATING_VALUES:
            return Rating(value)
        if isinstance(value, str) and value.startswith(_NO_RATING) and value[len(_NO_RATING) :]:
            return value[len(_NO_RATING) :]
        raise ValueError(f"table {entry.get('name')!r}: {value!r} is no rating nor a reason")

    def day(value: object) -> date | None:
        return None if value is None else date.fromisoformat(str(value))

    labels = entry["labels"]
    if not isinstance(labels, dict) or not labels:
        raise ValueError(f"table {entry.get('name')!r} has no labels")
    return Vocabulary(
        str(entry["name"]),
        str(entry["title"]),
        str(entry["source"]),
        {str(label): rating(value) for label, value in labels.items()},
        str(entry.get("note") or ""),
        publisher=str(entry["publisher"]),
        languages=tuple(entry["languages"]),  # type: ignore[arg-type]
        valid_from=day(entry.get("valid_from")),
        valid_to=day(entry.get("valid_to")),
        authors=tuple(entry.get("authors") or ()),  # type: ignore[arg-type]
        hosts=tuple(entry.get("hosts") or ()),  # type: ignore[arg-type]
        numeric=entry.get("numeric") or None,  # type: ignore[arg-type]
        definitions=dict(entry.get("definitions") or {}),  # type: ignore[call-overload]
    )


@cache
def _all_tables() -> dict[str, Vocabulary]:
    tables = dict(_GENERAL)
    for table in load_publisher_tables():
        if table.name in tables:
            raise ValueError(f"two tables are named {table.name!r}")
        tables[table.name] = table
    return tables


class _Deferred(Mapping[str, Vocabulary]):
    """Tables by name, read by `load` (a cached function) on first use, not on import."""

    def __init__(self, load: Callable[[], dict[str, Vocabulary]]) -> None:
        self._load = load

    def __getitem__(self, name: str) -> Vocabulary:
        return self._load()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


# Looked up at each use (not bound here), so a test may replace `_all_tables`.
VOCABULARIES: Mapping[str, Vocabulary] = _Deferred(lambda: _all_tables())
"""Every table by name: the general ones of this module, then each publisher's scale."""

TEXT_VOCABULARIES = ("factcheck", *(name for name in _GENERAL if name != "factcheck"))
"""The general tables `rating_for("text", label)` tries, in order, for a free-text label,
factcheck's own scale first; after them, a label the publishers' tables agree on."""


def publisher_tables(
    names: Iterable[str] = (), urls: Iterable[str] = (), *, day: date | None = None
) -> tuple[Vocabulary, ...]:
    """The publisher tables of a review by `names` (author, publisher) at `urls`.

    A table matches when one of `names` is one of its `authors` (compared as
    `label_key` compares labels), or one of `urls` lies on one of its `hosts` (a
    subdomain counts; a host given with a path, such as `piaui.folha.uol.com.br/lupa`,
    needs that path). Of the matching tables, those in use on `day` (the review's date)
    are returned; every matching one when the day is unknown.
    """
    by_name = _by_author()
    matched = {table.name for name in names if name for table in by_name.get(label_key(name), ())}
    by_host = _by_host()
    for url in urls:
        if not url:
            continue
        place = _place(url)
        labels = place[0].split(".")
        for start in range(len(labels)):  # the host, then each domain above it
            for table, host in by_host.get(".".join(labels[start:]), ()):
                if _on_host(place, host):
                    matched.add(table.name)
    order = _table_order()
    tables = sorted((VOCABULARIES[name] for name in matched), key=lambda t: order[t.name])
    return tuple(table for table in tables if table.holds_on(day))


def _by_host() -> dict[str, tuple[tuple[Vocabulary, str], ...]]:
    """Each publisher host name (without its path) → the tables on it, with the host as
    given: a review's URL finds its tables by its host and the domains above it. Built once
    per set of tables."""
    return _indexes()[0]


def _table_order() -> dict[str, int]:
    return _indexes()[1]


_INDEXES: list[object] = [None, None]


def _indexes() -> tuple[dict[str, tuple[tuple[Vocabulary, str], ...]], dict[str, int]]:
    tables = _all_tables()
    if _INDEXES[0] is not tables:
        index: dict[str, tuple[tuple[Vocabulary, str], ...]] = {}
        for table in tables.values():
            for host in table.hosts if table.publisher else ():
                name = host.partition("/")[0]
                index[name] = (*index.get(name, ()), (table, host))
        _INDEXES[:] = [tables, (index, {name: n for n, name in enumerate(tables)})]
    return _INDEXES[1]  # type: ignore[return-value]


@cache
def _by_author() -> dict[str, tuple[Vocabulary, ...]]:
    index: dict[str, tuple[Vocabulary, ...]] = {}
    for table in VOCABULARIES.values():
        for author in table.authors:
            key = label_key(author)
            index[key] = (*index.get(key, ()), table)
    return index


def _place(url: str) -> tuple[str, str]:
    """The host and path of `url` as the tables match them; a URL that does not parse (an
    unbalanced `[` of an IPv6 host, a bad port) is on no host."""
    try:
        parts = urlsplit(url if "//" in url else f"//{url}")
        return (parts.hostname or "").rstrip("."), parts.path
    except ValueError:
        return "", ""


def _on_host(place: tuple[str, str], host: str) -> bool:
    name, _, path = host.partition("/")
    at, on = place
    return (at == name or at.endswith(f".{name}")) and on.startswith(f"/{path}" if path else "")


def rating_for(vocabulary: str, label: str) -> Rating | None:
    """The normalized rating of `label` in `vocabulary`, or `None` if it has none.

    Args:
        vocabulary: A key of `VOCABULARIES`, or `"text"` (also `"multifc"` and
            `"claimreview"`) for a free-text label: the general tables are tried in the
            order of `TEXT_VOCABULARIES`, then the labels on which every publisher
            table that defines them agrees, then the research labels that join that
            fallback (see `review_lookup`).
        label: The label as the source wrote it.

    Raises:
        KeyError: `vocabulary` is not a known vocabulary.
    """
    found = _lookup(vocabulary, label)
    return found if isinstance(found, Rating) else None


def unmapped(vocabulary: str, label: str) -> str:
    """Why `label` has no rating: the message an importer reports for its row.

    Raises:
        ValueError: `label` has a rating (ask [`rating_for`][factcheck.formats.labels.rating_for]
            first).
    """
    found = _lookup(vocabulary, label)
    if isinstance(found, Rating):
        raise ValueError(f"label {label!r} has a rating in {vocabulary!r}: {found.value}")
    if _is_text(vocabulary):
        return _why(label, found, "any table")
    return _why(label, found, f"the {vocabulary} table", clashes=False)


def review_lookup(label: str, tables: Sequence[Vocabulary] = ()) -> Rating | str | None:
    """The rating of a review's `label`: in its publisher's `tables`, else as free text.

    The review's own `tables` decide first, in their order, a reason included: the
    publisher's (`publisher_tables`), then the research table of its site
    (`factcheck.formats.research_labels.research_tables`, as the ClaimReview import passes
    them); a label the publisher defines with no rating is not rated by another table.
    Else the general tables decide, then the publishers' tables together, for a label
    that every one of them that defines it maps to the same rating (`"Falso"` is `false`
    wherever it is defined; Japanese `不正確` is `mixed` for FIJ and `mostly-false` for
    JFC, so it is not rated for a third publisher), then the research labels that join
    that fallback (`research_agreed`), for a label no publisher table defines. A label
    found nowhere is looked up once more without a leading word of `INTENSIFIERS`
    (`"Völlig falsch"` as `"falsch"`).

    Returns:
        The rating; the reason the label has none; or `None`, unknown.
    """
    found = _review_lookup(label, tables)
    inner = _intensified(label) if found is None else None
    return found if inner is None else _review_lookup(inner, tables)


def _review_lookup(label: str, tables: Sequence[Vocabulary]) -> Rating | str | None:
    for table in tables:
        found = table.lookup(label)
        if found is not None:
            return found
    return _lookup("text", label)


INTENSIFIERS = frozenset(
    [
        "completely",
        "totally",
        "entirely",
        "absolutely",
        "utterly",
        "wholly",
        "really",
        "very",
        "flatly",
        "völlig",
        "komplett",
        "total",
        "gänzlich",
        "absolut",
        "complètement",
        "totalement",
        "entièrement",
        "absolument",
        "completamente",
        "totalmente",
        "absolutamente",
        "rotundamente",
        "enteramente",
        "assolutamente",
    ]
)
"""Words that only strengthen the verdict word after them (`"Völlig falsch"`,
`"really_false"`, `"Totalmente falso"`): a label no table knows is looked up once more
without one. Hedges (`mostly`, `partly`, `größtenteils`) and negations are not here: they
change the rating."""


def _intensified(label: str) -> str | None:
    """`label`'s key without a leading intensifier, when one leads it and a word follows."""
    first, _, rest = label_key(label).partition(" ")
    return rest if first in INTENSIFIERS and rest else None


def review_source(label: str, tables: Sequence[Vocabulary] = ()) -> str | None:
    """Which table gives a review's `label` its rating, as `review_lookup` looks it up.

    Returns:
        The name of the table among `tables` (the publisher's, or the research table of its
        site) or of the general table that rates it; `"publishers' agreement"` or
        `"research agreement"` for the fallbacks; `None` when the label has no rating.
    """
    inner = _intensified(label) if _review_lookup(label, tables) is None else None
    label = label if inner is None else inner
    for table in tables:
        found = table.lookup(label)
        if found is not None:
            return table.name if isinstance(found, Rating) else None
    for table in _tables("text"):
        if isinstance(table.lookup(label), Rating):
            return table.name
    if isinstance(_agreed().get(label_key(label)), Rating):
        return "publishers' agreement"
    return "research agreement" if isinstance(_lookup("text", label), Rating) else None


def review_unmapped(label: str, tables: Sequence[Vocabulary] = ()) -> str:
    """Why a review's `label` has no rating (`review_lookup` found none)."""
    found = review_lookup(label, tables)
    if isinstance(found, Rating):
        raise ValueError(f"label {label!r} has a rating: {found.value}")
    where = ", ".join(table.name for table in tables)
    return _why(label, found, f"the {where} table(s) nor any other" if where else "any table")


def _why(label: str, found: str | None, where: str, *, clashes: bool = True) -> str:
    if found is not None:
        return f"label {label!r} has no rating on the normalized scale: it {found}"
    clash = _agreed().get(label_key(label)) if clashes else None
    if isinstance(clash, _Clash):
        return f"label {label!r} means different ratings to different publishers ({clash})"
    if clashes:
        from .research_labels import listed_in

        sites = listed_in(label)
        if sites:
            return (
                f"label {label!r} is only in the research table(s) {', '.join(sites)}, which "
                "decide for their own site; add it to publisher_labels.json, with the page "
                "that defines it, or to --label-map, to import this row normalized"
            )
    return (
        f"label {label!r} is not in {where} of factcheck/formats/labels.py or "
        "publisher_labels.json; "
        "add it there, with the page that defines it, to import this row"
    )


class _Clash(str):
    """Publisher tables that rate one label differently, as `"fij: mixed; jfc: …"`."""


@cache
def _agreed() -> dict[str, Rating | str]:
    """Label key → what every publisher table that defines it says, or a `_Clash`."""
    said: dict[str, dict[str, Rating | str]] = {}
    for table in VOCABULARIES.values():
        if table.publisher:
            for key, label in table.keys.items():
                said.setdefault(key, {})[table.name] = table.labels[label]
    agreed: dict[str, Rating | str] = {}
    for key, by_table in said.items():
        values = set(by_table.values())
        rated = {value for value in values if isinstance(value, Rating)}
        if len(rated) > 1 or (rated and len(values) > len(rated)):
            shown = "; ".join(f"{name}: {value}" for name, value in by_table.items())
            agreed[key] = _Clash(shown)
        else:
            agreed[key] = next(iter(rated)) if rated else next(iter(values))
    return agreed


def _is_text(vocabulary: str) -> bool:
    return vocabulary in ("text", "multifc", "claimreview")


@cache
def _tables(vocabulary: str) -> tuple[Vocabulary, ...]:
    if _is_text(vocabulary):
        return tuple(VOCABULARIES[name] for name in TEXT_VOCABULARIES)
    if vocabulary not in VOCABULARIES:
        known = ", ".join([*VOCABULARIES, "text"])
        raise KeyError(f"unknown rating vocabulary {vocabulary!r}; known: {known}")
    return (VOCABULARIES[vocabulary],)


def _lookup(vocabulary: str, label: str) -> Rating | str | None:
    reason: str | None = None
    for table in _tables(vocabulary):
        found = table.lookup(label)
        if isinstance(found, Rating):
            return found
        reason = reason or found
    if _is_text(vocabulary):
        key = label_key(label)
        agreed = _agreed().get(key)
        if isinstance(agreed, Rating):
            return agreed
        if agreed is not None and not isinstance(agreed, _Clash):
            reason = reason or agreed
        if agreed is None and reason is None:
            from .research_labels import research_agreed

            return research_agreed().get(key)
    return reason


def verdict_for(
    vocabulary: str, label: str, reviewer: str, label_map: LabelMap | None = None
) -> dict[str, str]:
    """The `verdict` of an imported record: its rating, the label verbatim, the reviewer.

    The user's `label_map` (`--label-map`) decides first, then `vocabulary`. A label
    that maps to no rating keeps its row: the verdict has its label and no `rating` (it is
    *not normalized*; `unmapped` says why).
    """
    rating = None if label_map is None else label_map.lookup(label, (reviewer,))
    if rating is None:
        rating = rating_for(vocabulary, label)
    verdict = {"label": label, "reviewer": reviewer}
    if rating is not None:
        verdict["rating"] = str(rating)
    return verdict


def rating_for_number(value: float, best: float = 5, worst: float = 1) -> Rating | None:
    """The rating of a number on a linear `worst`–`best` scale where higher is truer.

    Only for a caller who knows its numbers lie on such a scale: the ClaimReview import does
    not use it, since publishers' numbers mean what each defines (see
    [`Vocabulary.number`][factcheck.formats.labels.Vocabulary.number]).

    The value's position on its scale is rounded to the nearest of the five ordered ratings:
    on the usual 1–5 scale, 5 is `true`, 3 `mixed` and 1 `false`. `None` when the scale
    is empty or the value lies outside it (many publishers write `-1` or `0` for "not on
    the scale"), so the caller falls back on the label.
    """
    numbers = (value, best, worst)
    if not all(isinstance(n, int | float) and math.isfinite(n) for n in numbers):
        return None
    if best == worst or not min(best, worst) <= value <= max(best, worst):
        return None
    # Exact fractions: with floats, a scale such as -1e308 to 1e308 overflows to inf - inf.
    value_, best_, worst_ = map(Fraction, numbers)
    position = (value_ - worst_) / (best_ - worst_)  # 0 at worst, 1 at best
    return ORDERED_RATINGS[round((1 - position) * (len(ORDERED_RATINGS) - 1))]


def number_for(rating: Rating) -> int | None:
    """The `ratingValue` of `rating` on a 1–5 scale (5 = true), `None` off the scale."""
    if rating not in ORDERED_RATINGS:
        return None
    return len(ORDERED_RATINGS) - ORDERED_RATINGS.index(rating)


__all__ = [
    "HEADINGS",
    "INTENSIFIERS",
    "PUBLISHER_TABLES",
    "TEXT_VOCABULARIES",
    "VOCABULARIES",
    "Vocabulary",
    "label_key",
    "load_publisher_tables",
    "number_for",
    "publisher_tables",
    "rating_for",
    "rating_for_number",
    "review_lookup",
    "review_source",
    "review_unmapped",
    "unmapped",
    "verdict_for",
]
