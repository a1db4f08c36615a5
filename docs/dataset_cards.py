"""mkdocs hook: one card per dataset, generated from the dataset's own files.

Every folder ``datasets/<name>/`` holding a ``dataset.json`` gets a page
``datasets/<name>.md`` that no one writes by hand: its description, scope, license,
maintainers, citation and methodology come from ``dataset.json``; its versions from the
release manifests; its counts by rating and topic, the chart of its ratings and the list of
its claims from the working copy in ``records/``. The pages are added to the ``Datasets``
section of the navigation, so a new dataset gets its card without an edit to ``mkdocs.yml``.

The chart is an inline SVG drawn here, so the site needs no script and no network to show it.

Every value read from those files is untrusted (a pull request can write anything in them) and
reaches the page inert: a paragraph is HTML built here with every value escaped (backticks
become ``<code>``, ``**`` and ``*`` emphasis; nothing else is read as markup); a heading or a
table cell is escaped so that neither HTML nor Markdown (links, images, ``{: attributes }``)
sees syntax in it; a code block's fence is longer than any run of backticks in its text;
links go only to http(s) URLs; no image comes from data.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.escaping import html, http_url, markdown_inline, terminal

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
        f"The {len(records)} records of the working copy. The first five ratings form the "
        "ordered [scale](../reference/record.md#the-rating-scale); below the dashed line, "
        "`misleading` and `unverifiable` stand outside it.\n",
        rating_chart(counts, f"Ratings in {name}") + "\n",
        "| rating | records | share | meaning |",
        "|---|--:|--:|---|",
        *(
            f"| {rating_badge(rating)} | {count} | {_share(count, len(records))} | "
            f"{_meaning(rating)} |"
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
        f"Every claim of the working copy; <code>factcheck show {_inline(name)}:ID</code> prints "
        "one with its "
        "verdict and sources.\n",
        "| claim and id | rating | claim date |",
        "|---|---|---|",
        *(
            f"| {_inline(_get(r, 'claim', 'text'))}<br><code>{_inline(_get(r, 'id'))}</code> | "
            f"{rating_badge(_get(r, 'verdict', 'rating'))} | {_inline(_get(r, 'claim', 'date'))} |"
            for r in records
        ),
        "",
    ]
    return "\n".join(out)


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
    from urllib.parse import quote

    return quote(f"{name}.md")


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


# mkdocs events -------------------------------------------------------------------------------


def _root(config: Any) -> Path:
    return Path(config.config_file_path).parent / "datasets"


def on_config(config: Any) -> Any:
    """Turn the navigation entry for the datasets page into a section with one card each."""
    names = [folder.name for folder in dataset_folders(_root(config))]
    pages = [INDEX, *({name: f"datasets/{name}.md"} for name in names)]

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
    """Add the generated card of every dataset as ``datasets/<name>.md``."""
    from mkdocs.structure.files import File

    for folder in dataset_folders(_root(config)):
        uri = f"datasets/{folder.name}.md"
        if files.get_file_from_path(uri) is not None:
            raise ValueError(f"docs/{uri} exists; dataset cards are generated, remove the file")
        files.append(File.generated(config, uri, content=render_card(read_dataset(folder))))
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
