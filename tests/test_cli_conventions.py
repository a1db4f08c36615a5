"""Conventions every command shares: - for standard input and output, --quiet, --color,
--format as the output format, explain, docs links on findings, plural forms."""

from __future__ import annotations

import io
import json
import re
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from factcheck import load
from factcheck.styling import Style, plural, wants_color
from factcheck.validation.rules import DOCS_URL, RULES

from .conftest import DATA, SEED, make_dataset, write_json

ROOT = Path(__file__).resolve().parents[1]
LIAR = DATA / "formats" / "liar" / "train.tsv"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def stdin(monkeypatch):
    """Feed bytes to the command's standard input."""

    def feed(data: bytes) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))

    return feed


def _broken(record, tmp_path):
    """A record with an error (a review date in the future) and a warning."""
    record["verdict"]["reviewed"] = "2099-01-01"
    record["claim"]["date"] = "2020-01-07"  # after its first appearance: a warning
    return write_json(tmp_path / f"{record['id']}.json", record)


# explain ------------------------------------------------------------------------------------


def test_explain_prints_the_rule_s_documentation_and_link(run_cli):
    code, out, err = run_cli("explain", "FC206")
    rule = RULES["FC206"]
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "FC206 independent-publishers (error, record rules)"
    assert lines[2] == rule.summary
    assert rule.doc in out and f"Hint shown: {rule.hint}" in out
    assert lines[-1] == f"Docs: {DOCS_URL}reference/rules/#fc206"
    assert run_cli("explain", "fc206")[1] == out  # any case
    assert run_cli("explain", "independent-publishers")[1] == out  # or by name


def test_explain_json(run_cli):
    code, out, _ = run_cli("explain", "FC202", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert (data["code"], data["name"], data["severity"]) == ("FC202", "date-in-future", "error")
    assert data["url"] == RULES["FC202"].url


@pytest.mark.parametrize(
    ("wanted", "guess"),
    [("FC2O6", "FC206 (independent-publishers)"), ("date-in-futur", "FC202 (date-in-future)")],
)
def test_explain_unknown_rule_suggests_the_closest_and_exits_2(run_cli, wanted, guess):
    code, out, err = run_cli("explain", wanted)
    assert (code, out) == (2, "")
    assert err.startswith(f"factcheck: error: no rule {wanted!r}; did you mean {guess}? ")
    assert f"{DOCS_URL}reference/rules/" in err


def test_rule_links_point_at_the_site_and_the_anchors_of_the_rules_page():
    import importlib.util

    site = re.search(r"^site_url: (\S+)$", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M)
    assert site and site.group(1) == DOCS_URL
    spec = importlib.util.spec_from_file_location("_hooks", ROOT / "docs" / "hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    page = hooks._rules()
    for code, rule in RULES.items():
        anchor = rule.url.rpartition("#")[2]
        assert f"### {code} {rule.name} {{#{anchor}}}" in page


# links on findings ----------------------------------------------------------------------


def test_every_text_finding_carries_its_rule_s_docs_link(run_cli, tmp_path, record):
    path = _broken(record, tmp_path)
    code, out, _ = run_cli("validate", str(path))
    assert code == 1
    findings = [line for line in out.splitlines() if line.startswith(str(path))]
    links = [line for line in out.splitlines() if line.startswith("  docs: ")]
    codes = [re.search(r": (FC\d{3})", line).group(1) for line in findings]
    assert codes and links == [f"  docs: {RULES[c].url}" for c in codes]


def test_every_github_annotation_carries_its_rule_s_docs_link(run_cli, tmp_path, record):
    path = _broken(record, tmp_path)
    code, out, _ = run_cli("validate", "--format", "github", str(path))
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert code == 1 and annotations
    for line in annotations:
        found = re.search(r"title=(FC\d{3})", line).group(1)
        assert line.endswith(f"%0Adocs: {RULES[found].url}")


# --quiet -------------------------------------------------------------------------------------


def test_quiet_validate_prints_nothing_when_valid_and_only_errors_when_not(
    run_cli, tmp_path, record
):
    assert run_cli("validate", "--quiet", str(SEED)) == (0, "", "")
    path = _broken(record, tmp_path)
    code, full, _ = run_cli("validate", str(path))
    assert "(warning)" in full
    code, out, _ = run_cli("validate", "-q", str(path))
    assert code == 1 and "FC202" in out and "(warning)" not in out
    assert out.splitlines()[-1].startswith("FAILED: ")
    # --strict makes the warning an error, so it is shown
    assert "(warning)" in run_cli("validate", "-q", "--strict", str(path))[1]
    # a report for tools is the whole document
    assert json.loads(run_cli("validate", "-q", "--format", "json", str(path))[1])["findings"]


def test_quiet_silences_messages_but_not_errors(run_cli, tmp_path, record):
    path = tmp_path / f"{record['id']}.json"
    path.write_text(json.dumps(record), "utf-8")
    code, out, _ = run_cli("fmt", "--check", "--quiet", str(path))
    assert code == 1 and out == f"would reformat {path}\n"  # the error stays
    assert run_cli("fmt", "--quiet", str(path)) == (0, "", "")
    assert run_cli("export", "iraq-2020", "-q", "-o", str(tmp_path / "x.jsonl")) == (0, "", "")
    code, out, err = run_cli("import", "liar", str(LIAR), "-o", str(tmp_path / "liar"), "-q")
    assert (code, out) == (0, "") and err == ""


# --color ------------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("choice", "env", "tty", "expected"),
    [
        ("auto", {}, True, True),
        ("auto", {}, False, False),  # never colour into a pipe or file by default
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": ""}, True, True),  # an empty NO_COLOR does not count
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, False),
        ("auto", {"TERM": "dumb"}, True, False),
        ("always", {"NO_COLOR": "1"}, False, True),
        ("never", {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_when_output_gets_colour(choice, env, tty, expected):
    stream = _Terminal() if tty else io.StringIO()
    assert wants_color(stream, choice, env) is expected


def test_color_option_and_environment_on_validate(run_cli, tmp_path, record, monkeypatch):
    path = _broken(record, tmp_path)
    plain = run_cli("validate", str(path))[1]
    assert not ANSI.search(plain)  # captured output is no terminal
    coloured = run_cli("validate", "--color", "always", str(path))[1]
    assert "\x1b[1;31mFC202\x1b[0m" in coloured and "\x1b[1;31mFAILED\x1b[0m" in coloured
    assert ANSI.sub("", coloured) == plain  # colour adds nothing but the codes
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert run_cli("validate", str(path))[1] == coloured
    monkeypatch.setenv("NO_COLOR", "1")
    assert run_cli("validate", str(path))[1] == plain
    assert run_cli("validate", "--color", "always", str(path))[1] == coloured


def test_colour_never_comes_from_data():
    style = Style(True)
    assert style.paint("x", "ok") == "\x1b[32mx\x1b[0m" and style.paint("", "ok") == ""
    assert Style(False).paint("\x1b[31m", "error") == "\x1b[31m"  # plain text is unchanged


# standard input and output -------------------------------------------------------------


def test_validate_reads_a_record_from_stdin(run_cli, stdin, record):
    stdin(json.dumps(record).encode())
    code, out, _ = run_cli("validate", "-")
    assert (code, out) == (0, "OK: 1 file, 1 record: 0 errors, 0 warnings\n")
    record["verdict"]["rating"] = "flase"
    stdin(json.dumps(record, indent=2).encode())
    code, out, _ = run_cli("validate", "-")
    assert code == 1
    assert re.match(r"-:\d+:\d+: FC104 verdict.rating: 'flase'", out)


def test_validate_stdin_filename_names_it(run_cli, stdin, record):
    stdin(json.dumps(record).encode())
    code, out, _ = run_cli("validate", "-", "--stdin-filename", "records/other-name.json")
    assert code == 1
    assert out.startswith("records/other-name.json:1:")  # the name it is checked as
    assert "FC201" in out  # the id is not the file name


def test_validate_reads_json_lines_from_stdin(run_cli, stdin, record):
    other = json.loads(json.dumps(record))
    other["id"] = "another-record"
    other["claim"]["text"] = "A different claim about the withdrawal letter."
    stdin((json.dumps(record) + "\n" + json.dumps(other) + "\n").encode())
    code, out, _ = run_cli("validate", "-")
    assert (code, out) == (0, "OK: 1 file, 2 records: 0 errors, 0 warnings\n")


def test_stdin_is_read_once(run_cli, stdin):
    stdin(b"{}")
    code, _, err = run_cli("validate", "-", "-")
    assert code == 2 and "standard input (-) can be read once" in err
    code, _, err = run_cli("validate", str(SEED), "--stdin-filename", "x.json")
    assert code == 2 and "give - among the paths" in err


def test_import_reads_stdin(run_cli, stdin, tmp_path):
    stdin(LIAR.read_bytes())
    args = ("--date", "2026-11-25", "--stdin-filename", "train.tsv")
    code, out, err = run_cli("import", "liar", "-", "-o", str(tmp_path / "liar"), *args)
    assert (code, err) == (0, "")
    assert out == f"imported 17 records from <stdin> (liar) into {tmp_path / 'liar'}\n"
    from_file = run_cli(
        "import", "liar", str(LIAR), "-o", str(tmp_path / "liar2"), "--date", "2026-11-25"
    )
    assert from_file[0] == 0
    # named as the file, the import is the same records
    assert load(tmp_path / "liar").to_dicts() == load(tmp_path / "liar2").to_dicts()
    stdin(LIAR.read_bytes())
    run_cli("import", "liar", "-", "-o", str(tmp_path / "anon"), "--date", "2026-11-25")
    assert load(tmp_path / "anon").info.imported.source == "stdin"
    code, _, err = run_cli("import", "liar", str(LIAR), "-o", str(tmp_path / "x"), args[2], "a")
    assert code == 2 and "give - as SRC" in err


def test_export_to_stdout(run_cli, tmp_path):
    code, out, err = run_cli("export", "iraq-2020", "-o", "-")
    assert code == 0
    assert out.encode() == load("iraq-2020").export(tmp_path / "x.jsonl").read_bytes()
    assert err.startswith("wrote 84 records of iraq-2020 ") and err.endswith(" standard output\n")
    code, out, _ = run_cli("export", "iraq-2020", "-o", "-", "--format", "csv")
    assert out.splitlines()[0].startswith("schema_version,id,claim.text")


def test_export_parquet_to_stdout_is_binary(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    from factcheck.cli.main import main

    buffer = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer, encoding="utf-8"))
    assert main(["export", "iraq-2020", "-o", "-", "--format", "parquet", "-q"]) == 0
    assert pq.read_table(io.BytesIO(buffer.getvalue())).num_rows == len(load("iraq-2020"))


# show --format json -----------------------------------------------------------------------


def test_show_json_is_the_record_s_data(run_cli):
    code, out, _ = run_cli("show", "iraq-2020:us-withdrawing-from-iraq", "--format", "json")
    assert code == 0
    assert json.loads(out) == load("iraq-2020")["us-withdrawing-from-iraq"].to_dict()
    code, out, _ = run_cli("show", "iraq-2020", "--format", "json")
    summary = json.loads(out)
    ds = load("iraq-2020")
    assert (summary["name"], summary["version"], summary["records"]) == (
        "iraq-2020",
        ds.version,
        len(ds),
    )
    assert summary["ids"] == ds.ids and sum(summary["ratings"].values()) == len(ds)


def test_json_output_escapes_invisible_characters():
    from factcheck.escaping import json_text

    text = json_text({"t": "a\u202eb\x1bc é"})
    assert "\u202e" not in text and "\x1b" not in text and "é" in text
    assert json.loads(text) == {"t": "a\u202eb\x1bc é"}


# import --date ------------------------------------------------------------------------------


def test_import_date_in_the_future_is_refused(run_cli, tmp_path):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    code, out, err = run_cli(
        "import", "liar", str(LIAR), "-o", str(tmp_path / "x"), "--date", tomorrow
    )
    assert (code, out) == (2, "")
    assert err.startswith(f"factcheck: error: --date {tomorrow} is in the future (today is ")
    assert not (tmp_path / "x").exists()


def test_import_api_refuses_a_future_day(tmp_path):
    from factcheck.errors import UsageError
    from factcheck.formats.importing import import_dataset

    with pytest.raises(UsageError, match="is in the future"):
        import_dataset("liar", LIAR, tmp_path / "x", today=date.today() + timedelta(days=1))


# plural forms -----------------------------------------------------------------------------


def test_plural():
    assert [plural(n, "record") for n in (0, 1, 2, 1234)] == [
        "0 records",
        "1 record",
        "2 records",
        "1,234 records",
    ]
    assert plural(1, "entry", "entries") == "1 entry" and plural(3, "entry", "entries") == (
        "3 entries"
    )


def test_one_of_a_thing_is_singular_in_every_message(run_cli, tmp_path, record):
    folder = make_dataset(tmp_path, [record])
    code, out, _ = run_cli("show", str(folder))
    assert (code, out.splitlines()[1]) == (0, "1 record: false 1")
    code, out, _ = run_cli("export", str(folder), "-o", str(tmp_path / "one.jsonl"))
    assert code == 0 and out.startswith("wrote 1 record of demo dev to ")
    code, out, _ = run_cli("release", str(folder), "1.0.0", "--date", "2026-11-24")
    assert code == 0 and "(1 record)" in out.splitlines()[0]
    assert run_cli("fmt", str(folder / "records")) == (
        0,
        "0 files reformatted, 1 already canonical\n",
        "",
    )


def test_every_option_of_every_command_has_help_and_format_means_output():
    """The CLI reference is generated from the parser: each option explains itself, and
    --format always chooses what the command prints or writes."""
    import argparse

    from factcheck.cli.main import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in commands.choices.items():
        options = {o: a for a in command._actions for o in a.option_strings}
        assert {"--quiet", "--color"} <= set(options), name
        for action in command._actions:
            if not isinstance(action, argparse._HelpAction):
                assert action.help, f"{name} {action.dest}: no help"
        if "--format" in options:
            assert "text" in options["--format"].choices or name == "export", name


def test_fmt_formats_stdin_to_stdout(run_cli, stdin, record):
    canonical = SEED.read_text("utf-8")
    stdin(json.dumps(dict(reversed(list(record.items())))).encode())
    assert run_cli("fmt", "-") == (0, canonical, "")
    stdin(json.dumps(record).encode())
    assert run_cli("fmt", "-", "--check") == (1, "would reformat -\n", "")
    stdin(canonical.encode())
    assert run_cli("fmt", "-", "--check") == (0, "", "")
    stdin(b'{"id": "x",')
    code, out, err = run_cli("fmt", "-", "--stdin-filename", "records/x.json")
    assert (code, out) == (1, "") and err.startswith("records/x.json:1:")
    code, _, err = run_cli("fmt", "-", str(SEED))
    assert code == 2 and "formats standard input alone" in err


def test_fmt_stdin_filename_dataset_json_formats_metadata(run_cli, stdin):
    info = ROOT / "datasets" / "iraq-2020" / "dataset.json"
    stdin(json.dumps(json.loads(info.read_text("utf-8"))).encode())
    code, out, _ = run_cli("fmt", "-", "--stdin-filename", "dataset.json")
    assert (code, out) == (0, info.read_text("utf-8"))


def test_parquet_is_never_written_to_a_terminal(monkeypatch, capsys):
    from factcheck.cli.main import main

    monkeypatch.setattr(sys, "stdout", _Terminal())
    with pytest.raises(SystemExit) as exit_:
        main(["export", "iraq-2020", "-o", "-", "--format", "parquet"])
    assert exit_.value.code == 2
    assert "refusing to write Parquet (binary) to a terminal" in capsys.readouterr().err
    assert sys.stdout.getvalue() == ""


def test_show_and_export_read_records_from_stdin(run_cli, stdin, tmp_path):
    stdin(SEED.read_bytes())
    code, out, _ = run_cli("show", "-")
    assert (code, out.splitlines()[:2]) == (
        0,
        ["us-withdrawing-from-iraq", "Claim:   The US military is withdrawing from Iraq."],
    )
    release = ROOT / "datasets" / "iraq-2020" / "releases" / "2.0.1" / "records.jsonl"
    stdin(release.read_bytes())
    code, out, err = run_cli("export", "-", "-o", str(tmp_path / "x.csv"))
    assert (code, out, err) == (0, f"wrote 84 records of stdin to {tmp_path / 'x.csv'}\n", "")
    assert (tmp_path / "x.csv").read_bytes() == load(release).to_csv(
        tmp_path / "y.csv"
    ).read_bytes()
    stdin(release.read_bytes())
    lines = run_cli("show", "-")[1].splitlines()
    assert lines[0] == "stdin" and lines[1].startswith("84 records: true 26, ")


def test_invalid_records_from_stdin_are_reported_as_stdin(run_cli, stdin, tmp_path):
    stdin(SEED.read_bytes().replace(b'"rating": "false"', b'"rating": "flase"'))
    code, out, err = run_cli("export", "-", "-o", str(tmp_path / "x.csv"))
    assert (code, out) == (1, "")
    assert err.startswith("-:")
    assert "factcheck: -: 1 error, the first: -:" in err and "factcheck-stdin-" not in err
    assert not (tmp_path / "x.csv").exists()
