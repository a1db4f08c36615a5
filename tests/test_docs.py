"""The output shown in the docs is the output the command gives."""

from __future__ import annotations

import contextlib
import doctest
import importlib.util
import json
import re
import shlex
import shutil
import sys
import tomllib
from pathlib import Path
from xml.etree import ElementTree

import pytest

from factcheck.cli.main import main

from .conftest import SEED

DOCS = Path(__file__).parent.parent / "docs"


def test_contributing_guide_shows_real_validate_output(run_cli, tmp_path, monkeypatch):
    page = (DOCS / "contributing.md").read_text("utf-8")
    shown = re.search(r"```text\n(.*?)\n```", page, re.S).group(1)
    record = json.loads(SEED.read_text("utf-8"))
    record["id"] = "us-leaving-iraq"
    record["verdict"]["rating"] = "flase"
    record["evidence"][1]["published"] = "2020-01-32"
    record["claim"]["claimant"]["nmae"] = record["claim"]["claimant"].pop("name")
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "us-leaving-iraq.json").write_text(
        json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("validate", "records/us-leaving-iraq.json")
    assert code == 1
    assert out.rstrip("\n") == shown


PYCON = re.compile(r"```pycon\n(.*?)```", re.S)


def _pycon_examples(page: str) -> str:
    return "\n".join(PYCON.findall((DOCS / page).read_text("utf-8")))


@pytest.mark.parametrize(
    "page",
    sorted(
        str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md") if "```pycon" in p.read_text("utf-8")
    ),
)
def test_pycon_examples_give_the_output_shown(page, tmp_path, monkeypatch):
    """Every ```pycon block of a page runs as a doctest, in order, in one namespace."""
    monkeypatch.chdir(tmp_path)
    parser = doctest.DocTestParser()
    test = parser.get_doctest(_pycon_examples(page), {}, page, str(DOCS / page), 0)
    failures: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=lambda text: failures.append(text))
    assert not failures, "".join(failures)


# Executed examples ---------------------------------------------------------------------------
#
# The docs' code blocks are run, so they cannot rot (docs/contributing.md#examples-in-the-docs):
#
# - ```console: each `$ factcheck ...` line is run and what follows it, up to the next `$`, is
#   the output it must give (`...` stands for any text, as in doctest);
# - ```python: the blocks of a page run in order, in one namespace, and must not raise;
# - ```pycon: a doctest (above).
#
# They run in a sandbox: a copy of datasets/ and schemas/ that the bundled data points to, as
# the working directory, so a command that writes (release, fmt, export) changes only the copy.
# A page marked `<!-- docs-test: outside-checkout -->` runs in an empty folder instead, the copy
# being only the bundled data: what a reader who installed the wheel meets, no datasets/ at
# hand. (```pycon blocks always run in an empty folder.)
# `<!-- docs-test: skip -->` just before a block leaves it out; `<!-- docs-test: run ... -->`
# holds hidden Python that runs in the sandbox at that point, to prepare what the next block
# shows (a record edited before a release, say). `<!-- docs-test: requires MODULE -->` just
# before a block runs it only where MODULE can be imported (an optional extra): elsewhere the
# rest of the page still runs, and the test is then reported as skipped, naming the block.

ROOT = DOCS.parent
_ITEM = re.compile(
    r"^<!-- docs-test: run\n(?P<setup>.*?)^-->$"
    r"|(?P<skip>^<!-- docs-test: skip -->\n)?"
    r"(?:^<!-- docs-test: requires (?P<requires>[\w.]+) -->\n)?"
    r"^```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^```$",
    re.S | re.M,
)


def _docs_module(name: str):
    """A Python file of docs/ (the mkdocs hooks), imported by path."""
    module_name = f"_docs_{name}"
    if module_name not in sys.modules:
        spec = importlib.util.spec_from_file_location(module_name, DOCS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    return sys.modules[module_name]


def _pages() -> dict[str, str]:
    """Every page of the site by its path under docs/, the generated dataset cards included."""
    pages = {str(p.relative_to(DOCS)): p.read_text("utf-8") for p in sorted(DOCS.rglob("*.md"))}
    cards = _docs_module("dataset_cards")
    for folder in cards.dataset_folders(ROOT / "datasets"):
        pages[f"datasets/{folder.name}.md"] = cards.render_card(cards.read_dataset(folder))
    return pages


PAGES = _pages()


def _items(page: str) -> list[tuple[str, str, str | None]]:
    """The page's runnable items in order: ("setup", code, None) or (language, block, the
    module the block requires or None)."""
    out = []
    for match in _ITEM.finditer(PAGES[page]):
        if match["setup"] is not None:
            out.append(("setup", match["setup"], None))
        elif not match["skip"]:
            out.append((match["lang"], match["body"], match["requires"]))
    return out


def _pages_with(lang: str) -> list[str]:
    return [page for page in PAGES if any(kind == lang for kind, _, _ in _items(page))]


def _missing(module: str | None) -> bool:
    """Whether a block's required module is absent here (its extra is not installed)."""
    return module is not None and importlib.util.find_spec(module) is None


def _needs(module: str) -> str:
    """What a block that needs ``module`` asks for: the extra of pyproject.toml holding it."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"][
        "optional-dependencies"
    ]
    for extra, requirements in extras.items():
        names = {re.split(r"[<>=\[; ]", r, maxsplit=1)[0].lower() for r in requirements}
        if extra not in ("dev", "bench", "docs") and module.lower() in names:
            return f"{module}, from the {extra} extra: pip install 'factcheck-datasets[{extra}]'"
    return module


def _skip_if_any(page: str, skipped: list[str]) -> None:
    """After the rest of the page passed: report the blocks left out for a missing module."""
    if skipped:
        pytest.skip(f"{page}: every other block passed; not run here: " + "; ".join(skipped))


OUTSIDE_CHECKOUT = "<!-- docs-test: outside-checkout -->"


@pytest.fixture
def sandbox(tmp_path, monkeypatch, request):
    """A copy of the bundled data, used by the library and as the working directory (for a page
    marked outside-checkout, an empty folder is)."""
    import factcheck.files

    for folder in ("datasets", "schemas"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.setattr(factcheck.files, "data_root", lambda: tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    callspec = getattr(request.node, "callspec", None)
    if OUTSIDE_CHECKOUT in PAGES.get(callspec.params.get("page", "") if callspec else "", ""):
        (tmp_path / "elsewhere").mkdir()
        monkeypatch.chdir(tmp_path / "elsewhere")
    else:
        monkeypatch.chdir(tmp_path)
    return tmp_path


def _console_steps(block: str) -> list[tuple[str, str]]:
    steps: list[tuple[str, str]] = []
    for line in block.splitlines(keepends=True):
        if line.startswith("$ "):
            steps.append((line[2:].strip(), ""))
        elif steps:
            steps[-1] = (steps[-1][0], steps[-1][1] + line)
        else:
            raise AssertionError(f"console block does not start with a `$ ` command:\n{block}")
    return steps


def _run_setup(code: str, page: str) -> None:
    exec(compile(code, f"{page} (docs-test: run)", "exec"), {})


@pytest.mark.parametrize("page", _pages_with("console"))
def test_console_examples_give_the_output_shown(page, sandbox, capsys):
    """Every `$ factcheck ...` line of a ```console block prints the output shown under it."""
    checker, flags = doctest.OutputChecker(), doctest.ELLIPSIS
    failures: list[str] = []
    skipped: list[str] = []
    for kind, body, requires in _items(page):
        if kind == "setup":
            _run_setup(body, page)
        if kind != "console":
            continue
        if _missing(requires):
            first = _console_steps(body)[0][0]
            skipped.append(f"`$ {first}` needs {_needs(requires)}")
            continue
        for command, want in _console_steps(body):
            args = shlex.split(command)
            assert args[0] == "factcheck", (
                f"{page}: `$ {command}`: only factcheck commands run in ```console blocks; "
                "show other commands in ```sh blocks"
            )
            with contextlib.suppress(SystemExit):
                main(args[1:])
            out, err = capsys.readouterr()
            if not checker.check_output(want, out + err, flags):
                example = doctest.Example(command, want)
                failures.append(
                    f"{page}: $ {command}\n" + checker.output_difference(example, out + err, flags)
                )
    assert not failures, "\n".join(failures)
    _skip_if_any(page, skipped)


@pytest.mark.parametrize("page", _pages_with("python"))
def test_python_examples_run(page, sandbox):
    """The ```python blocks of a page run in order, in one namespace, without an error."""
    namespace: dict[str, object] = {"__name__": "__docs__"}
    skipped: list[str] = []
    for number, (kind, body, requires) in enumerate(_items(page), start=1):
        if kind == "setup":
            _run_setup(body, page)
        elif kind == "python" and _missing(requires):
            skipped.append(f"code block {number} needs {_needs(requires)}")
        elif kind == "python":
            exec(compile(body, f"{page} (code block {number})", "exec"), namespace)
    _skip_if_any(page, skipped)


def test_every_extra_is_described_on_the_installation_page():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"][
        "optional-dependencies"
    ]
    assert sorted(extras) == sorted(set(extras) & set(_docs_module("hooks").EXTRAS))
    assert "<!-- factcheck:extras -->" in PAGES["installation.md"]


def test_dataset_card_counts_are_the_records(sandbox):
    """The card's rating table and chart add up to the records of the working copy."""
    cards = _docs_module("dataset_cards")
    data = cards.read_dataset(sandbox / "datasets" / "iraq-2020")
    assert len(data.records) == len(list((sandbox / "datasets/iraq-2020/records").glob("*.json")))
    counts = cards.rating_counts(data.records)
    assert sum(counts.values()) == len(data.records)
    assert list(counts)[:5] == ["true", "mostly-true", "mixed", "mostly-false", "false"]
    card = cards.render_card(data)
    for rating, count in counts.items():
        assert f'">{rating}</span> | {count} |' in card
        assert f"{rating}: {count}</title>" in card
    svg = re.search(r"<svg .*?</svg>", card).group(0)
    ElementTree.fromstring(svg)  # well-formed: a browser draws it
    assert f"| **{data.releases[-1].version}** |" in card
    assert "us-withdrawing-from-iraq" in card


def test_dataset_card_without_release_says_so(sandbox):
    cards = _docs_module("dataset_cards")
    shutil.rmtree(sandbox / "datasets" / "iraq-2020" / "releases")
    card = cards.render_card(cards.read_dataset(sandbox / "datasets" / "iraq-2020"))
    assert "no release yet" in card
    assert 'factcheck.load("iraq-2020")  #' not in card


def test_the_rating_tables_page_shows_each_label_s_rating_or_the_reason_it_has_none():
    table = _docs_module("hooks")._label_mappings()
    assert "| Pants on Fire | `false` |" in table
    assert "| Half True | `mixed` |" in table
    assert "| Full Flop | none: it rates a change of position or a promise" in table
    assert "none: it false" not in table  # a Rating is a str: it must not read as a reason


def test_the_cli_reference_has_every_command_with_an_example_and_its_exit_codes():
    """Each subcommand of the parser has its section on the page: the arguments generated from
    the parser, a ```console example (run by the test above) and what its exit codes mean."""
    hooks = _docs_module("hooks")
    page = PAGES["reference/cli.md"]
    sections = dict(re.findall(r"^## factcheck (\S+)\n(.*?)(?=^## |\Z)", page, re.S | re.M))
    missing = []
    for name in list(hooks._commands())[1:]:
        body = sections.get(name, "")
        if f"<!-- factcheck:cli {name} -->" not in body:
            missing.append(f"{name}: no section with <!-- factcheck:cli {name} -->")
        elif not re.search(rf"```console\n\$ factcheck {name}\b", body):
            missing.append(f"{name}: no ```console example running `factcheck {name}`")
        elif "Exit codes:" not in body:
            missing.append(f"{name}: no 'Exit codes:' paragraph")
    assert not missing, "docs/reference/cli.md:\n" + "\n".join(missing)


def test_the_cli_reference_lists_every_option_of_every_command():
    import argparse

    hooks = _docs_module("hooks")
    page = hooks.on_page_markdown(PAGES["reference/cli.md"])
    assert "<!-- factcheck:" not in page
    for name, parser in list(hooks._commands().items())[1:]:
        section = page.split(f"## factcheck {name}\n", 1)[1].split("\n## ", 1)[0]
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            shown = action.option_strings[-1] if action.option_strings else action.metavar
            assert f"`{shown}" in section or f", {shown}" in section, (name, shown)
