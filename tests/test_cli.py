"""The command line: exit codes, output formats, fmt and schema, and no tracebacks."""

from __future__ import annotations

import json

from factcheck import __version__

from .conftest import DATA, write_json


def test_version(run_cli):
    code, out, _ = run_cli("--version")
    assert (code, out.strip()) == (0, f"factcheck {__version__}")


def test_validate_bundled_datasets_exits_0(run_cli):
    code, out, _ = run_cli("validate")
    assert code == 0
    assert out.startswith("OK: ") and "0 errors" in out


def test_validate_invalid_record_text_output(tmp_path, run_cli, record):
    record["evidence"][0]["url"] = "javascript:alert(1)"
    path = write_json(tmp_path / f"{record['id']}.json", record)
    code, out, _ = run_cli("validate", str(path))
    lines = out.splitlines()
    line = path.read_text().splitlines().index('      "url": "javascript:alert(1)",') + 1
    assert code == 1
    assert lines[0] == (
        f"{path}:{line}:14: FC106 evidence[0].url: 'javascript:alert(1)' is not "
        "an http(s) URL [us-withdrawing-from-iraq]"
    )
    assert lines[1] == f'{line:>5} |       "url": "javascript:alert(1)",'
    assert lines[2] == " " * 21 + "^"  # under column 14, after the 8-character gutter
    assert lines[3] == "  hint: use the page's full https:// address"
    assert lines[-1] == (
        "FAILED: 1 file, 1 record: 1 error, 0 warnings; 2 record rules did not run on 1 record "
        "with structure errors: fix those and run again"
    )


def test_validate_json_output(tmp_path, run_cli):
    code, out, _ = run_cli("validate", "--format", "json", str(DATA / "reading" / "nan.json"))
    report = json.loads(out)
    assert code == 1
    assert report["summary"]["ok"] is False
    assert report["summary"]["errors"] == len(report["findings"])
    nan = [(f["line"], f["column"]) for f in report["findings"] if f["code"] == "FC006"]
    assert nan == [(2, 8), (3, 9), (3, 19)]


def test_validate_github_annotations_escape_data(tmp_path, run_cli, record):
    record["verdict"]["summary"] = "100% sure,\u200b really"
    path = write_json(tmp_path / f"{record['id']}.json", record)
    code, out, _ = run_cli("validate", "--format", "github", str(path))
    first = out.splitlines()[0]
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "100%" in text)
    assert code == 1
    assert first.startswith(f"::error file={path},line={line},col=16,title=FC107 invalid-text::")
    assert "%0Ahint: delete the invisible character" in first


def test_missing_path_is_a_usage_error(run_cli, tmp_path):
    code, _, err = run_cli("validate", str(tmp_path / "missing.json"))
    assert code == 2
    assert err == f"factcheck: error: no such file or directory: {tmp_path / 'missing.json'}\n"


def test_bad_option_is_a_usage_error(run_cli):
    code, _, err = run_cli("validate", "--format", "xml")
    assert code == 2
    assert "invalid choice: 'xml'" in err


def test_hostile_files_never_traceback(run_cli):
    for path in sorted((DATA / "reading").glob("*.json")):
        code, out, err = run_cli("validate", str(path))
        assert code == 1, path
        assert "Traceback" not in out + err


def test_strict_turns_warnings_into_failure(tmp_path, run_cli, record):
    record["claim"]["date"] = "2020-01-07"  # after its first appearance: a warning
    path = write_json(tmp_path / f"{record['id']}.json", record)
    assert run_cli("validate", str(path))[0] == 0
    assert run_cli("validate", "--strict", str(path))[0] == 1


def test_fmt_check_and_write(tmp_path, run_cli, record):
    path = tmp_path / f"{record['id']}.json"
    path.write_text(json.dumps(dict(reversed(list(record.items())))), encoding="utf-8")
    code, out, _ = run_cli("fmt", "--check", str(path))
    assert code == 1 and "would reformat" in out
    before = path.read_bytes()
    assert path.read_bytes() == before
    assert run_cli("fmt", str(path))[0] == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith('{\n  "schema_version": "1.0",\n  "id": ')
    assert text.endswith("}\n") and json.loads(text) == record
    assert run_cli("fmt", "--check", str(path))[0] == 0


def test_fmt_leaves_unparsable_files_untouched(tmp_path, run_cli):
    path = tmp_path / "broken.json"
    path.write_bytes(b'{"a": 1,}')
    code, _, err = run_cli("fmt", str(path))
    assert code == 1
    assert "FC001 trailing comma" in err
    assert path.read_bytes() == b'{"a": 1,}'
    assert [p.name for p in tmp_path.iterdir()] == ["broken.json"]


def test_bundled_files_are_canonical(run_cli):
    assert run_cli("fmt", "--check")[0] == 0


def test_schema_check_detects_drift(tmp_path, run_cli):
    assert run_cli("schema", "--dir", str(tmp_path))[0] == 0
    assert run_cli("schema", "--check", "--dir", str(tmp_path))[0] == 0
    (tmp_path / "record.schema.json").write_text("{}")
    code, out, _ = run_cli("schema", "--check", "--dir", str(tmp_path))
    assert code == 1 and "out of date" in out


def test_committed_schemas_are_in_sync(run_cli):
    assert run_cli("schema", "--check")[0] == 0


def test_show_prints_the_flagship_verdict(run_cli):
    code, out, _ = run_cli("show", "iraq-2020:us-withdrawing-from-iraq")
    assert code == 0
    assert "Verdict: FALSE" in out
    assert "no decision whatsoever to leave Iraq" in out


def test_show_unknown_dataset_lists_what_exists(run_cli):
    code, _, err = run_cli("show", "iraq2020")
    assert code == 2
    assert "no dataset named 'iraq2020'; did you mean 'iraq-2020'? available: iraq-2020" in err
    code, _, err = run_cli("show", "../no-such-folder")  # written as a path: only a path
    assert code == 2 and "no such file or directory: ../no-such-folder" in err


def test_export_to_a_missing_folder_or_to_a_folder_is_a_usage_error(run_cli, tmp_path):
    missing = tmp_path / "nowhere" / "out.jsonl"
    assert run_cli("export", "iraq-2020", "-o", str(missing)) == (
        2,
        "",
        f"factcheck: error: {missing.parent}: no such folder for the output; create it first\n",
    )
    code, _, err = run_cli("export", "iraq-2020", "-o", str(tmp_path), "--format", "jsonl")
    assert code == 2 and f"{tmp_path} is a folder; give the file to write" in err
    assert list(tmp_path.iterdir()) == []


def test_a_refused_write_is_an_error_message_not_a_traceback(run_cli, tmp_path, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    target = tmp_path / "out.jsonl"
    code, out, err = run_cli("export", "iraq-2020", "-o", str(target))
    assert (code, out) == (2, "")
    assert err == f"factcheck: error: cannot write {target} (Permission denied)\n"
    sample = DATA / "formats" / "fever" / "sample.jsonl"
    code, _, err = run_cli("import", "fever", str(sample), "-o", str(tmp_path / "fever-x"))
    assert code == 2 and err.startswith(f"factcheck: error: cannot write {tmp_path / 'fever-x'}")
    assert list(tmp_path.iterdir()) == []


def test_validate_of_a_folder_with_nothing_to_check_is_a_usage_error(tmp_path, run_cli):
    code, out, err = run_cli("validate", str(tmp_path))
    assert code == 2 and "nothing to check in" in err and "OK" not in out


def test_validate_without_paths_checks_the_datasets_of_the_folder_you_stand_in(
    tmp_path, record, run_cli, monkeypatch
):
    from .conftest import make_dataset

    make_dataset(tmp_path / "datasets", [record])
    broken = dict(record, id="broken", verdict=dict(record["verdict"], rating="flase"))
    write = tmp_path / "datasets" / "demo" / "records" / "broken.json"
    write.write_text(json.dumps(broken), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("validate")
    assert code == 1 and "FC104" in out
    assert "in datasets/" in out.rstrip().splitlines()[-1]
    code, out, _ = run_cli("fmt", "--check")
    assert code == 1 and "broken.json" in out
