"""mkdocs hook: fill the reference pages from the code, so they can never drift from it.

A page holds a marker such as ``<!-- factcheck:rules -->``; the hook replaces it with
Markdown generated from the rule registry, the models' JSON Schema, the rating scale or the
command's argument parser.
"""

from __future__ import annotations

import re
from typing import Any


def _rules() -> str:
    from factcheck.validation.rules import RULES

    layers = {
        "reading": "Reading (FC0xx): the file's bytes and JSON syntax",
        "structure": "Structure (FC1xx): the record schema",
        "record": "Meaning within a record (FC2xx)",
        "dataset": "Meaning across a dataset (FC3xx)",
        "release": "Releases (FC3xx)",
    }
    out = []
    for layer, title in layers.items():
        out.append(f"## {title}\n")
        for rule in sorted(RULES.values(), key=lambda r: r.code):
            if rule.layer != layer:
                continue
            out.append(f"### {rule.code} {rule.name} {{#{rule.code.lower()}}}\n")
            out.append(f"*{rule.severity.value}* — {rule.summary}\n")
            out.append(rule.doc + "\n")
            out.append(f"**Hint shown**: {rule.hint}\n")
            if rule.layer == "record":
                reads = ", ".join(f"`{field}`" for field in rule.reads or ()) or "the whole record"
                out.append(f"**Reads**: {reads}\n")
    return "\n".join(out)


def _fields() -> str:
    from factcheck.model.schema import record_schema

    schema = record_schema()
    out = []
    sections = [("Record", schema), *sorted(schema["$defs"].items())]
    for name, definition in sections:
        if "properties" not in definition:
            continue
        out.append(f"### {name}\n\n{definition.get('description', '')}\n")
        out.append("| field | type | required | description | example |")
        out.append("|---|---|---|---|---|")
        required = set(definition.get("required", []))
        for field, prop in definition["properties"].items():
            kind = _type(prop, schema["$defs"])
            out.append(
                f"| `{field}` | {kind} | {'yes' if field in required else 'no'} | "
                f"{_cell(prop.get('description', ''))} | {_example(prop)} |"
            )
        out.append("")
    return "\n".join(out)


def _type(prop: dict[str, Any], definitions: dict[str, Any]) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return _type(definitions[name], definitions) if "enum" in definitions[name] else name
    if "enum" in prop:
        return " \\| ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    if prop.get("type") == "array":
        return f"list of {_type(prop.get('items', {}), definitions)}"
    kind = prop.get("type", "")
    return f"{kind} ({prop['format']})" if "format" in prop else kind


def _example(prop: dict[str, Any]) -> str:
    examples = prop.get("examples")
    return f"`{examples[0]}`" if examples else ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _ratings() -> str:
    from factcheck.model.ratings import RATING_MEANINGS

    rows = ["| rating | score | meaning |", "|---|---|---|"]
    for rating, meaning in RATING_MEANINGS.items():
        score = "—" if rating.score is None else f"{rating.score:.2f}"
        rows.append(f"| `{rating.value}` | {score} | {meaning} |")
    return "\n".join(rows)


def _label_mappings() -> str:
    """One table per vocabulary of ``factcheck/formats/labels.py``, with its source."""
    from factcheck.formats.labels import VOCABULARIES
    from factcheck.model.ratings import Rating

    out: list[str] = []
    for vocabulary in VOCABULARIES.values():
        source = f" ([definitions]({vocabulary.source}))" if vocabulary.source else ""
        out += [f"### {vocabulary.title} {{#{vocabulary.name}}}", ""]
        out += [f"Name: `{vocabulary.name}`{source}", ""]
        if vocabulary.publisher:
            out += [_scale_facts(vocabulary), ""]
        if vocabulary.note:
            out += [vocabulary.note, ""]
        defined = bool(vocabulary.definitions)
        out += ["| label | rating | definition (excerpt) |" if defined else "| label | rating |"]
        out += ["|---|---|---|" if defined else "|---|---|"]
        for label, rating in vocabulary.labels.items():
            # A Rating is a str too (StrEnum): test for the Rating, not for the reason.
            shown = f"`{rating.value}`" if isinstance(rating, Rating) else f"none: it {rating}"
            cells = [_cell(label), _cell(shown)]
            if defined:
                cells.append(_cell(vocabulary.definitions.get(label, "")))
            out.append(f"| {' | '.join(cells)} |")
        out.append("")
    return "\n".join(out)


def _scale_facts(vocabulary: Any) -> str:
    languages = ", ".join(f"`{language}`" for language in vocabulary.languages)
    start = vocabulary.valid_from.isoformat() if vocabulary.valid_from else "—"
    end = vocabulary.valid_to.isoformat() if vocabulary.valid_to else "—"
    matched = ", ".join([*vocabulary.authors, *vocabulary.hosts])
    return (
        f"Publisher `{vocabulary.publisher}`; languages {languages}; in use {start} to {end}; "
        f"matched from a review's author, publisher or URL: {_cell(matched)}."
    )


def _publisher_tables() -> str:
    """The publishers' scales at a glance: source, languages, label count, dates."""
    from factcheck.formats.labels import VOCABULARIES

    rows = [
        "| table | publisher | languages | labels | in use | source |",
        "|---|---|---|---|---|---|",
    ]
    for v in VOCABULARIES.values():
        if not v.publisher:
            continue
        languages = ", ".join(v.languages)
        start = v.valid_from.isoformat() if v.valid_from else ""
        end = v.valid_to.isoformat() if v.valid_to else ""
        used = f"{start} – {end}" if start or end else "—"
        rows.append(
            f"| [`{v.name}`](#{v.name}) | {_cell(v.title)} | {languages} | {len(v.labels)} "
            f"| {used} | [page]({v.source}) |"
        )
    return "\n".join(rows)


def _research_tables() -> str:
    """The research tier: its source and credit, the mapping of X-Fact's English labels, the
    fallback's measured agreement with the publishers' tables, and one table per site."""
    import html

    from factcheck.formats.labels import VOCABULARIES, label_key
    from factcheck.formats.research_labels import research_agreed, research_tier
    from factcheck.model.ratings import Rating

    def text(value: str) -> str:  # one line, escaped: the labels are X-Fact's data
        return _cell(html.escape(" ".join(value.split()), quote=False))

    def rating(value: Any) -> str:
        return f"`{value.value}`" if isinstance(value, Rating) else f"none: it {text(value)}"

    tier = research_tier()
    kept = sum(len(entries) for entries in tier.entries.values())
    dropped = sum(len(lines) for lines in tier.left_out.values())
    out = [
        "### Source, credit and licence",
        "",
        f"Read from [{tier.repository}]({tier.repository}) at commit `{tier.commit}` "
        f"({len(tier.left_out)} maps, `data/x-fact/label_maps/<site>.txt`): **{kept} labels "
        f"kept in {len(tier.tables)} tables**, {dropped} lines left out. Paper: "
        f"[{tier.title}]({tier.paper}). Cite it as its README asks:",
        "",
        "```bibtex",
        tier.citation,
        "```",
        "",
        f"Licence: {tier.licence}; the maps are used under it, and its notice travels with "
        "the data (`licence_text` in `factcheck/formats/research_labels.json`):",
        "",
        "```text",
        tier.licence_text,
        "```",
        "",
        "### X-Fact's English labels on factcheck's scale",
        "",
        "| X-Fact's English label | rating |",
        "|---|---|",
    ]
    for english, value in tier.english.items():
        reason = value.removeprefix("no rating: ")
        out.append(f"| {text(english)} | {rating(reason if reason != value else Rating(value))} |")
    out += ["", "Left out, with the reason:", "", "| X-Fact's English label | why |", "|---|---|"]
    out += [f"| {text(english)} | {text(why)} |" for english, why in tier.english_left_out.items()]
    out += ["", "Every `other/…` label is X-Fact's class *other* and left out too.", ""]

    # How often a research label means what the publishers' tables that define it say,
    # for labels of one site and of several: the measure behind the fallback's rule.
    said: dict[str, dict[str, Any]] = {}
    for table in VOCABULARIES.values():
        if table.publisher:
            for key, label in table.keys.items():
                said.setdefault(key, {})[table.name] = table.labels[label]
    listed: dict[str, dict[str, Any]] = {}
    for entries in tier.entries.values():
        for entry in entries:
            listed.setdefault(label_key(entry.label), {})[entry.table] = entry
    counts = {"one": [0, 0], "several": [0, 0]}
    differing: list[str] = []
    for key, by_table in listed.items():
        values = {entry.rating for entry in by_table.values()}
        if key not in said or len(values) != 1:
            continue
        (value,) = values
        same = all(
            theirs == value or not (isinstance(theirs, Rating) or isinstance(value, Rating))
            for theirs in said[key].values()
        )
        counts["one" if len(by_table) == 1 else "several"][0 if same else 1] += 1
        if not same:
            entry = next(iter(by_table.values()))
            theirs = "; ".join(f"{name}: {rating(v)}" for name, v in said[key].items())
            differing.append(
                f"`{text(entry.label)}` ({', '.join(by_table)}: {rating(value)}; {theirs})"
            )

    def agreed(group: str) -> str:
        same, other = counts[group]
        return f"{same} of {same + other}"

    out += [
        "### Agreement with the publishers' tables",
        "",
        "Of the research labels that a publisher's table also defines (each label once, its "
        "research tables agreeing; two labels with no rating count as agreeing), "
        f"**{agreed('one')} listed by one site** and **{agreed('several')} listed by several "
        "sites** mean what every publisher table defining them says"
        + (f". They differ on: {'; '.join(differing)}." if differing else "."),
        "",
        f"**{len(research_agreed())} research labels** join the "
        "[fallback](#the-fallback-for-other-publishers); the others hold for their own site "
        "only.",
        "",
        "### The research tables",
        "",
    ]
    for table in tier.tables:
        anchor = table.name.replace(".", "-")
        out += [f"#### {text(table.title)} {{#{anchor}}}", ""]
        out += [f"Name: `{table.name}`; matched from a review's URL on `{', '.join(table.hosts)}`"]
        out += [f" ([the map at commit `{tier.commit[:12]}`]({table.source})). {text(table.note)}"]
        out += ["", "| label | X-Fact's English label | rating | line |", "|---|---|---|---|"]
        for entry in tier.entries[table.name]:
            out.append(
                f"| {text(entry.label)} | {text(entry.english)} | {rating(entry.rating)} "
                f"| [{entry.line}]({table.source}#L{entry.line}) |"
            )
        out.append("")
    return "\n".join(out)


def _claimreview_coverage() -> str:
    """The share of the committed real ClaimReview items whose label is normalized."""
    from collections import Counter
    from datetime import date
    from pathlib import Path

    import factcheck
    from factcheck.formats import read

    # Beside the package (a checkout), not beside this file: a test builds a copy of docs/.
    root = Path(factcheck.__file__).resolve().parent.parent
    real = root / "tests" / "data" / "formats" / "claimreview" / "real"
    if not real.is_dir():
        return "*The real markup is not in this copy of the source: no figure.*"
    files = sorted(p for p in real.iterdir() if p.name != "SOURCE.md")
    rated = items = lost = 0
    unmapped: Counter[str] = Counter()
    for path in files:
        stream = read("claimreview", path, today=date(2026, 12, 1))
        for record in stream:
            items += 1
            if record.verdict.rating is None:
                unmapped[record.verdict.label] += 1
            else:
                rated += 1
        lost += len(stream.problems)
    kept = items - rated
    lines = [
        f"Of the **{items} ClaimReview items** in the {len(files)} files of real markup "
        "committed under `tests/data/formats/claimreview/real/` (provenance in its "
        f"`SOURCE.md`), **{rated} ({rated / items:.0%}) have a normalized rating**; the other "
        f"{kept} have a label that no table maps, and are imported all the same, with their "
        "label and no `verdict.rating` ([not normalized](index.md#not-normalized))"
        + (f"; {lost} rows could not be read" if lost else "")
        + ":",
        "",
        "| label no table maps | items |",
        "|---|---|",
    ]
    lines += [f"| {_cell(label)} | {n} |" for label, n in unmapped.most_common()]
    return "\n".join(lines)


def _real_markup() -> Any:
    """The committed real ClaimReview markup, or ``None`` where this copy has none."""
    from pathlib import Path

    import factcheck

    # Beside the package (a checkout), not beside this file: a test builds a copy of docs/.
    root = Path(factcheck.__file__).resolve().parent.parent
    real = root / "tests" / "data" / "formats" / "claimreview" / "real"
    return real if real.is_dir() else None


TIERS = (
    "publisher's table",
    "research table of its site",
    "general tables",
    "publishers' agreement",
    "research agreement",
    "number on a documented scale",
)
"""The tiers that normalize a row, in the order a label is looked up."""


def _tiers(path: Any) -> list[str]:
    """The tier that rated each rated ClaimReview of the file at `path`, as the importer
    finds its items (whole files; the real markup is small)."""
    from datetime import date

    from factcheck.formats import claimreview, cleaning
    from factcheck.formats.labels import _GENERAL, review_source
    from factcheck.model.ratings import Rating

    text = path.read_bytes().decode("utf-8-sig")
    found = []
    for item in claimreview._page_items(text):  # JSON-LD, else a page's microdata
        record = claimreview.record_from(item, today=date(2026, 12, 1), origin="")
        if isinstance(record, str) or "rating" not in record["verdict"]:
            continue
        node = claimreview._first(item.get("reviewRating"))
        reviewed = cleaning.iso_date(item.get("datePublished"))
        tables = claimreview._publisher_tables(item, reviewed)
        names = (cleaning.line(node.get("alternateName")), cleaning.line(node.get("name")))
        source = next((s for n in names if n and (s := review_source(n, tables))), None)
        if names[1] in {r.value for r in Rating}:
            source = "general tables"  # factcheck's own export writes its rating there
        elif source is None:
            source = "number on a documented scale"
        elif source.startswith("xfact-"):
            source = "research table of its site"
        elif source in _GENERAL:
            source = "general tables"
        elif source not in TIERS:
            source = "publisher's table"
        found.append(source)
    return found


def label_coverage_rows() -> list[dict[str, Any]]:
    """Per file of the real markup: its publisher and language (as its ``SOURCE.md`` row
    names them), its rows, the rows whose label is normalized, and the labels of the others;
    and `tiers`, how many rows each tier of `TIERS` normalized.

    A row is normalized when it became a record with a rating on the normalized scale; a row
    reported instead of imported, or imported with no rating, counts as not normalized with
    its label. A test compares these figures with the importer's.
    """
    import re
    from collections import Counter
    from datetime import date

    from factcheck.formats import read
    from factcheck.model.ratings import Rating

    real = _real_markup()
    if real is None:
        return []
    described = {}
    for line in (real / "SOURCE.md").read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 7 and cells[0].startswith("`") and re.match(r"\d+", cells[5]):
            described[cells[0].strip("`")] = (cells[3], cells[4])
    rows = []
    for path in sorted(p for p in real.iterdir() if p.name != "SOURCE.md"):
        stream = read("claimreview", path, today=date(2026, 12, 1))
        normalized, unmapped = 0, []
        for record in stream:
            rating = getattr(record.verdict, "rating", None)
            if rating is not None and str(rating) in {r.value for r in Rating}:
                normalized += 1
            else:
                unmapped.append(str(getattr(record.verdict, "label", "")))
        for problem in stream.problems:
            found = re.match(r"label '(.*?)' (?:is not|means)", problem.message, re.S)
            unmapped.append(found[1] if found else problem.message)
        publisher, language = described.get(path.name, ("?", "?"))
        rows.append(
            {
                "file": path.name,
                "publisher": publisher,
                "language": language,
                "rows": normalized + len(unmapped),
                "normalized": normalized,
                "unmapped": unmapped,
                "tiers": Counter(_tiers(path)),
            }
        )
    return rows


def _label_coverage() -> str:
    """The label coverage page: the real markup's rows normalized, by publisher and language."""
    import html
    from collections import Counter, defaultdict

    def shown(label: str) -> str:  # one line, HTML-escaped: labels are publishers' text
        return _cell(html.escape(" ".join(label.split()), quote=False))

    rows = label_coverage_rows()
    if not rows:
        return "*The real markup is not in this copy of the source: no figure.*"
    total = sum(r["rows"] for r in rows)
    done = sum(r["normalized"] for r in rows)

    def share(n: int, of: int) -> str:
        return f"{n / of:.0%}" if of else "—"

    out = [
        f"**{done} of {total} rows ({share(done, total)}) normalized**, in {len(rows)} files "
        f"({len({(r['publisher'], r['language']) for r in rows})} publisher and language "
        f"rows below, {len({r['language'] for r in rows})} languages).",
        "",
        "### By publisher",
        "",
        "| publisher (as `SOURCE.md` names it) | language | files | rows | normalized | share "
        "| labels not normalized |",
        "|---|---|---|---|---|---|---|",
    ]
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[(row["publisher"], row["language"])].append(row)
    for (publisher, language), members in sorted(groups.items(), key=lambda g: g[0]):
        n = sum(m["rows"] for m in members)
        ok = sum(m["normalized"] for m in members)
        missing = "; ".join(shown(label) for m in members for label in m["unmapped"])
        out.append(
            f"| {_cell(publisher)} | {_cell(language)} | {len(members)} | {n} | {ok} "
            f"| {share(ok, n)} | {missing or '—'} |"
        )
    tiers: Counter[str] = Counter()
    for row in rows:
        tiers.update(row["tiers"])
    out += ["", "### By tier", ""]
    out += ["Which table normalized each row, in the order a label is looked up "]
    out += ["([whose table decides](ratings.md#whose-table-decides)):", ""]
    out += ["| tier | rows normalized |", "|---|---|"]
    out += [f"| {tier} | {tiers[tier]} |" for tier in TIERS]
    by_language: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        by_language[row["language"]][0] += row["rows"]
        by_language[row["language"]][1] += row["normalized"]
    out += ["", "### By language", "", "| language | rows | normalized | share |"]
    out.append("|---|---|---|---|")
    for language, (n, ok) in sorted(by_language.items()):
        out.append(f"| {_cell(language)} | {n} | {ok} | {share(ok, n)} |")
    unmapped = Counter(label for row in rows for label in row["unmapped"])
    out += ["", "### Labels not normalized, most frequent first", ""]
    if unmapped:
        out += ["| label | rows |", "|---|---|"]
        out += [f"| {shown(label)} | {n} |" for label, n in unmapped.most_common()]
    else:
        out.append("None.")
    return "\n".join(out)


def _prose(text: str) -> str:
    """Help text of the parser as Markdown text: what it says, nothing it could mean as markup."""
    return re.sub(r"([\\`*_\[\]|])", r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))


def _commands() -> dict[str, Any]:
    """The subcommands of the `factcheck` parser, by name, in the parser's order."""
    import argparse

    from factcheck.cli.main import build_parser

    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {"": parser, **action.choices}
    raise AssertionError("the factcheck parser has no subcommands")


def _cli_overview() -> str:
    """The command's own usage and one line per subcommand, linking to its section."""
    import argparse

    commands = _commands()
    parser = commands.pop("")
    helps = {
        action.dest: action.help
        for sub in parser._actions
        if isinstance(sub, argparse._SubParsersAction)
        for action in sub._choices_actions
    }
    rows = ["| command | what it does |", "|---|---|"]
    rows += [
        f"| [`factcheck {n}`](#factcheck-{n}) | {_prose(helps.get(n) or '')} |" for n in commands
    ]
    usage = parser.format_usage().removeprefix("usage: ").rstrip()
    return "\n".join(["```text", usage, "```", "", *rows])


def _cli_command(name: str) -> str:
    """One subcommand, from its parser: what it does, its usage and every argument."""
    import argparse

    sub = _commands()[name]
    formatter = argparse.HelpFormatter(prog=sub.prog, width=88)  # not the builder's terminal
    formatter.add_usage(sub.usage, sub._actions, sub._mutually_exclusive_groups, prefix="")
    usage = formatter.format_help().strip("\n")
    out = [_prose(sub.description or ""), "", "```text", usage, "```", ""]
    for action in sub._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if action.option_strings:
            shown = ", ".join(action.option_strings)
            if action.nargs != 0:
                shown += f" {action.metavar or action.dest.upper()}"
        else:
            shown = action.metavar or action.dest
        text = (action.help or "").replace("%(default)s", str(action.default))
        if action.choices and "one of" not in text:  # unless the help lists them already
            text += "; one of " + ", ".join(str(c) for c in action.choices)
        out.append(f"- `{shown}`: {_prose(text)}")
    return "\n".join(out)


def _cli_rest(markdown: str) -> str:
    """A section for each subcommand the page has no section for, so none is ever missing."""
    out = []
    for name in list(_commands())[1:]:
        if f"<!-- factcheck:cli {name} -->" not in markdown:
            out += [f"## factcheck {name}", "", _cli_command(name), ""]
    return "\n".join(out)


def _table_columns() -> str:
    """The shape of ``to_arrow()`` and the ``to_pandas()``/CSV columns, from the code."""
    import pyarrow as pa

    from factcheck.formats.tables import arrow_schema, csv_columns

    def describe(field: Any, depth: int) -> list[str]:
        kind, children = field.type, []
        if pa.types.is_list(kind) and pa.types.is_struct(kind.value_type):
            shown, children = "list of struct", list(kind.value_type)
        elif pa.types.is_struct(kind):
            shown, children = "struct", list(kind)
        else:
            shown = str(kind)
        optional = ", optional" if field.nullable else ""
        lines = [f"{'    ' * depth}- `{field.name}`: {shown}{optional}"]
        for child in children:
            lines += describe(child, depth + 1)
        return lines

    lines = [line for field in arrow_schema() for line in describe(field, 0)]
    columns = ", ".join(f"`{c}`" for c in csv_columns())
    return "\n".join([*lines, "", f"`to_pandas()` and CSV columns, in order: {columns}."])


EXTRAS = {
    "arrow": "`Dataset.to_arrow()` and Parquet export (`ds.to_parquet()`, "
    "`factcheck export -o FILE.parquet`, `--partition-by claim_year`)",
    "pandas": "`Dataset.to_pandas()`",
    "hf": "`Dataset.to_hf()`, a Hugging Face `datasets.Dataset`",
    "search": "a faster claim search index build (the C Snowball stemmer); "
    "`factcheck search` itself works on a base install",
    "semantic": "a claim search that weighs meaning too, in 16 languages: a sentence-embedding "
    "model (Universal Sentence Encoder multilingual v3 in numpy, its weights inside the "
    "package), used by `factcheck search` when installed (see [Searching claims](search.md))",
    "html": "importing ClaimReview written as microdata or RDFa in HTML pages "
    '(`itemtype="http://schema.org/ClaimReview"`, `typeof="ClaimReview"`); JSON-LD needs '
    "no extra",
    "dask": "validating on a Dask cluster, past one machine (see Validating at scale)",
    "bench": "running the benchmarks of `benchmarks/` against the other tools",
    "docs": "building this documentation site",
    "dev": "running the tests and the linters (with DuckDB and Polars, for the "
    "[Parquet guide](parquet.md)'s examples)",
}
"""What each optional extra of ``pyproject.toml`` is for; a test checks that none is missing."""


def _extras() -> str:
    import tomllib
    from pathlib import Path

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    extras = tomllib.loads(pyproject.read_text("utf-8"))["project"]["optional-dependencies"]
    rows = ["| extra | for | adds |", "|---|---|---|"]
    for extra, packages in extras.items():
        if extra not in EXTRAS:
            raise KeyError(f"pyproject.toml extra {extra!r}: say what it is for in EXTRAS")
        adds = ", ".join(f"`{p}`" for p in packages)
        rows.append(f"| `[{extra}]` | {EXTRAS[extra]} | {adds} |")
    return "\n".join(rows)


def _dependencies() -> str:
    """The runtime dependencies of `pyproject.toml`, as a list a reader can check."""
    import tomllib
    from pathlib import Path

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    project = tomllib.loads(pyproject.read_text("utf-8"))["project"]
    return "\n".join(
        [f"- `{dependency}`" for dependency in project["dependencies"]]
        + ["", f"and Python `{project['requires-python']}`."]
    )


_MARKERS = {
    "<!-- factcheck:dependencies -->": _dependencies,
    "<!-- factcheck:label-mappings -->": _label_mappings,
    "<!-- factcheck:publisher-tables -->": _publisher_tables,
    "<!-- factcheck:research-tables -->": _research_tables,
    "<!-- factcheck:claimreview-coverage -->": _claimreview_coverage,
    "<!-- factcheck:label-coverage -->": _label_coverage,
    "<!-- factcheck:extras -->": _extras,
    "<!-- factcheck:table-columns -->": _table_columns,
    "<!-- factcheck:rules -->": _rules,
    "<!-- factcheck:fields -->": _fields,
    "<!-- factcheck:ratings -->": _ratings,
    "<!-- factcheck:cli-overview -->": _cli_overview,
}

_COMMAND_MARKER = re.compile(r"<!-- factcheck:cli ([a-z-]+) -->")


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    if "<!-- factcheck:cli-rest -->" in markdown:
        markdown = markdown.replace("<!-- factcheck:cli-rest -->", _cli_rest(markdown))
    markdown = _COMMAND_MARKER.sub(lambda m: _cli_command(m[1]), markdown)
    for marker, render in _MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, render())
    return markdown
