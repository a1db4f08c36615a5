"""mkdocs hook: one card per dataset, generated from the dataset's own files.

Every folder ``datasets/<name>/`` holding a ``dataset.json`` gets a page
``datasets/<name>.md`` that no one writes by hand: its description, scope, license,
maintainers, citation and methodology come from ``dataset.json``; its versions from the
release manifests; its counts by rating and topic, the chart of its ratings and the list of
its claims from the working copy in ``records/``. The pages are added to the ``Datasets``
section of the navigation, so a new dataset gets its card without an edit to ``mkdocs.yml``.

Each record of the working copy also gets a page, ``datasets/<name>/claims/<id>.md`` (the
claim, the verdict, every source with its quote, the record's history, how to cite it, and
its ClaimReview JSON-LD), linked from the card's list of claims and kept out of the sidebar;
and each dataset a corrections log, ``datasets/<name>/corrections.md``: every ``corrected``
and ``rerated`` entry of its records' histories, newest first, and the records that releases
removed. A dataset whose ``dataset.json`` names its ``site`` and ``record_page`` must name the
addresses this site gives those pages under its ``site_url``; the build warns otherwise.

The chart is an inline SVG drawn here, so the site needs no script and no network to show it.

Every value read from those files is untrusted (a pull request can write anything in them) and
reaches the page inert: a paragraph is HTML built here with every value escaped (backticks
become ``<code>``, ``**`` and ``*`` emphasis; nothing else is read as markup); a heading or a
table cell is escaped so that neither HTML nor Markdown (links, images, ``{: attributes }``)
sees syntax in it; a code block's fence is longer than any run of backticks in its text;
links go only to http(s) URLs; no image comes from data. A page is made only for a record
whose id is a slug (as every valid id is), so no id can pick where its page is written. The
JSON-LD is written with :func:`factcheck.escaping.json_ld`, so ``</script>`` in a value
cannot end its block.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.escaping import html, http_url, json_ld, markdown_inline, terminal

log = logging.getLogger("mkdocs.plugins.factcheck")

INDEX = "datasets/index.md"
"""The page listing the datasets; the navigation entry naming it becomes the section."""

_RATING_COLOURS = {
    # ColorBrewer RdYlGn for the ordered scale, distinct hues for the two outside it; each
    # passes WCAG AA contrast for large shapes on white.
    "true": "#1a9850",
    "mostly-true": "#66bd63",
    "mixed": "#d9a400",
    "mostly-false": "#f46d43",
    "false": "#d73027",
    "misleading": "#7b5ea7",
    "unverifiable": "#8c8c8c",
}


@dataclass(frozen=True)
class DatasetDocs:
    """What a card shows about one dataset, read from its folder."""

    name: str
    info: dict[str, Any]
    records: list[dict[str, Any]]
    releases: list[Any]
    """The release manifests (:class:`factcheck.model.manifest.Manifest`), oldest first."""


def read_dataset(folder: Path) -> DatasetDocs:
    """Read a dataset folder: its ``dataset.json``, working-copy records and release manifests.

    Raises:
        ValueError: A file is not valid JSON; the message names it and says what to run.
    """
    from factcheck.model.layout import release_versions
    from factcheck.model.manifest import read_manifest

    records = [_json(path) for path in sorted((folder / "records").glob("*.json"))]
    releases = [read_manifest(folder / "releases" / v) for v in release_versions(folder)]
    return DatasetDocs(folder.name, _json(folder / "dataset.json"), records, releases)


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(
            f"{path}: cannot build its dataset card ({error}); run `factcheck validate {path}`"
        ) from None


def dataset_folders(root: Path) -> list[Path]:
    """The dataset folders under ``root``, by name."""
    from factcheck.store.catalog import dataset_names

    return [root / name for name in dataset_names(root)]


def rating_counts(records: list[dict[str, Any]]) -> dict[str, int]:
    """How many records have each rating: the ordered scale first, then the others."""
    from factcheck.model.ratings import ORDERED_RATINGS, Rating

    order = [*ORDERED_RATINGS, *(r for r in Rating if r not in ORDERED_RATINGS)]
    counts = Counter(_get(r, "verdict", "rating") for r in records)
    return {rating.value: counts.get(rating.value, 0) for rating in order}


def topic_counts(info: dict[str, Any], records: list[dict[str, Any]]) -> dict[str, int]:
    """How many records carry each topic, most frequent first; declared topics are all shown."""
    counts = Counter(topic for r in records for topic in _strings(_get(r, "topics")))
    for topic in _strings(info.get("topics")):
        counts.setdefault(topic, 0)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def rating_chart(counts: dict[str, int], title: str) -> str:
    """A horizontal bar chart of ``counts`` (rating → number of records) as one line of SVG.

    Text takes the page's colour (``currentColor``), so the chart reads in light and dark
    themes; ``role="img"`` and the title give screen readers the same numbers.
    """
    from factcheck.model.ratings import ORDERED_RATINGS

    ordered = {r.value for r in ORDERED_RATINGS}
    label_width, bar_width, row, gap = 110, 320, 30, 14
    width = label_width + bar_width + 50
    top = max(counts.values(), default=0) or 1
    parts: list[str] = []
    y = 8
    for i, (rating, count) in enumerate(counts.items()):
        if i and rating not in ordered and list(counts)[i - 1] in ordered:
            parts.append(
                f'<line x1="0" x2="{width}" y1="{y + gap / 2 - 4}" y2="{y + gap / 2 - 4}" '
                'stroke="currentColor" stroke-opacity="0.3" stroke-dasharray="4 4"/>'
            )
            y += gap
        length = round(bar_width * count / top)
        middle = y + row / 2 - 2
        parts.append(
            f'<text x="{label_width - 8}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="middle" fill="currentColor">{rating}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{row - 6}" rx="3" '
            f'fill="{_RATING_COLOURS.get(rating, "#8c8c8c")}"><title>{rating}: {count}</title>'
            f'</rect><text x="{label_width + length + 6}" y="{middle}" '
            f'dominant-baseline="middle" fill="currentColor">{count}</text>'
        )
        y += row
    height = y + 4
    described = ", ".join(f"{rating} {count}" for rating, count in counts.items())
    return (
        f'<svg class="factcheck-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'style="max-width:100%;height:auto;font-size:15px" '
        f'aria-label="{html(title)}: {described}"><title>{html(title)}</title>'
        + "".join(parts)
        + "</svg>"
    )


def rating_badge(rating: Any) -> str:
    """A rating in a table: its name after a swatch of its colour in the chart."""
    colour = _RATING_COLOURS.get(rating, "#8c8c8c") if isinstance(rating, str) else "#8c8c8c"
    return (
        f'<span class="factcheck-rating" style="--rating-colour:{colour}">{_inline(rating)}</span>'
    )


def render_card(data: DatasetDocs) -> str:
    """The Markdown of the dataset's card; every value from the dataset's files is inert."""
    info, records = data.info, data.records
    name = data.name
    latest = data.releases[-1] if data.releases else None
    counts = rating_counts(records)
    rated = sum(counts.values())
    unrated = len(records) - rated
    not_normalized = (
        f" {unrated} more {'has a label' if unrated == 1 else 'have labels'} that no table "
        "maps ([not normalized](../formats/index.md#not-normalized)), kept with "
        f"{'its' if unrated == 1 else 'their'} label and not counted here."
        if unrated
        else ""
    )
    license_ = html(_str(info.get("license", "not stated")))
    released = f"latest release <strong>{html(latest.version)}</strong>" if latest else None
    out = [
        f"# {_inline(info.get('title', name))}\n",
        f"<p><code>{html(name)}</code> · license <strong>{license_}</strong> · "
        f"{len(records)} records in the working copy · {released or 'no release yet'}</p>\n",
        *_paragraphs(info.get("description", "")),
        "## Scope\n",
        *_paragraphs(info.get("scope", "Not stated.")),
        "## Ratings\n",
        f"The {rated} rated records of the working copy. The first five ratings form the "
        "ordered [scale](../reference/record.md#the-rating-scale); below the dashed line, "
        f"`misleading` and `unverifiable` stand outside it.{not_normalized}\n",
        rating_chart(counts, f"Ratings in {name}") + "\n",
        "| rating | records | share | meaning |",
        "|---|--:|--:|---|",
        *(
            f"| {rating_badge(rating)} | {count} | {_share(count, rated)} | {_meaning(rating)} |"
            for rating, count in counts.items()
        ),
        "",
        "## Topics\n",
        "A record may carry several topics.\n",
        "| topic | records |",
        "|---|--:|",
        *(f"| <code>{_inline(t)}</code> | {n} |" for t, n in topic_counts(info, records).items()),
        "",
        "## Versions\n",
        *_versions(data),
        "## Load it\n",
        _fence("python", _load_example(json.dumps(name), latest)),
        "See [loading and analysing](../loading.md) for filters and pandas, Arrow or Hugging "
        "Face.\n",
        "## How to cite\n",
        _fence(
            "bibtex",
            _str(info.get("citation", "")).strip() or "% no citation given in dataset.json",
        ),
        "## License and maintainers\n",
        f"<p>The dataset's text is licensed under <strong>{license_}</strong>; "
        "quotes are short attributed excerpts of the cited publications.</p>\n",
        *_maintainers(info.get("maintainers", [])),
        "## Methodology\n",
    ]
    out += _methodology(info)
    if not info.get("methodology"):
        out.append("Not stated in `dataset.json`.\n")
    out += [
        "## Records\n",
        f"Every claim of the working copy, linked to its page (the verdict, its sources and "
        f"their quotes, its history); <code>factcheck show {_inline(name)}:ID</code> prints "
        "one in a terminal. Every correction, rerating and removal is in the "
        f"[corrections log]({_quote(f'{name}/corrections.md')}).\n",
        "| claim and id | rating | claim date |",
        "|---|---|---|",
        *(
            f"| {_claim_link(name, r)}<br><code>{_inline(_get(r, 'id'))}</code> | "
            f"{rating_badge(_get(r, 'verdict', 'rating'))} | {_inline(_get(r, 'claim', 'date'))} |"
            for r in records
        ),
        "",
    ]
    return "\n".join(out)


def _claim_link(name: str, record: dict[str, Any]) -> str:
    """The claim's text, linked to its page when it has one (its id is a slug)."""
    text = _inline(_get(record, "claim", "text"))
    record_id = _get(record, "id")
    if not _is_slug(record_id):
        return text
    return f"[{text}]({_quote(f'{name}/claims/{record_id}.md')})"


def _load_example(quoted_name: str, latest: Any) -> str:
    """The Python that loads the dataset: its latest release, and its working copy."""
    lines = ["import factcheck", ""]
    if latest:
        lines.append(f"ds = factcheck.load({quoted_name})  # the latest release, {latest.version}")
    lines.append(
        f'dev = factcheck.load({quoted_name}, version="dev")  # the working copy in records/'
    )
    return "\n".join(lines)


def _methodology(info: dict[str, Any]) -> list[str]:
    """Each part of the methodology as paragraphs, the first led by the part's name in bold."""
    out = []
    parts = info.get("methodology", {})
    for part, text in parts.items() if isinstance(parts, dict) else ():
        lead = f"<strong>{html(part.replace('_', ' ').capitalize())}.</strong>"
        first, *rest = _paragraphs(text) or ["<p></p>\n"]
        out += [first.replace("<p>", f"<p>{lead} ", 1), *rest]
    return out


def _versions(data: DatasetDocs) -> list[str]:
    if not data.releases:
        return [
            "No release yet: the records below are the working copy, which "
            f'<code>factcheck.load({_inline(json.dumps(data.name))}, version="dev")</code> reads.\n'
        ]
    rows = [
        "Each release is frozen: its files never change, and loading checks their checksums. "
        "The changes are counted from the previous release; what a major, minor and patch "
        "version means for data is in the "
        "[methodology](../methodology.md#versions-and-corrections).\n",
        "| version | released | records | changes | schema |",
        "|---|---|--:|---|---|",
    ]
    for m in reversed(data.releases):
        c = m.changes
        counts = [(len(c.added), "added"), (len(c.removed), "removed"), (len(c.changed), "changed")]
        changes = ", ".join(f"{n} {what}" for n, what in counts if n) or "none"
        if c.rerated:
            changes += f" ({len(c.rerated)} rerated)"
        rows.append(
            f"| **{_inline(m.version)}** | {_inline(m.released.isoformat())} | {m.records:d} | "
            f"{changes} | {_inline(m.schema_version)} |"
        )
    return [*rows, ""]


def render_index(folders: list[DatasetDocs]) -> str:
    """The Markdown table of every dataset, for the ``Datasets`` overview page."""
    rows = [
        "| dataset | title | records | latest release | license |",
        "|---|---|--:|---|---|",
    ]
    for data in folders:
        latest = data.releases[-1].version if data.releases else "no release yet"
        rows.append(
            f"| [<code>{_inline(data.name)}</code>]({_page(data.name)}) | "
            f"{_inline(data.info.get('title', ''))} | {len(data.records)} | {_inline(latest)} | "
            f"{_inline(data.info.get('license', ''))} |"
        )
    return "\n".join(rows)


_CODE_OR_EMPHASIS = re.compile(
    r"`([^`]+)`|\*\*(?=\S)(.+?)(?<=\S)\*\*|\*(?=[^\s*])([^*]+?)(?<=\S)\*"
)


def _paragraphs(text: Any) -> list[str]:
    """Text from a data file as HTML paragraphs, each a block Markdown leaves as it is.

    Blank lines separate paragraphs; `code`, **strong** and *emphasis* are the only markup
    read, and every character of the text is escaped.
    """
    return [
        f"<p>{_marked(' '.join(p.split(chr(10))))}</p>\n"
        for p in re.split(r"\n[ \t]*\n", _str(text))
        if p.strip()
    ]


def _marked(text: str) -> str:
    out, end = [], 0
    for match in _CODE_OR_EMPHASIS.finditer(text):
        out.append(html(text[end : match.start()], quote=False))
        code, strong, emphasis = match.groups()
        if code is not None:
            out.append(f"<code>{html(code, quote=False)}</code>")
        elif strong is not None:
            out.append(f"<strong>{html(strong, quote=False)}</strong>")
        else:
            out.append(f"<em>{html(emphasis, quote=False)}</em>")
        end = match.end()
    out.append(html(text[end:], quote=False))
    return "".join(out).strip()


def _inline(value: Any) -> str:
    """A value from a data file for a heading or table cell: shown as text, never markup."""
    return markdown_inline(_str(value))


def _str(value: Any) -> str:
    """Any JSON value as text (the files are not validated before the site is built)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _fence(language: str, code: str) -> str:
    """A fenced code block of ``code``: the fence is longer than any run of backticks in it,
    so no line of ``code`` can close the block; control characters are made visible."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{terminal(code)}\n{fence}\n"


def _page(name: str) -> str:
    """The card's address for a link (a dataset's name is a slug: the catalog lists no other)."""
    return _quote(f"{name}.md")


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path)


def _is_slug(value: Any) -> bool:
    from factcheck.model.fields import SLUG_PATTERN

    return isinstance(value, str) and re.fullmatch(SLUG_PATTERN, value) is not None


def _maintainers(maintainers: Any) -> list[str]:
    """The maintainers as an HTML list: name, e-mail as text, URL as a link if http(s)."""
    items = []
    for maintainer in maintainers if isinstance(maintainers, list) else []:
        maintainer = maintainer if isinstance(maintainer, dict) else {"name": maintainer}
        name = html(_str(maintainer.get("name", "")))
        extra = []
        if maintainer.get("email"):
            extra.append(html(_str(maintainer["email"])))
        if maintainer.get("url"):
            url = _str(maintainer["url"])
            link = http_url(url)
            extra.append(f'<a href="{html(link)}">{html(link)}</a>' if link else html(url))
        items.append(f"<li>{name} ({', '.join(extra)})</li>" if extra else f"<li>{name}</li>")
    return ["<ul>\n" + "\n".join(items) + "\n</ul>\n"] if items else []


def _meaning(rating: str) -> str:
    from factcheck.model.ratings import RATING_MEANINGS, Rating

    return RATING_MEANINGS[Rating(rating)]


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.0f} %" if total else "—"


# verdict pages and the corrections log -------------------------------------------------------


def verdict_uri(name: str, record_id: str) -> str:
    """Where a record's page goes in the site's sources: ``datasets/<name>/claims/<id>.md``."""
    return f"datasets/{name}/claims/{record_id}.md"


def corrections_uri(name: str) -> str:
    """Where a dataset's corrections log goes: ``datasets/<name>/corrections.md``."""
    return f"datasets/{name}/corrections.md"


def page_template(site_url: str, name: str, *, directory_urls: bool = True) -> str:
    """The address mkdocs gives each record's page under ``site_url``, ``{id}`` for the id.

    The records live one folder below the dataset's card, in ``claims/``, so that no record id
    can take the address of another page of the dataset (its corrections log).
    """
    base = site_url if site_url.endswith("/") else f"{site_url}/"
    page = "{id}/" if directory_urls else "{id}.html"
    return f"{base}datasets/{name}/claims/{page}"


def card_url(site_url: str, name: str, *, directory_urls: bool = True) -> str:
    """The address mkdocs gives a dataset's card under ``site_url``."""
    base = site_url if site_url.endswith("/") else f"{site_url}/"
    return f"{base}datasets/{name}/" if directory_urls else f"{base}datasets/{name}.html"


def pages_of(data: DatasetDocs) -> dict[str, dict[str, Any]]:
    """The records that get a page, by id: those whose id is a slug, the first of each id."""
    pages: dict[str, dict[str, Any]] = {}
    for record in data.records:
        record_id = _get(record, "id")
        if _is_slug(record_id):
            pages.setdefault(record_id, record)
    return pages


def claimreview_item(record: dict[str, Any], template: str | None) -> dict[str, Any] | None:
    """The record's ClaimReview, as ``Dataset.to_claimreview`` makes it, with its page's ``url``.

    ``None`` for a file that is not a record (the working copy is not validated before the
    site is built); a ``template`` that is not a usable URL template gives no ``url``.
    """
    import msgspec

    from factcheck.errors import UsageError
    from factcheck.formats.claimreview import to_claimreview
    from factcheck.model.records import RECORD_DECODER

    try:
        typed = RECORD_DECODER.decode(json.dumps(record).encode("utf-8"))
    except (msgspec.DecodeError, msgspec.ValidationError, UnicodeEncodeError):
        return None
    try:
        (item,) = to_claimreview([typed], review_url=template)
    except UsageError:
        (item,) = to_claimreview([typed])
    return item


def render_verdict(data: DatasetDocs, record: dict[str, Any], template: str | None = None) -> str:
    """The Markdown of one record's page; every value from the dataset's files is inert.

    Args:
        data: The dataset the record belongs to.
        record: The record, as read from its file.
        template: The address of each record's page, ``{id}`` for the id (default: the
            ``record_page`` of ``dataset.json``, when it is an http(s) URL).
    """
    name, info = data.name, data.info
    if template is None:
        named = info.get("record_page")
        template = named if isinstance(named, str) and http_url(named) else None
    record_id = _str(_get(record, "id"))
    url = http_url(template.replace("{id}", record_id)) if template else None
    claim, verdict = _get(record, "claim"), _get(record, "verdict")
    claimant = _get(claim, "claimant")
    rating = _get(verdict, "rating")
    if rating is None:
        rating = "not-normalized"  # shown as such, never as a rating
    out = [
        # The heading comes first: mkdocs takes the page's title from a leading one only.
        f"# {_inline(_get(claim, 'text'))}\n",
        f"Record <code>{_inline(record_id)}</code> of "
        f"[{_inline(info.get('title', name))}](../../{_page(name)}).\n",
        '<div class="factcheck-verdict">'
        f'<p class="factcheck-verdict-rating">{rating_badge(rating)} '
        f"<span>{html(_rating_meaning(rating))}</span></p>"
        f"<p>The reviewer's label: <strong>{html(_line(_get(verdict, 'label')))}</strong></p>"
        + (f"<p>{_marked(_line(_get(verdict, 'summary')))}</p>" if _get(verdict, "summary") else "")
        + "</div>\n",
        "## The claim\n",
        "<table><tbody>"
        + _row(
            "claimant",
            f"{html(_line(_get(claimant, 'name')))} "
            f'<span class="factcheck-muted">({html(_line(_get(claimant, "type")))})</span>',
        )
        + _row("date", html(_line(_get(claim, "date") or "not known")))
        + _row("wording", html(_wording(_get(claim, "wording"))))
        + _row("language", f"<code>{html(_line(_get(claim, 'language')))}</code>")
        + "</tbody></table>\n",
        *_paragraphs(_get(claim, "context")),
        "## The verdict\n",
        "<table><tbody>"
        + _row("rating", f"{rating_badge(rating)}: {html(_rating_meaning(rating))}")
        + _row("reviewer's label", html(_line(_get(verdict, "label"))))
        + _row("reviewer", html(_line(_get(verdict, "reviewer"))))
        + _row("reviewed", html(_line(_get(verdict, "reviewed") or "not stated")))
        + "</tbody></table>\n",
        *(_paragraphs(_get(verdict, "explanation")) or ["<p>No explanation given.</p>\n"]),
        "## Evidence\n",
        *(
            _documents(_get(record, "evidence"), stance=True)
            or ["<p>No source is cited for this verdict.</p>\n"]
        ),
        "## Where the claim appeared\n",
        *(
            _documents(_get(claim, "appearances"), stance=False)
            or ["<p>No appearance of the claim is recorded.</p>\n"]
        ),
        "## History\n",
        "Changes to this record, oldest first; every correction across the dataset is in the "
        "[corrections log](../corrections.md).\n",
        _history(_get(record, "history")),
        "## How to cite it\n",
        "<p>Cite the dataset, with the version you used (its BibTeX below), and the record: "
        f"its id, <code>{html(record_id)}</code>"
        + (f', and its page, <a href="{html(url)}">{html(url)}</a>' if url else "")
        + ".</p>\n",
        _fence(
            "bibtex",
            _str(info.get("citation", "")).strip() or "% no citation given in dataset.json",
        ),
    ]
    item = claimreview_item(record, template)
    if item is not None:
        out.append(f'<script type="application/ld+json">{json_ld(item)}</script>\n')
    return "\n".join(out)


def _row(header: str, cell: str) -> str:
    return f'<tr><th scope="row">{html(header)}</th><td>{cell}</td></tr>'


def _line(value: Any) -> str:
    """A value for one line of HTML: a new line would end a raw HTML block in Markdown."""
    return " ".join(_str(value).split("\n"))


def _rating_meaning(rating: Any) -> str:
    from factcheck.model.ratings import Rating

    if rating in (None, "not-normalized"):
        return "not normalized: the label maps to no rating of the factcheck scale"
    try:
        return Rating(rating).meaning
    except ValueError:
        return "not a rating of the factcheck scale"


def _wording(wording: Any) -> str:
    return {
        "verbatim": "verbatim: the claimant's exact words",
        "paraphrase": "paraphrase: the claim in other words than the claimant's",
    }.get(_str(wording), _str(wording))


def _documents(documents: Any, *, stance: bool) -> list[str]:
    """Each source or appearance as a block: its title linked, who published it, its quote."""
    out = []
    for document in documents if isinstance(documents, list) else []:
        document = document if isinstance(document, dict) else {}
        url = _str(document.get("url"))
        title = html(_line(document.get("title") or url or "untitled"))
        link = http_url(url)
        heading = f'<a href="{html(link)}">{title}</a>' if link else title
        facts = [f"<strong>{html(_line(document.get('publisher')))}</strong>"]
        if document.get("syndicated_from"):
            facts.append(f"syndicated from {html(_line(document['syndicated_from']))}")
        facts.append(html(_line(document.get("published") or "undated")))
        if stance:
            facts.append(
                f'stance: <span class="factcheck-stance">{html(_line(document.get("stance")))}'
                "</span>"
            )
        quote = ""
        if document.get("quote"):
            speaker = document.get("speaker")
            quote = f"<blockquote><p>{html(_line(document['quote']))}</p>" + (
                f"<p>— {html(_line(speaker))}</p>" if speaker else ""
            )
            quote += "</blockquote>"
        out.append(
            '<div class="factcheck-source">'
            f'<p class="factcheck-source-title">{heading}</p>'
            f'<p class="factcheck-muted">{" · ".join(facts)}</p>{quote}</div>\n'
        )
    return out


def _history(history: Any) -> str:
    rows = "".join(
        f"<tr><td>{html(_line(_get(e, 'date')))}</td><td>{html(_line(_get(e, 'change')))}</td>"
        f"<td>{html(_line(_get(e, 'note')))}</td></tr>"
        for e in (history if isinstance(history, list) else [])
    )
    return (
        "<table><thead><tr><th>date</th><th>change</th><th>note</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>\n"
    )


CORRECTIONS = ("corrected", "rerated")
"""The history entries the corrections log lists."""


def corrections(data: DatasetDocs) -> list[tuple[str, str, str, str]]:
    """Every ``corrected`` or ``rerated`` entry: (date, record id, change, note), newest first."""
    entries = [
        (_str(_get(e, "date")), _str(_get(r, "id")), _str(_get(e, "change")), _str(_get(e, "note")))
        for r in data.records
        for e in (_get(r, "history") if isinstance(_get(r, "history"), list) else [])
        if _get(e, "change") in CORRECTIONS
    ]
    by_record = sorted(entries, key=lambda e: e[1])
    return sorted(by_record, key=lambda e: e[0], reverse=True)  # stable: ids stay in order


def render_corrections(data: DatasetDocs) -> str:
    """The Markdown of a dataset's corrections log; every value from its files is inert."""
    name = data.name
    linked = pages_of(data)
    rows = []
    # A list, not a table: a long note stays readable at a phone's width.
    for day, record_id, change, note in corrections(data):
        shown = f"<code>{_inline(record_id)}</code>"
        if record_id in linked:
            claim = _inline(_get(linked[record_id], "claim", "text"))
            shown = f"[{claim}]({_quote(f'claims/{record_id}.md')}) ({shown})"
        rows.append(f"- **{_inline(day)}**, {_inline(change)}: {shown}<br>{_inline(note)}")
    out = [
        f"# Corrections log: {_inline(data.info.get('title', name))}\n",
        f"Every correction to a record of [<code>{_inline(name)}</code>](../{_page(name)}), "
        "newest first: the `corrected` and `rerated` entries of the records' histories in the "
        "working copy, and the records that each release removed. How errors are reported and "
        "corrected is in the [methodology](../../methodology.md#versions-and-corrections).\n",
        "## Corrected and rerated records\n",
    ]
    if rows:
        out += [*rows, ""]
    else:
        out.append("<p>No record has been corrected or rerated.</p>\n")
    out.append("## Records removed by a release\n")
    removed = [m for m in reversed(data.releases) if m.changes.removed]
    if not removed:
        out.append("<p>No release has removed a record.</p>\n")
    for m in removed:
        previous = f" (from {_inline(m.previous)})" if m.previous else ""
        out.append(
            f"**{_inline(m.version)}**, released {_inline(m.released.isoformat())}{previous}: "
            + ", ".join(f"<code>{_inline(r)}</code>" for r in m.changes.removed)
            + "\n"
        )
    return "\n".join(out)


def _check_site(data: DatasetDocs, config: Any) -> None:
    """Warn when ``dataset.json`` names other addresses than the ones this build gives.

    Not under ``mkdocs serve``, which puts its own address in ``site_url``.
    """
    if not config.site_url or _COMMAND.get("name") == "serve":
        return
    directory_urls = config.use_directory_urls
    expected = {
        "site": card_url(config.site_url, data.name, directory_urls=directory_urls),
        "record_page": page_template(config.site_url, data.name, directory_urls=directory_urls),
    }
    for field, address in expected.items():
        named = data.info.get(field)
        if named is not None and named != address:
            log.warning(
                "datasets/%s/dataset.json: %s is %s, but this site publishes it at %s; "
                "write that address (exported ClaimReview items take their url from it)",
                data.name,
                field,
                terminal(repr(named)),
                address,
            )


# mkdocs events -------------------------------------------------------------------------------


_COMMAND: dict[str, str] = {}
"""The mkdocs command running (``build``, ``serve``, ``gh-deploy``), once it has started."""


def on_startup(*, command: str, dirty: bool) -> None:
    """Note the command: ``serve`` builds under another ``site_url`` than the published one."""
    _COMMAND["name"] = command


def _root(config: Any) -> Path:
    return Path(config.config_file_path).parent / "datasets"


def on_config(config: Any) -> Any:
    """Turn the navigation entry for the datasets page into a section with one card each."""
    names = [folder.name for folder in dataset_folders(_root(config))]
    pages: list[Any] = [INDEX]
    for name in names:
        pages += [{name: f"datasets/{name}.md"}, {f"{name}: corrections": corrections_uri(name)}]

    def expand(items: list[Any]) -> bool:
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            (title, value), *_ = item.items()
            if value == INDEX:
                items[i] = {title: pages}
                return True
            if isinstance(value, list) and expand(value):
                return True
        return False

    if config.nav is not None:
        expand(config.nav)
    config.watch.append(str(_root(config)))
    return config


def on_files(files: Any, config: Any) -> Any:
    """Add every dataset's card (``datasets/<name>.md``), its corrections log and a page per
    record; the record pages stay out of the sidebar, reached from the card."""
    from mkdocs.structure.files import File, InclusionLevel

    def add(uri: str, content: str, **options: Any) -> None:
        if files.get_file_from_path(uri) is not None:
            raise ValueError(f"docs/{uri} exists; dataset pages are generated, remove the file")
        files.append(File.generated(config, uri, content=content, **options))

    for folder in dataset_folders(_root(config)):
        data = read_dataset(folder)
        _check_site(data, config)
        add(f"datasets/{data.name}.md", render_card(data))
        add(corrections_uri(data.name), render_corrections(data))
        template = (
            page_template(config.site_url, data.name, directory_urls=config.use_directory_urls)
            if config.site_url
            else None
        )
        for record_id, record in pages_of(data).items():
            add(
                verdict_uri(data.name, record_id),
                render_verdict(data, record, template),
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
    return files


def on_page_markdown(markdown: str, config: Any, **kwargs: Any) -> str:
    """Fill the ``<!-- factcheck:datasets -->`` and ``<!-- factcheck:methodology -->`` markers."""
    if "<!-- factcheck:datasets -->" in markdown:
        datasets = [read_dataset(f) for f in dataset_folders(_root(config))]
        markdown = markdown.replace("<!-- factcheck:datasets -->", render_index(datasets))
    if "<!-- factcheck:methodology -->" in markdown:
        markdown = markdown.replace(
            "<!-- factcheck:methodology -->", render_methodology(_root(config))
        )
    return markdown


def render_methodology(root: Path) -> str:
    """Each dataset's own methodology, from its ``dataset.json``, linked to its card."""
    out = []
    for folder in dataset_folders(root):
        info = _json(folder / "dataset.json")
        out.append(
            f"### [{_inline(info.get('title', folder.name))}](datasets/{_page(folder.name)})\n"
        )
        out += _methodology(info)
        policy = info.get("policy", {})
        if "min_independent_publishers" in policy:
            out.append(
                f"**Policy.** Each rated verdict cites at least "
                f"{_inline(policy['min_independent_publishers'])} independent publishers "
                "(enforced by the validator).\n"
            )
    return "\n".join(out)
