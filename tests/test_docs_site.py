"""The built site as a reader meets it: the API page is complete, no raw markup shows, and
code and tables fit at a desktop's and a phone's width."""

from __future__ import annotations

import ast
import html
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import factcheck

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The site as `mkdocs build --strict` makes it (a warning, such as a cross-reference
    that does not resolve, fails the build)."""
    pytest.importorskip("mkdocstrings", reason="the docs extra builds the site")
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return out


def _headings(page: str) -> dict[str, str]:
    """The API objects' headings of a built page: anchor -> the heading's text."""
    found = {}
    for match in re.finditer(
        r'<h(\d) id="([^"]+)" class="doc doc-heading">(.*?)</h\1>', page, re.S
    ):
        text = html.unescape(re.sub(r"<[^>]+>", "", match[3]))
        found[match[2]] = " ".join(text.replace("¶", "").split())
    return found


def test_the_api_page_documents_every_public_name_under_the_name_users_call(site):
    headings = _headings((site / "reference" / "api" / "index.html").read_text("utf-8"))
    public = [name for name in factcheck.__all__ if name != "__version__"]
    missing = [name for name in public if f"factcheck.{name}" not in headings]
    assert not missing, f"names of factcheck.__all__ missing from docs/reference/api.md: {missing}"
    for name in public:
        # The heading shows the public path (factcheck.load), not the module it lives in.
        assert headings[f"factcheck.{name}"].startswith(f"factcheck.{name}"), name
    assert "factcheck.search.Hit" in headings  # what factcheck.search returns


def test_a_returns_section_is_one_value_with_its_type(site):
    page = (site / "reference" / "api" / "index.html").read_text("utf-8")
    start = page.index('id="factcheck.load"')
    section = page[start : page.index('id="factcheck.list_datasets"')]
    returns = re.search(r"Returns:</span></p>\s*<ul>(.*?)</ul>", section, re.S)[1]
    items = re.findall(r"<li\b.*?</li>", returns, re.S)
    assert len(items) == 1
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", items[0])).split())
    assert text.startswith("Dataset – The Dataset . A release passes")
    assert text.endswith("(checksums, manifest, records).")


RAW = re.compile(r"`|:(?:func|class|meth|data|mod|attr|exc|obj):|\]\[")


def test_no_page_shows_raw_markup(site):
    """Outside code, no backtick, reST role or unresolved `[text][target]` reaches a page."""
    shown = []
    for path in sorted(site.rglob("index.html")):
        page = path.read_text("utf-8")
        article = page[page.find("<article") : page.find("</article>")]
        text = re.sub(r"<(pre|code|script|style)\b.*?</\1>", "", article, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
        shown += [
            f"{path.relative_to(site)}: …{m.string[max(m.start() - 40, 0) : m.end() + 40]}…"
            for m in RAW.finditer(text)
        ]
    assert not shown, "\n".join(shown)


def _docstrings(tree: ast.AST):
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        for child in body if isinstance(body, list) else []:
            value = getattr(child, "value", None)
            if isinstance(child, ast.Expr) and isinstance(value, ast.Constant):
                yield from [(child.lineno, value.value)] if isinstance(value.value, str) else []


def test_docstrings_are_markdown_without_rest_roles():
    found = []
    for path in sorted((ROOT / "factcheck").rglob("*.py")):
        for line, doc in _docstrings(ast.parse(path.read_text("utf-8"))):
            for match in re.finditer(
                r":(?:func|class|meth|data|mod|attr|exc|obj):`|(?<!`)``(?!`)|::$", doc, re.M
            ):
                found.append(f"{path.relative_to(ROOT)}:{line}: {match[0]!r}")
    assert not found, "\n".join(found)


def _screenshots():
    spec = importlib.util.spec_from_file_location(
        "_screenshots", ROOT / "scripts" / "screenshots.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


def test_code_and_tables_fit_at_a_desktop_and_a_phone_width(site):
    """`scripts/screenshots.py`'s measure of every page in headless Chromium finds nothing."""
    playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("no Chromium on the PATH (Debian: apt-get install chromium)")
    shots = _screenshots()
    with shots._serve(site) as base, playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=browser, headless=True)
        try:
            layout = shots.check_layout(chromium, base, site)
        finally:
            chromium.close()
    assert layout.pages >= 40 and layout.blocks >= 300, layout.summary()
    assert layout.fits >= shots.LONG_LINE
    assert not layout.problems, "\n".join([layout.summary(), *layout.problems])
