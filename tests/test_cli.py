"""``ocrfix fix`` end to end: each test runs ``python -m ocrfix`` in a subprocess.

Expected output is ``ocrfix.fix`` of the same input (the library decides
what to repair; these tests check that the command line applies it
faithfully and safely), except where ``,`` -> ``，`` beside Han characters
is certain.
"""

from __future__ import annotations

import json
import os
import pty
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import ocrfix
from ocrfix import Config, Edit, apply_edits, decode

LINES = [
    "本报讯 日前 ,我市报送的信息",
    "副省长作出批示:永康",
    "每晚19:30到21:30之间",
]
DIRTY = "\n".join(LINES) + "\n"
CLEAN = "本报讯。\n"


def run_ocrfix(*args: str | os.PathLike, stdin: bytes | None = None, cwd: Path | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ocrfix", *map(str, args)],
        input=stdin, capture_output=True, cwd=cwd, timeout=120, **kw,
    )


def write(path: Path, text: str, mode: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    if mode is not None:
        path.chmod(mode)
    return path


def err(result: subprocess.CompletedProcess) -> str:
    return result.stderr.decode("utf-8")


# -- basics -------------------------------------------------------------------


def test_version_and_python_m_match_the_console_script():
    result = run_ocrfix("--version")
    assert result.returncode == 0
    # the kind named is the one this install runs (no C compiler at install,
    # or OCRFIX_PURE_PYTHON=1: the Python search)
    kind = "compiled" if decode.COMPILED else "Python"
    assert result.stdout.decode().strip() == f"ocrfix {ocrfix.__version__} ({kind} beam search)"
    script = shutil.which("ocrfix")
    if script is None:
        pytest.skip("the ocrfix console script is not on PATH")
    via_script = subprocess.run([script, "fix", "-"], input=DIRTY.encode(), capture_output=True, timeout=60)
    via_module = run_ocrfix("fix", "-", stdin=DIRTY.encode())
    assert (via_script.returncode, via_script.stdout) == (via_module.returncode, via_module.stdout)


def test_each_switch_is_helped_by_its_whole_comment():
    # a Config comment over several lines was cut to its last line
    # (`--layout`: "through unchanged)")
    from ocrfix.fixcli import _field_help

    helps = _field_help()
    assert helps["layout"].startswith("separate the output's blocks") and helps["layout"].endswith("passes through unchanged)")
    assert helps["quotes"] == "restore dropped quotation marks “ ” ‘ ’"
    assert all(h[:1].islower() and "#:" not in h for h in helps.values())


def test_in_place_rewrite_keeps_content_rules_and_permissions(tmp_path):
    page = write(tmp_path / "page.txt", DIRTY, mode=0o640)
    result = run_ocrfix("fix", page)
    assert result.returncode == 0, err(result)
    text = page.read_text("utf-8")
    assert text == ocrfix.fix(DIRTY)
    assert "日前，我市" in text
    assert stat.S_IMODE(page.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["page.txt"]  # no temporary file left


def test_unchanged_file_is_not_rewritten(tmp_path):
    page = write(tmp_path / "clean.txt", CLEAN)
    before = page.stat()
    result = run_ocrfix("fix", page)
    assert result.returncode == 0
    after = page.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_check_exit_codes(tmp_path):
    clean = write(tmp_path / "clean.txt", CLEAN)
    dirty = write(tmp_path / "dirty.txt", DIRTY)
    ok = run_ocrfix("fix", "--check", clean)
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, b"", b"")
    changed = run_ocrfix("fix", "--check", clean, dirty)
    assert changed.returncode == 1
    assert f"would change: {dirty}" in err(changed)
    assert dirty.read_text("utf-8") == DIRTY  # --check writes nothing
    quiet = run_ocrfix("fix", "--check", "--quiet", dirty)
    assert (quiet.returncode, quiet.stderr) == (1, b"")


def test_diff_is_a_unified_diff_of_the_fix(tmp_path):
    page = write(tmp_path / "page.txt", DIRTY)
    result = run_ocrfix("fix", "--diff", "page.txt", cwd=tmp_path)
    assert result.returncode == 0, err(result)
    assert page.read_text("utf-8") == DIRTY
    diff = result.stdout.decode("utf-8").splitlines()
    assert diff[:2] == ["--- page.txt", "+++ page.txt"]
    fixed_lines = ocrfix.fix(DIRTY).splitlines()
    removed = [line[1:] for line in diff[2:] if line.startswith("-")]
    added = [line[1:] for line in diff[2:] if line.startswith("+")]
    assert removed == [line for line in DIRTY.splitlines() if line not in fixed_lines]
    assert added == [line for line in fixed_lines if line not in DIRTY.splitlines()]
    if shutil.which("patch"):
        subprocess.run(["patch", "-s", "-p0"], input=result.stdout, cwd=tmp_path, check=True, timeout=30)
        assert page.read_text("utf-8") == ocrfix.fix(DIRTY)


def test_explain_lines_replay_to_the_output(tmp_path):
    text = "标题\n\n" + DIRTY + "\n第二段 ,内容(见下)\n"
    write(tmp_path / "page.txt", text)
    result = run_ocrfix("fix", "--explain", "page.txt", cwd=tmp_path)
    assert result.returncode == 0, err(result)
    entries = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert entries and all(e["file"] == "page.txt" for e in entries)
    line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    edits = []
    for e in entries:
        start = line_starts[e["line"] - 1] + e["column"] - 1  # 1-based line and column of the edit start
        assert start == e["start"]
        edits.append(Edit(start, start + len(e["old"]), e["old"], e["new"], e["repair"], e["confidence"]))
    assert apply_edits(text, edits) == ocrfix.fix(text)
    assert (tmp_path / "page.txt").read_text("utf-8") == text


def test_json_prints_the_fixed_result_per_file(tmp_path):
    write(tmp_path / "a.txt", DIRTY)
    write(tmp_path / "b.txt", CLEAN)
    result = run_ocrfix("fix", "--json", "a.txt", "b.txt", cwd=tmp_path)
    assert result.returncode == 0, err(result)
    got = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert got == [
        {"file": "a.txt", **ocrfix.fix_and_explain(DIRTY).to_dict()},
        {"file": "b.txt", **ocrfix.fix_and_explain(CLEAN).to_dict()},
    ]


def test_repair_switches_and_thresholds_reach_the_config(tmp_path):
    page = write(tmp_path / "page.txt", DIRTY)
    for args, config in [
        (["--no-punct"], Config(punct=False)),
        (["--min-confidence", "1"], Config(min_confidence=1.0)),
        (["--no-quotes", "--no-spaces"], Config(quotes=False, spaces=False)),
        (["--silent-quotes"], Config(silent_quotes=True)),
        (["--no-silent-quotes"], Config(silent_quotes=False)),
        (["--line-width", "16"], Config(line_width=16.0)),
    ]:
        result = run_ocrfix("fix", "-", *args, stdin=DIRTY.encode())
        assert result.returncode == 0, err(result)
        assert result.stdout.decode("utf-8") == ocrfix.fix(DIRTY, config), args
    assert run_ocrfix("fix", "--min-confidence", "2", page).returncode == 2  # argparse: usage error
    assert run_ocrfix("fix", "--line-width", "100", page).returncode == 2
    missing = run_ocrfix("fix", "--model", tmp_path / "nope.klm", page)
    assert missing.returncode == 2 and "nope.klm" in err(missing)
    junk = write(tmp_path / "junk.arpa", "not a language model\n")
    broken = run_ocrfix("fix", "--jobs", "2", "--model", junk, page, write(tmp_path / "two.txt", DIRTY))
    assert broken.returncode == 2 and "ocrfix: error: could not start fixing" in err(broken)
    assert page.read_text("utf-8") == DIRTY


# -- where the output goes ----------------------------------------------------


def test_stdin_to_stdout():
    result = run_ocrfix("fix", "-", stdin=DIRTY.encode("utf-8"))
    assert result.returncode == 0, err(result)
    assert result.stdout.decode("utf-8") == ocrfix.fix(DIRTY)
    assert result.stderr == b""


def test_output_dir_writes_copies_and_mirrors_folders(tmp_path):
    src = tmp_path / "src"
    a = write(src / "a.txt", DIRTY, mode=0o600)
    b = write(src / "sub" / "b.txt", CLEAN)
    write(src / "notes.md", DIRTY)  # not *.txt: not taken from a folder
    write(src / ".hidden.txt", DIRTY)
    out = tmp_path / "out"
    result = run_ocrfix("fix", src, "-o", out)
    assert result.returncode == 0, err(result)
    assert (a.read_text("utf-8"), b.read_text("utf-8")) == (DIRTY, CLEAN)
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == ["a.txt", "sub", "sub/b.txt"]
    assert (out / "a.txt").read_text("utf-8") == ocrfix.fix(DIRTY)
    assert (out / "sub" / "b.txt").read_text("utf-8") == CLEAN
    assert stat.S_IMODE((out / "a.txt").stat().st_mode) == 0o600


def test_output_dir_refuses_to_overwrite_its_input(tmp_path):
    page = write(tmp_path / "page.txt", DIRTY)
    for out in (tmp_path, "."):
        result = run_ocrfix("fix", "page.txt", "-o", out, cwd=tmp_path)
        assert result.returncode == 2
        assert "would overwrite the input page.txt" in err(result)
        assert page.read_text("utf-8") == DIRTY
    clash = run_ocrfix("fix", page, tmp_path / "x" / "page.txt", "-o", tmp_path / "out")
    assert clash.returncode == 2 and "would both be written" in err(clash)


def test_backup_keeps_the_original(tmp_path):
    page = write(tmp_path / "page.txt", DIRTY, mode=0o644)
    clean = write(tmp_path / "clean.txt", CLEAN)
    result = run_ocrfix("fix", "--backup", ".orig", page, clean)
    assert result.returncode == 0, err(result)
    assert page.read_text("utf-8") == ocrfix.fix(DIRTY)
    assert (tmp_path / "page.txt.orig").read_text("utf-8") == DIRTY
    assert not (tmp_path / "clean.txt.orig").exists()  # unchanged files are not touched at all
    assert clean.read_text("utf-8") == CLEAN


# -- JSON Lines ---------------------------------------------------------------


def _records(n: int) -> list[dict]:
    records = []
    for i in range(n):
        record = {"id": i, "text": LINES[i % len(LINES)] + f" ,第{i}条", "meta": {"src": "人民日报", "score": 0.25 * i}}
        if i % 7 == 3:
            record["text"] = None  # passes through
        if i % 5 == 4:
            record = {"text": CLEAN, "id": i}  # unchanged
        records.append(record)
    return records


def _write_jsonl(path: Path, records: list[dict]) -> bytes:
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    path.write_bytes(data)
    return data


def _check_jsonl_output(records: list[dict], out: bytes, original: bytes) -> None:
    got = [json.loads(line) for line in out.decode("utf-8").splitlines()]
    assert len(got) == len(records)
    for before, after, raw in zip(records, got, original.splitlines()):
        expected = dict(before)
        if before["text"] is not None:
            expected["text"] = ocrfix.fix(before["text"])
        assert after == expected
        assert list(after) == list(before)  # field order kept too
    unchanged = [raw for raw, r in zip(original.splitlines(), records) if r["text"] in (None, CLEAN)]
    assert all(raw in out.splitlines() for raw in unchanged)  # byte for byte


def test_jsonl_keeps_other_fields_and_order(tmp_path):
    records = _records(40)
    original = _write_jsonl(tmp_path / "in.jsonl", records)
    result = run_ocrfix("fix", "--jsonl", "--field", "text", tmp_path / "in.jsonl", "-o", tmp_path / "out")
    assert result.returncode == 0, err(result)
    _check_jsonl_output(records, (tmp_path / "out" / "in.jsonl").read_bytes(), original)
    assert (tmp_path / "in.jsonl").read_bytes() == original

    piped = run_ocrfix("fix", "--jsonl", "-", stdin=original)
    assert piped.returncode == 0, err(piped)
    assert piped.stdout == (tmp_path / "out" / "in.jsonl").read_bytes()

    in_place = run_ocrfix("fix", "--jsonl", tmp_path / "in.jsonl")
    assert in_place.returncode == 0, err(in_place)
    assert (tmp_path / "in.jsonl").read_bytes() == piped.stdout


def test_jsonl_other_field_and_add_edits_replay(tmp_path):
    records = [{"body": t, "n": i} for i, t in enumerate(LINES)]
    _write_jsonl(tmp_path / "in.jsonl", records)
    result = run_ocrfix("fix", "--jsonl", "--field", "body", "--add-edits", "-", stdin=(tmp_path / "in.jsonl").read_bytes())
    assert result.returncode == 0, err(result)
    for before, line in zip(records, result.stdout.decode("utf-8").splitlines()):
        after = json.loads(line)
        assert after["n"] == before["n"]
        edits = [Edit.from_dict(d) for d in after["ocrfix"]["edits"]]
        assert apply_edits(before["body"], edits) == after["body"] == ocrfix.fix(before["body"])


def test_jsonl_bad_records_are_reported_and_passed_through(tmp_path):
    lines = [
        json.dumps({"text": LINES[0]}, ensure_ascii=False),
        "not json",
        "[1, 2]",
        json.dumps({"text": 42}),
        json.dumps({"text": LINES[1]}, ensure_ascii=False),
    ]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    result = run_ocrfix("fix", "--jsonl", path)
    assert result.returncode == 2
    messages = err(result).splitlines()
    assert [m.split(": ")[2] for m in messages] == [f"{path}:{n}" for n in (2, 3, 4)]
    out = path.read_bytes().decode("utf-8").splitlines()
    assert out[1:4] == lines[1:4]
    assert json.loads(out[0])["text"] == ocrfix.fix(LINES[0])
    assert json.loads(out[4])["text"] == ocrfix.fix(LINES[1])


# -- parallel -------------------------------------------------------------------


def test_jobs_2_gives_the_same_results_as_jobs_1(tmp_path):
    for i in range(6):
        write(tmp_path / "pages" / f"p{i}.txt", "\n".join(LINES[i % 3 :] + LINES[: i % 3]) + f"\n第{i}页 ,完\n")
    records = _records(300)  # more than one chunk of records (CHUNK_RECORDS)
    _write_jsonl(tmp_path / "pages" / "r.jsonl", records)
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        files = run_ocrfix("fix", "-j", jobs, tmp_path / "pages", "-o", out)
        explain = run_ocrfix("fix", "-j", jobs, "--explain", "pages", cwd=tmp_path)
        jsonl = run_ocrfix("fix", "-j", jobs, "--jsonl", "--add-edits", "-", stdin=(tmp_path / "pages" / "r.jsonl").read_bytes())
        for r in (files, explain, jsonl):
            assert r.returncode == 0, err(r)
        pages = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
        outputs[jobs] = (pages, explain.stdout, jsonl.stdout)
    assert len(outputs["1"][0]) == 6
    assert outputs["1"] == outputs["2"]
    assert len(outputs["1"][2].splitlines()) == 300


# -- safety ---------------------------------------------------------------------


def test_sigkill_mid_run_leaves_each_file_original_or_complete(tmp_path):
    text = ("\n".join(LINES) + "\n") * 10
    expected = ocrfix.fix(text).encode("utf-8")
    assert expected != text.encode("utf-8")
    folder = tmp_path / "pages"
    names = [f"p{i:03d}.txt" for i in range(150)]
    for name in names:
        write(folder / name, text)
    proc = subprocess.Popen([sys.executable, "-m", "ocrfix", "fix", "--quiet", folder],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while (folder / names[0]).read_bytes() != expected:  # files go in sorted order: wait for the first
            assert proc.poll() is None and time.monotonic() < deadline, "ocrfix ended before it could be killed"
            time.sleep(0.001)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    states = [(folder / name).read_bytes() for name in names]
    assert all(s in (text.encode("utf-8"), expected) for s in states)
    assert states.count(expected) < len(names)  # it really was killed mid-run
    leftovers = [p.name for p in folder.iterdir() if p.name not in names]
    assert all(name.startswith(".") and name.endswith(".ocrfix-tmp") for name in leftovers)  # skipped by folder walks


# -- bad input (docs/robustness.md) -------------------------------------------------


def test_non_utf8_file_is_reported_and_left_while_next_file_is_fixed(tmp_path):
    bad = tmp_path / "gbk.txt"
    bad_bytes = DIRTY.encode("gb18030")
    bad.write_bytes(bad_bytes)
    good = write(tmp_path / "good.txt", DIRTY)
    result = run_ocrfix("fix", bad, good)
    assert result.returncode == 2
    assert err(result).startswith(f"ocrfix: error: {bad}: not UTF-8")
    assert "iconv -f GB18030" in err(result)
    assert bad.read_bytes() == bad_bytes
    assert good.read_text("utf-8") == ocrfix.fix(DIRTY)


def test_binary_file_is_reported_and_left(tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run_ocrfix("fix", binary)
    assert result.returncode == 2
    assert f"{binary}: binary file (NUL byte at offset 8)" in err(result)
    assert binary.read_bytes().startswith(b"\x89PNG")


def test_utf16_file_is_reported_and_left(tmp_path):
    page = tmp_path / "utf16.txt"
    page.write_bytes(DIRTY.encode("utf-16"))
    result = run_ocrfix("fix", page)
    assert result.returncode == 2 and "UTF-16" in err(result)
    assert page.read_bytes() == DIRTY.encode("utf-16")


def test_missing_path_and_special_files_are_reported_others_fixed(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = write(tmp_path / "good.txt", DIRTY)
    result = run_ocrfix("fix", tmp_path / "missing.txt", fifo, good)
    assert result.returncode == 2
    lines = err(result).splitlines()
    assert lines == [
        f"ocrfix: error: {tmp_path / 'missing.txt'}: no such file or directory",
        f"ocrfix: error: {fifo}: not a regular file (a device, pipe or socket)",
    ]
    assert good.read_text("utf-8") == ocrfix.fix(DIRTY)


def test_folder_arguments_and_output_that_is_a_file(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_ocrfix("fix", empty)
    assert result.returncode == 0 and "no *.txt files" in err(result)
    assert run_ocrfix("fix", "--quiet", empty).stderr == b""
    page = write(tmp_path / "page.txt", DIRTY)
    not_a_folder = write(tmp_path / "out.txt", "x")
    clash = run_ocrfix("fix", page, "-o", not_a_folder)
    assert clash.returncode == 2 and "is not a folder" in err(clash)
    assert page.read_text("utf-8") == DIRTY
    jsonl_dir = run_ocrfix("fix", "--jsonl", tmp_path)  # a folder of JSONL: *.jsonl only, none here
    assert jsonl_dir.returncode == 0 and "no *.jsonl files" in err(jsonl_dir)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_reported_and_left(tmp_path):
    page = write(tmp_path / "secret.txt", DIRTY, mode=0o000)
    good = write(tmp_path / "good.txt", DIRTY)
    result = run_ocrfix("fix", page, good)
    assert result.returncode == 2
    assert f"{page}: permission denied" in err(result)
    assert good.read_text("utf-8") == ocrfix.fix(DIRTY)


def test_unwritable_folder_is_reported_and_file_left(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes whatever the permissions")
    folder = tmp_path / "ro"
    page = write(folder / "page.txt", DIRTY)
    folder.chmod(0o555)
    try:
        result = run_ocrfix("fix", page)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 2 and "could not write" in err(result)
    assert page.read_text("utf-8") == DIRTY


def test_empty_file_is_unchanged_without_error(tmp_path):
    empty = write(tmp_path / "empty.txt", "")
    result = run_ocrfix("fix", "--check", empty)
    assert (result.returncode, result.stderr) == (0, b"")
    assert run_ocrfix("fix", empty).returncode == 0
    assert empty.read_bytes() == b""
    piped = run_ocrfix("fix", "-", stdin=b"")
    assert (piped.returncode, piped.stdout) == (0, b"")


def test_bom_and_crlf_are_kept(tmp_path):
    text = DIRTY.replace("\n", "\r\n")
    page = tmp_path / "dos.txt"
    page.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = run_ocrfix("fix", page)
    assert result.returncode == 0, err(result)
    expected = ocrfix.fix(DIRTY).replace("\n", "\r\n")
    assert page.read_bytes() == b"\xef\xbb\xbf" + expected.encode("utf-8")
    explain = run_ocrfix("fix", "--explain", "-", stdin=b"\xef\xbb\xbf" + text.encode("utf-8"))
    first = json.loads(explain.stdout.splitlines()[0])
    assert (first["line"], first["column"]) == (1, 7)  # columns count characters after the BOM


def test_non_utf8_stdin_passes_through_unchanged():
    data = DIRTY.encode("gb18030")
    result = run_ocrfix("fix", "-", stdin=data)
    assert result.returncode == 2
    assert result.stdout == data
    assert err(result).startswith("ocrfix: error: -: not UTF-8")


def test_text_that_is_not_chinese_news_passes_through(tmp_path):
    samples = {
        "english.txt": "The quick brown fox, it said: (yes) 19:30.\n",
        "code.txt": "def f(x):\n    return {'a': [1, 2]}\n",
        "traditional.txt": "臺灣報導 ,據說\n",
    }
    for name, text in samples.items():
        write(tmp_path / name, text)
    result = run_ocrfix("fix", tmp_path)
    assert result.returncode == 0, err(result)
    for name, text in samples.items():
        assert (tmp_path / name).read_text("utf-8") == ocrfix.fix(text)


# -- progress -------------------------------------------------------------------


def test_progress_only_on_a_terminal(tmp_path):
    pages = [write(tmp_path / f"p{i}.txt", DIRTY) for i in range(2)]
    piped = run_ocrfix("fix", "--check", *pages)
    assert "chars/s" not in err(piped)

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "ocrfix", "fix", "--check", *map(str, pages)],
                            stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    proc.wait(timeout=60)
    assert proc.returncode == 1
    assert b"2/2 files, 2 changed" in seen and b"chars/s" in seen

    quiet = run_ocrfix("fix", "--check", "--quiet", *pages)
    assert quiet.stderr == b""


def test_json_lists_articles_with_their_blocks_and_roles():
    seed = (Path(__file__).resolve().parent.parent / "seeds" / "000_9e6876d41bf3072b.txt").read_text("utf-8")
    result = run_ocrfix("fix", "--json", "-", stdin=seed.encode())
    assert result.returncode == 0, err(result)
    got = json.loads(result.stdout.decode("utf-8"))
    assert got["articles"], "the seed page has articles"
    by_index = {b["index"]: b for b in got["blocks"]}
    for article in got["articles"]:
        assert article["roles"][0] in ("headline", "subheadline", "byline", "body")
        for index, role in zip(article["blocks"], article["roles"]):
            assert by_index[index]["article"] == article["article"]
            assert by_index[index]["role"] == role


def test_width_estimates_a_sample_for_line_width(tmp_path):
    line = "一二三四五六七八九十一二三四五六 "
    sample = write(tmp_path / "sample.txt", line * 4 + "一二\n\n" + line * 3 + "一")
    done = run_ocrfix("width", sample)
    assert done.returncode == 0, err(done)
    assert done.stdout.decode().strip() == "16"
    records = write(tmp_path / "r.jsonl", "".join(json.dumps({"body": line * 3 + "一"}, ensure_ascii=False) + "\n" for _ in range(2)))
    assert run_ocrfix("width", "--jsonl", "--field", "body", records).stdout.decode().strip() == "16"
    none = run_ocrfix("width", write(tmp_path / "flat.txt", "没有空格的文字。"))
    assert none.returncode == 1 and none.stdout.decode().strip() == "none"
