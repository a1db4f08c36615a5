"""Generate `factcheck/formats/research_labels.json` from X-Fact's per-site label maps.

    python scripts/research_labels.py --repo PATH-TO-X-FACT [--commit COMMIT] [--check]

X-Fact (Gupta and Srikumar, ACL 2021; https://github.com/utahnlp/x-fact, MIT licence) ships
one file per fact-checking site, `data/x-fact/label_maps/<site>.txt`, whose lines are
`raw label<TAB>English label` (X-Fact's translation, its "intermediate" label), some with
a first line giving the site's methodology page; `master_mapping.tsv` groups the English
labels into X-Fact's seven classes. This script reads those files at one commit of a clone
of that repository (`git show COMMIT:PATH`, so the work tree does not matter) and writes
factcheck's research tier: for each site, the labels whose English label maps to a rating on
factcheck's scale through `ENGLISH` below, each with the file and line it came from, and the
lines left out with the reason. `--check` compares instead of writing (exit 1 on a
difference).

Nothing is guessed: an English label that is not in `ENGLISH` nor `LEFT_OUT` stops the script,
and so does a mapping that places an English label in another class than X-Fact's own.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.formats.labels import label_key  # noqa: E402

OUT = ROOT / "factcheck" / "formats" / "research_labels.json"
MAPS = "data/x-fact/label_maps"
CLASSES = f"{MAPS}/master_mapping.tsv"
REPOSITORY = "https://github.com/utahnlp/x-fact"
PAPER = "https://arxiv.org/abs/2106.09248"

ENGLISH: dict[str, str] = {
    # X-Fact's class "true"
    "true": "true",
    # class "mostly true": "true, but" is X-Fact's rendering of "Verdadero, pero…" and
    # "verdadeiro, mas…", which it files under mostly true
    "mostly true": "mostly-true",
    "almost true": "mostly-true",
    "true, but": "mostly-true",
    # class "partly true/misleading", only where the English label itself names the rating:
    # partly true and partly false are `mixed`, as PolitiFact's Half True and Meta's Partly
    # False are in the general tables;
    "half true": "mixed",
    "partly true": "mixed",
    "partially true": "mixed",
    "partly false": "mixed",
    "partially false": "mixed",
    "mix": "mixed",
    # misleading, deceptive and missing context are `misleading`, as is an exaggeration
    # (factcheck's meaning of misleading names it; Africa Check's Exaggerated is misleading)
    "misleading": "misleading",
    "deceptive": "misleading",
    "out of context": "misleading",
    "lacks_context": "misleading",
    "misplaced": "misleading",
    "exaggerated": "misleading",
    # class "complicated/hard to categorise", only the labels that say the evidence cannot
    # settle the claim
    "unverifiable": "unverifiable",
    "unproven": "unverifiable",
    "not proven": "unverifiable",
    "uncheckable": "unverifiable",
    "no verdict": "no rating: says the fact-checker reached no verdict",
    # class "mostly false"
    "mostly false": "mostly-false",
    "almost untrue": "mostly-false",
    # class "false": X-Fact files the sites' idioms for their lowest ratings here ("short
    # legs", "crazy", "going pinocchio", "pepper on the tongue"), as its master mapping says
    "false": "false",
    "fake": "false",
    "fabricated": "false",
    "total lie": "false",
    "very false": "false",
    "short legs": "false",
    "crazy": "false",
    "going pinocchio": "false",
    "pepper on the tongue": "false",
    # class "other"
    "other/satire": "no rating: marks satire, not a claim of fact",
    "other/sarcasm": "no rating: marks satire, not a claim of fact",
}
"""X-Fact's English labels → a rating on factcheck's scale, or `no rating: <reason>`."""

LEFT_OUT: dict[str, str] = {
    "partly true/misleading": "X-Fact's whole middle class, partly true or misleading: two ratings",
    "manipulated": (
        "a manipulated fact (misleading) or manipulated media (an altered image, which Meta's "
        "table rates false): the English label does not say which"
    ),
    "distorted": "between misleading and false: the English label does not say which",
    "inaccurate": (
        "'impreciso' is inaccurate to X-Fact and unverifiable to La República's published "
        "scale: the word differs by publisher"
    ),
    "contradictory": "contradicted by other data or self-contradictory: not a degree of truth",
    "selective": "a selection of true facts, misleading or not as the site defines it",
    "commotion": "sensationalism, not a degree of truth",
    "underestimated": "the understated size of a true fact: misleading or mixed as defined",
    "not quite": "between mostly true, mixed and misleading",
    "misconception": "a common false belief or a misleading one",
    "maybe true": "a hasty conclusion, not a degree of truth",
    "incomplete": "a promise tracker's 'unfulfilled', not a claim's truth",
    "in process": "a promise tracker's 'in progress', not a claim's truth",
    "complicated": "X-Fact's 'complicated/hard to categorise' class: no rating",
    "debatable": "the site takes no side: no rating, and no stated reason",
    "controversial": "the site takes no side: no rating, and no stated reason",
    "not sure": "could not be concluded: unverifiable or no verdict, as the site defines it",
    "investigations continue": "no verdict yet",
    "too early to say": "no verdict yet",
    "watching": "no verdict yet",
    "doubtful": "doubtful: unverifiable or mostly false, as the site defines it",
    "unsustainable": "no data supports it: unverifiable or false, as the site defines it",
    "untenable": "no data supports it: unverifiable or false, as the site defines it",
    "suspicious": "X-Fact's class 'other'",
    "impostor": "X-Fact's class 'other': an impersonated source",
    "other": "X-Fact's class 'other'",
}
"""English labels left out, with the reason; every `other/…` label not in `ENGLISH` is
X-Fact's class "other" and left out as such."""

EXCLUDED: dict[tuple[str, str], str] = {
    ("srilanka.factcrescendo.com", "explainer"): (
        "an explainer is a kind of article, not a verdict, though X-Fact's map says 'false'"
    ),
    ("factcheck.kz", "правда (с неточностями)"): (
        "'true (with inaccuracies)' is qualified: X-Fact's 'true' drops the qualification"
    ),
    ("factcheck.kz", "ложь и полуправда"): "'lie and half-truth' names two ratings",
    ("factcheck.kz", "правда и полуправда"): "'truth and half-truth' names two ratings",
    ("factcheck.kz", "шындық, жартылай шындық"): "'truth, half-truth' names two ratings",
    ("factcheck.kz", "манипуляция, техническая ошибка"): (
        "'manipulation, technical error' names two verdicts, X-Fact's 'almost true' one"
    ),
    ("factcheck.kz", "техническая ошибка, искажение информации"): (
        "'technical error, distortion of information' names two verdicts"
    ),
    ("hindi.newschecker.in", "misleading/ partially false"): "names two ratings",
    ("hindi.newschecker.in", "misleading/partially false"): "names two ratings",
}
"""Single lines left out although their English label maps: the raw label says otherwise."""

SENTENCE_WORDS = 6
"""A raw label of more words than this is a sentence (a summary of the check), not a label."""

_CRAWLED = re.compile(r"^\d+ \[[^\]]*\]$")
"""cekfakta.com's lines `2 [false context]`: a number and a bracketed label, joined."""

RATINGS = {"true", "mostly-true", "mixed", "mostly-false", "false", "misleading", "unverifiable"}
CLASS_OF_RATING = {
    "true": "true",
    "mostly-true": "mostly true",
    "mixed": "partly true/misleading",
    "misleading": "partly true/misleading",
    "mostly-false": "mostly false",
    "false": "false",
    "unverifiable": "complicated/hard to categorise",
}


def _git(repo: Path, *args: str) -> bytes:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    if done.returncode:
        raise SystemExit(f"git {' '.join(args)}: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def _classes(text: str) -> dict[str, str]:
    """English label → X-Fact's class, from `master_mapping.tsv` (`class<TAB>a|b|c`)."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip():
            name, _, members = line.partition("\t")
            for member in members.split("|"):
                found.setdefault(member.strip().replace("[-]", "-"), name.strip())
    return found


def _class_of(english: str, classes: dict[str, str]) -> str | None:
    if english.startswith("other/"):
        return "other"
    return classes.get(english)


def _check_mapping(classes: dict[str, str]) -> None:
    for english, rating in ENGLISH.items():
        own = _class_of(english, classes)
        if rating in RATINGS and own != CLASS_OF_RATING[rating]:
            raise SystemExit(f"{english!r} -> {rating}, but X-Fact's class of it is {own!r}")


def _site(
    site: str, path: str, text: str, classes: dict[str, str]
) -> tuple[dict[str, object], set[str]]:
    labels: list[dict[str, object]] = []
    left_out: list[dict[str, object]] = []
    methodology: dict[str, object] | None = None
    unknown: set[str] = set()
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        raw, tab, english = line.partition("\t")
        raw, english = raw.strip(), english.strip()
        if raw.startswith(("http://", "https://")):
            if number == 1:
                methodology = {"url": raw, "line": number}
            else:
                left_out.append({"line": number, "label": raw, "why": "a URL, not a label"})
            continue
        english_key = english.lower()
        why = None
        if not tab or not english:
            why = "no English label"
        elif _CRAWLED.match(raw):
            why = "a number and a bracketed label, as X-Fact's crawl joined them"
        elif not any(c.isalpha() for c in raw):
            why = "no letter: not a label"
        elif len(raw.split()) > SENTENCE_WORDS:
            why = "a sentence, not a label"
        elif (site, raw) in EXCLUDED:
            why = EXCLUDED[(site, raw)]
        elif english_key in LEFT_OUT:
            why = f"X-Fact's {english!r}: {LEFT_OUT[english_key]}"
        elif english_key not in ENGLISH:
            if english_key.startswith("other/"):
                why = f"X-Fact's {english!r}: X-Fact's class 'other'"
            else:
                unknown.add(english)
                continue
        key = label_key(raw)
        if why is None and key in first_line:
            why = f"the same label as line {first_line[key]} once normalized"
        if why is not None:
            entry: dict[str, object] = {"line": number, "english": english, "why": why}
            if len(raw.split()) <= SENTENCE_WORDS:
                entry = {"line": number, "label": raw, **entry}
            left_out.append(entry)
            continue
        first_line[key] = number
        labels.append(
            {
                "label": raw,
                "english": english,
                "class": _class_of(english_key, classes),
                "rating": ENGLISH[english_key],
                "line": number,
            }
        )
    # Two lines of one label must agree, or neither is kept.
    by_key: dict[str, set[str]] = {}
    for entry in labels:
        by_key.setdefault(label_key(str(entry["label"])), set()).add(str(entry["rating"]))
    clashing = {key for key, ratings in by_key.items() if len(ratings) > 1}
    if clashing:
        raise SystemExit(f"{path}: one label, several ratings: {sorted(clashing)}")
    return (
        {
            "site": site,
            "hosts": [site],
            "file": path,
            "methodology": methodology,
            "labels": labels,
            "left_out": left_out,
        },
        unknown,
    )


def build(repo: Path, commit: str) -> dict[str, object]:
    """The research tier's data, from X-Fact's maps at `commit` of the clone at `repo`."""
    commit = _git(repo, "rev-parse", f"{commit}^{{commit}}").decode().strip()
    readme = _git(repo, "show", f"{commit}:README.md").decode("utf-8")
    licence = _git(repo, "show", f"{commit}:LICENSE").decode("utf-8")
    cited = re.search(r"## Citation.*?```\n(.*?)```", readme, re.S)
    if cited is None or "@inproceedings" not in cited[1]:
        raise SystemExit("README.md: no citation block")
    classes = _classes(_git(repo, "show", f"{commit}:{CLASSES}").decode("utf-8"))
    _check_mapping(classes)
    names = _git(repo, "ls-tree", "--name-only", f"{commit}:{MAPS}").decode().split()
    sites, unknown = [], set()
    for name in sorted(n for n in names if n.endswith(".txt")):
        path = f"{MAPS}/{name}"
        text = _git(repo, "show", f"{commit}:{path}").decode("utf-8")
        site, missing = _site(name.removesuffix(".txt"), path, text, classes)
        sites.append(site)
        unknown |= missing
    if unknown:
        raise SystemExit(f"English labels in neither ENGLISH nor LEFT_OUT: {sorted(unknown)}")
    return {
        "name": "X-Fact",
        "title": "X-FACT: A New Benchmark Dataset for Multilingual Fact Checking",
        "repository": REPOSITORY,
        "commit": commit,
        "paper": PAPER,
        "citation": cited[1].strip(),
        "licence": "MIT",
        "licence_text": licence.strip(),
        "classes_file": CLASSES,
        "generated_by": "scripts/research_labels.py",
        "english": ENGLISH,
        "english_left_out": LEFT_OUT,
        "sentence_words": SENTENCE_WORDS,
        "sites": sites,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, required=True, help="a clone of utahnlp/x-fact")
    parser.add_argument("--commit", default="HEAD", help="the commit to read (HEAD)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write ({OUT.name})")
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    text = json.dumps(build(args.repo, args.commit), ensure_ascii=False, indent=1) + "\n"
    if args.check:
        same = args.out.is_file() and args.out.read_text("utf-8") == text
        print(f"{args.out}: {'up to date' if same else 'differs from X-Fact'}")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    total = sum(len(site["labels"]) for site in json.loads(text)["sites"])
    print(f"wrote {args.out}: {total} labels")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
