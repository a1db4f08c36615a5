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

A page that logs a JavaScript error or requests a missing file is reported, and the exit
status is then 1: a reader would stumble on it too. Exit status 2 means the tools are missing
or the site does not build.
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
