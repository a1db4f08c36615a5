"""Build the documentation site, serve it on localhost and photograph it in headless Chromium.

    python scripts/screenshots.py --out /tmp/factcheck-screenshots

The site is built with ``mkdocs build --strict`` into a temporary folder and served by
:mod:`http.server` on a free port of 127.0.0.1. Playwright drives the Chromium installed on the
system (Debian: ``apt-get install chromium``; pass ``--browser`` for another path) to capture:

- ``home.png``: the home page, whole;
- ``search.png``: the search box after typing a query (``Esper`` by default), with its results;
- ``rule.png``: the rules reference opened at one rule's anchor (``#fc206`` by default);
- ``dataset-card.png``: the top of the first dataset's card, ``dataset-card-full.png`` all of
  it, and ``dataset-chart.png`` its chart of ratings;
- ``dataset-card-mobile.png``: the same card at a phone's width;
- ``verdict.png``, ``verdict-full.png`` and ``verdict-mobile.png``: a record's page (the first
  the card links, or ``--record``), its top, all of it, and all of it at a phone's width;
- ``corrections.png`` and ``corrections-mobile.png``: the dataset's corrections log.

A verdict page whose ClaimReview JSON-LD does not parse as a ClaimReview is reported too.

- ``quickstart.png``, ``quickstart-mobile.png``, ``api.png``, ``api-mobile.png``, ``cli.png``
  and ``cli-mobile.png``: the pages a new reader opens first, whole, at both widths.

Every page of the site (one verdict page standing for all of them) is then measured at 1280 px
and at 390 px (`check_layout`): no page may scroll sideways, no code block, table or figure
may reach past the content column, no code block may hide text behind a scroll bar (a table
may scroll inside its box on a phone), a desktop code line must show 100 characters, and an
identifier in a table cell may not be broken inside a word.

A page that logs a JavaScript error or requests a missing file is reported, and so is every
layout problem; the exit status is then 1: a reader would stumble on it too. Exit status 2
means the tools are missing or the site does not build.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    """Run the script; return its exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, help="folder for the PNG files (default: a new temp dir)"
    )
    parser.add_argument("--browser", help="Chromium executable (default: chromium on the PATH)")
    parser.add_argument("--query", default="Esper", help="what to type in the search box")
    parser.add_argument("--rule", default="fc206", help="the rule anchor to open")
    parser.add_argument("--record", help="the record whose page to photograph (default: first)")
    args = parser.parse_args(argv)

    browser = args.browser or shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None or not Path(browser).exists():
        print(
            "error: no Chromium found; install it (Debian: apt-get install chromium) or pass "
            "--browser PATH",
            file=sys.stderr,
        )
        return 2
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("error: playwright is not installed; run: pip install playwright", file=sys.stderr)
        return 2

    out = args.out or Path(tempfile.mkdtemp(prefix="factcheck-screenshots-"))
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="factcheck-site-") as site:
        built = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", site],
            cwd=ROOT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            check=False,
        )
        if built.returncode != 0:
            print("error: mkdocs build --strict failed (see above)", file=sys.stderr)
            return 2
        dataset = _first_dataset(Path(site))
        with _serve(Path(site)) as base, sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=browser, headless=True)
            try:
                problems = _photograph(chromium, base, out, args.query, args.rule, dataset)
                problems += _photograph_pages(chromium, base, out, dataset, args.record)
                problems += _photograph_reader_pages(chromium, base, out)
                measured = check_layout(chromium, base, Path(site))
                problems += measured.problems
                print(measured.summary())
            finally:
                chromium.close()

    for path in sorted(out.glob("*.png")):
        print(path)
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if problems else 0


def _photograph(chromium, base: str, out: Path, query: str, rule: str, dataset: str) -> list[str]:
    problems: list[str] = []
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.on(
        "console",
        lambda m: m.type == "error" and problems.append(f"{page.url}: console: {m.text}"),
    )
    page.on("pageerror", lambda e: problems.append(f"{page.url}: {e}"))
    page.on(
        "response",
        lambda r: r.status >= 400 and problems.append(f"{r.url}: HTTP {r.status}"),
    )
    page.on("requestfailed", lambda r: problems.append(f"{r.url}: {r.failure}"))

    page.goto(f"{base}/")
    page.screenshot(path=out / "home.png", full_page=True)

    # The search index loads in a web worker; the results appear once it is ready.
    page.click("input.md-search__input")
    page.keyboard.type(query, delay=50)
    try:
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
    except Exception:
        problems.append(f"search for {query!r} showed no result within 10 s")
    page.screenshot(path=out / "search.png")

    page.goto(f"{base}/reference/rules/#{rule}")
    if page.locator(f"#{rule}").count() == 0:
        problems.append(f"the rules page has no anchor #{rule}")
    page.screenshot(path=out / "rule.png")

    page.goto(f"{base}/datasets/{dataset}/")
    page.screenshot(path=out / "dataset-card.png")
    page.screenshot(path=out / "dataset-card-full.png", full_page=True)
    chart = page.locator("svg.factcheck-chart").first
    if chart.count():
        chart.screenshot(path=out / "dataset-chart.png")
    else:
        problems.append(f"the card of {dataset} has no rating chart")

    phone = chromium.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    phone.goto(f"{base}/datasets/{dataset}/")
    phone.screenshot(path=out / "dataset-card-mobile.png", full_page=True)
    return problems


def _photograph_pages(
    chromium, base: str, out: Path, dataset: str, record: str | None
) -> list[str]:
    """A verdict page and the corrections log, at a desktop's and at a phone's width."""
    problems: list[str] = []
    desktop = chromium.new_page(viewport={"width": 1280, "height": 900})
    phone = chromium.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    for page in (desktop, phone):
        page.on("pageerror", lambda e, page=page: problems.append(f"{page.url}: {e}"))
        page.on(
            "response",
            lambda r: r.status >= 400 and problems.append(f"{r.url}: HTTP {r.status}"),
        )
    desktop.goto(f"{base}/datasets/{dataset}/")
    if record is None:
        link = desktop.locator("a[href*='claims/']").first
        if not link.count():
            return [*problems, f"the card of {dataset} links no verdict page"]
        desktop.goto(link.evaluate("a => a.href"))
    else:
        desktop.goto(f"{base}/datasets/{dataset}/claims/{record}/")
    url = desktop.url
    kind = desktop.evaluate(
        "() => { const s = document.querySelector('script[type=\"application/ld+json\"]');"
        " return s ? JSON.parse(s.textContent)['@type'] : null; }"
    )
    if kind != "ClaimReview":
        problems.append(f"{url}: no ClaimReview JSON-LD (found {kind!r})")
    desktop.screenshot(path=out / "verdict.png")
    desktop.screenshot(path=out / "verdict-full.png", full_page=True)
    phone.goto(url)
    phone.screenshot(path=out / "verdict-mobile.png", full_page=True)
    desktop.goto(f"{base}/datasets/{dataset}/corrections/")
    desktop.screenshot(path=out / "corrections.png", full_page=True)
    phone.goto(f"{base}/datasets/{dataset}/corrections/")
    phone.screenshot(path=out / "corrections-mobile.png", full_page=True)
    return problems


def _photograph_reader_pages(chromium, base: str, out: Path) -> list[str]:
    """The Quickstart, the API and the CLI reference, whole, at both widths."""
    for suffix, viewport, scale in (("", DESKTOP, 1), ("-mobile", PHONE, 2)):
        page = chromium.new_page(viewport=viewport, device_scale_factor=scale)
        for name, path in (
            ("quickstart", "quickstart/"),
            ("api", "reference/api/"),
            ("cli", "reference/cli/"),
        ):
            page.goto(f"{base}/{path}")
            page.screenshot(path=out / f"{name}{suffix}.png", full_page=True)
        page.close()
    return []


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

_MEASURE = r"""([LONG_LINE, desktop]) => {
  const found = [];
  const article = document.querySelector("article.md-content__inner");
  if (!article) return {blocks: 0, found};
  const root = document.documentElement;
  // The column a block must stay inside: the content area, and never past the screen (on a
  // phone the theme lets code blocks reach the screen's edges, on purpose).
  const area = article.closest(".md-content").getBoundingClientRect();
  const left = Math.max(area.left, 0), right = Math.min(area.right, root.clientWidth);
  if (root.scrollWidth > root.clientWidth + 1)
    found.push({kind: "page", what: "the page", by: root.scrollWidth - root.clientWidth});
  const name = (el) => {
    const text = (el.innerText || el.textContent || "").trim().split("\n")[0];
    return `${el.tagName.toLowerCase()} "${text.slice(0, 50)}"`;
  };
  let blocks = 0, fits = null;
  const first = article.querySelector("pre > code");
  if (first && desktop) {
    // How many characters a code block shows in one line, without scrolling.
    const probe = document.createElement("span");
    probe.textContent = "x".repeat(50);
    first.appendChild(probe);
    const style = getComputedStyle(first);
    const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    const inner = first.clientWidth - padding;
    fits = Math.floor(inner / (probe.getBoundingClientRect().width / 50));
    probe.remove();
    if (fits < LONG_LINE)
      found.push({kind: "narrow", what: `code blocks show ${fits} characters a line`, by: 0});
  }
  for (const el of article.querySelectorAll("pre > code, table, img, svg")) {
    if (el.tagName === "svg" && el.parentElement.closest("svg")) continue;
    const box = (el.closest(".md-typeset__scrollwrap") || el).getBoundingClientRect();
    if (box.width === 0) continue;  // not shown (a closed tab or details)
    blocks += 1;
    const past = Math.max(box.right - right, left - box.left);
    if (past > 1) found.push({kind: "spill", what: name(el), by: Math.round(past)});
    const scroller = el.tagName === "TABLE" ? el.closest(".md-typeset__scrollwrap") : el;
    if (scroller && scroller.scrollWidth > scroller.clientWidth + 1) {
      const longest = Math.max(...el.textContent.split("\n").map((line) => line.length));
      const kind = el.tagName === "TABLE" ? "table-scroll"
        : longest > LONG_LINE ? "long-line-scroll" : "code-scroll";
      found.push({kind, what: name(el), by: scroller.scrollWidth - scroller.clientWidth,
                  longest});
    }
  }
  // An identifier in a table may wrap where a line may break (a space, after a hyphen or a
  // bracket), never inside a word: between two letters or digits.
  for (const code of article.querySelectorAll("td code, th code")) {
    if (code.getClientRects().length < 2) continue;
    const text = code.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) continue;
    const range = document.createRange();
    let top = null;
    for (let i = 0; i < text.length; i++) {
      range.setStart(text, i); range.setEnd(text, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) continue;
      const word = /[\p{L}\p{N}_]/u;
      const inWord = word.test(text.data[i - 1]) && word.test(text.data[i]);
      if (top !== null && rect.top > top + 1 && inWord) {
        found.push({kind: "broken", what: `identifier "${text.data.slice(0, 50)}"`, by: 0});
        break;
      }
      top = rect.top;
    }
  }
  return {blocks, found, fits};
}"""

LONG_LINE = 100
"""At a desktop's width a code block shows at least this many characters a line (the project's
line length) before a line wraps."""

# What a reader may meet at each width: on a phone a wide table scrolls inside its own box
# (the page does not); every code block fits at both widths, its long lines wrapped.
_ALLOWED = {"desktop": set(), "phone": {"table-scroll"}}


@dataclass
class Layout:
    """What `check_layout` measured: pages, blocks, and the problems found."""

    pages: int = 0
    blocks: int = 0
    scrolling: dict[str, int] = field(default_factory=dict)
    fits: int | None = None  # the fewest characters a code line shows at the desktop width
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        scrolled = ", ".join(f"{n} {w}" for w, n in self.scrolling.items()) or "none"
        return (
            f"layout: {self.pages} page views, {self.blocks} code blocks, tables and figures "
            f"measured; {len(self.problems)} problems; blocks scrolling inside their box: "
            f"{scrolled}; a desktop code block shows at least {self.fits} characters a line"
        )


def site_pages(site: Path) -> list[str]:
    """The address of every page of a built site, one verdict page standing for all."""
    pages, verdict = [], None
    for index in sorted(site.rglob("index.html")):
        path = index.parent.relative_to(site).as_posix()
        if "/claims/" in f"/{path}/":
            verdict = verdict or path
            continue
        pages.append("" if path == "." else f"{path}/")
    return pages + ([f"{verdict}/"] if verdict else [])


def check_layout(chromium, base: str, site: Path, pages: list[str] | None = None) -> Layout:
    """Measure every page at a desktop's and a phone's width; return what does not fit."""
    layout = Layout()
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        tab = chromium.new_page(viewport=viewport)
        for path in pages if pages is not None else site_pages(site):
            tab.goto(f"{base}/{path}")
            measured = tab.evaluate(_MEASURE, [LONG_LINE, width == "desktop"])
            if measured["fits"] is not None:
                layout.fits = min(layout.fits or measured["fits"], measured["fits"])
            layout.pages += 1
            layout.blocks += measured["blocks"]
            for item in measured["found"]:
                if item["kind"] in _ALLOWED[width]:
                    what = "tables" if item["kind"] == "table-scroll" else "code blocks"
                    key = f"{what} on a {width}"
                    layout.scrolling[key] = layout.scrolling.get(key, 0) + 1
                    continue
                how = f" by {item['by']} px" if item["by"] else ""
                if "longest" in item:
                    how += f" (longest line: {item['longest']} characters)"
                layout.problems.append(
                    f"/{path} at {viewport['width']} px: {item['kind']}: {item['what']}{how}"
                )
        tab.close()
    return layout


def _first_dataset(site: Path) -> str:
    cards = sorted(p.name for p in (site / "datasets").iterdir() if p.is_dir())
    if not cards:
        raise SystemExit("error: the site has no dataset card under datasets/")
    return cards[0]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def _serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
