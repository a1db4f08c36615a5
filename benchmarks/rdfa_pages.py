"""How long, and in how much memory, HTML pages with RDFa ClaimReview take to import (not
run in CI; needs the `[html]` extra).

Each generated page is read by `factcheck.formats.read("claimreview", …)` in a fresh Python
process, which reports the rows read (records and reported problems), the seconds and its
peak resident memory (`ru_maxrss`). The pages:

- `one review`: one RDFa ClaimReview (nested Rating, Claim, Organization and Person);
- `200 reviews`: two hundred of them in one page, near the bound on RDFa terms;
- `2 MB unmarked + 1 review`: 40,000 elements without RDFa around one review (cut before
  pyRdfa runs);
- `2 MB of typeof`: 40,000 `typeof="ClaimReview"` elements (past the bound: each is a
  reported row, pyRdfa never runs);
- `a million property words`: one attribute of a million words (past the bound).

Run: `python benchmarks/rdfa_pages.py`. The target: every page under 10 seconds and 300 MB
on one core, whatever it holds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

_REVIEW = (
    '<div vocab="https://schema.org/" typeof="ClaimReview">'
    '<h1 property="claimReviewed">Claim number {n}.</h1>'
    '<span property="author" typeof="Organization"><span property="name">Checker</span></span>'
    '<span property="reviewRating" typeof="Rating"><b property="alternateName">False</b></span>'
    '<div property="itemReviewed" typeof="Claim"><span property="author" typeof="Person">'
    '<span property="name">Speaker</span></span>'
    '<link property="url" href="https://social.example/post/{n}"></div></div>\n'
)
_FILLER = '<div class="c"><p>Text <a href="/x">a link</a></p></div>\n'

_CHILD = r"""
import json, resource, sys, time
from datetime import date
from pathlib import Path
from factcheck.formats import read
start = time.perf_counter()
stream = read("claimreview", Path(sys.argv[1]), today=date(2026, 12, 1))
records = sum(1 for _ in stream)
elapsed = time.perf_counter() - start
print(json.dumps({"records": records, "problems": len(stream.problems), "seconds": elapsed,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def pages() -> dict[str, str]:
    """The generated pages' bodies by name."""
    return {
        "one review": _REVIEW.format(n=1),
        "200 reviews": "".join(_REVIEW.format(n=n) for n in range(200)),
        "2 MB unmarked + 1 review": _FILLER * 20_000 + _REVIEW.format(n=1) + _FILLER * 20_000,
        "2 MB of typeof": '<div vocab="https://schema.org/" typeof="ClaimReview"></div>\n' * 40_000,
        "a million property words": _REVIEW.format(n=1).replace(
            'property="name"', 'property="name' + " a" * 1_000_000 + '"', 1
        ),
    }


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for name, body in pages().items():
            page = Path(work) / "page.html"
            page.write_text(f"<html><body>\n{body}</body></html>", "utf-8")
            out = subprocess.run(
                [sys.executable, "-c", _CHILD, str(page)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            rows.append({"page": name, "kib": page.stat().st_size >> 10, **json.loads(out)})
    print("| page | KiB | records | reported rows | seconds | peak MB |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['page']} | {row['kib']:,} | {row['records']:,} | {row['problems']:,} "
            f"| {row['seconds']:.2f} | {row['peak_mb']:.0f} |"
        )


if __name__ == "__main__":
    main()
