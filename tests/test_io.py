"""Safe reading and writing (``ocrfix.io``) and the pieces of ``ocrfix fix``
that must stay linear or fail cleanly; in process, so they are fast."""

from __future__ import annotations

import builtins
import errno
import json
import os
import stat
from pathlib import Path

import pytest

import ocrfix
import ocrfix.io
from ocrfix import Config, Edit, Fixed
from ocrfix.cli import main
from ocrfix.fixcli import Options, UsageError, _check_jobs, _collect, explain, fix_records, unified_diff
from ocrfix.io import InputError, TextFile, atomic_output, atomic_write, decode, read_file

DIRTY = "本报讯 日前 ,我市报送的信息\n副省长作出批示:永康\n"


# -- decode -------------------------------------------------------------------------


def test_decode_plain_utf8():
    assert decode(DIRTY.encode()) == TextFile(DIRTY)
    assert decode(b"") == TextFile("")


def test_decode_keeps_bom_and_crlf_for_encode():
    data = b"\xef\xbb\xbf" + DIRTY.replace("\n", "\r\n").encode()
    page = decode(data)
    assert (page.text, page.bom, page.newline) == (DIRTY, True, "\r\n")
    assert page.encode(page.text) == data
    assert page.restyle("a\nb") == "a\r\nb"


def test_decode_leaves_mixed_and_lone_cr_line_ends_alone():
    for text in ("一\r\n二\n三", "一\r二\r三"):
        page = decode(text.encode())
        assert (page.text, page.newline) == (text, "\n")
        assert page.encode(page.text) == text.encode()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"abc\x00def", "binary file (NUL byte at offset 3)"),
        ("本报".encode("gb18030"), "not UTF-8 (invalid byte 0xb1 at offset 0)"),
        (b"\xef\xbb\xbfok\xff", "not UTF-8 (invalid byte 0xff at offset 5)"),
        ("本报".encode("utf-16"), "UTF-16 text"),
        ("OCR".encode("utf-16-be"), "binary file"),
    ],
)
def test_decode_rejects_what_is_not_utf8_text(data, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        decode(data)


def test_read_file_refuses_folders_and_special_files(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_file(tmp_path)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_file(fifo)
    with pytest.raises(FileNotFoundError):
        read_file(tmp_path / "missing.txt")
    page = tmp_path / "p.txt"
    page.write_text(DIRTY, "utf-8")
    page.chmod(0o604)
    assert read_file(page) == TextFile(DIRTY, mode=0o604)


# -- atomic writes ------------------------------------------------------------------


def test_atomic_write_replaces_and_keeps_mode(tmp_path):
    path = tmp_path / "p.txt"
    path.write_bytes(b"old")
    path.chmod(0o640)
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["p.txt"]


def test_atomic_write_new_file_gets_umask_mode(tmp_path):
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "new.txt", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_failed_write_leaves_the_original_and_no_temporary_file(tmp_path):
    path = tmp_path / "p.txt"
    path.write_bytes(b"original")
    with pytest.raises(OSError, match="No space"):
        with atomic_output(path) as f:
            f.write(b"half of the new con")
            raise OSError(errno.ENOSPC, "No space left on device")
    assert path.read_bytes() == b"original"
    assert os.listdir(tmp_path) == ["p.txt"]


def test_backup_keeps_the_original_and_replaces_an_old_backup(tmp_path):
    path = tmp_path / "p.txt"
    path.write_bytes(b"v1")
    (tmp_path / "p.txt.bak").write_bytes(b"v0")
    atomic_write(path, b"v2", backup=".bak")
    assert (path.read_bytes(), (tmp_path / "p.txt.bak").read_bytes()) == (b"v2", b"v1")
    assert sorted(os.listdir(tmp_path)) == ["p.txt", "p.txt.bak"]


def test_symlink_target_is_replaced_and_the_link_kept(tmp_path):
    target = tmp_path / "real.txt"
    target.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    atomic_write(link, b"new")
    assert link.is_symlink()
    assert target.read_bytes() == b"new"


# -- which files a command line names --------------------------------------------------


def test_folder_walk_skips_hidden_and_output_and_repeats(tmp_path):
    for name in ("b.txt", "a.txt", "sub/c.txt", ".git/d.txt", ".a.txt.x1.ocrfix-tmp", "out/e.txt", "notes.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    notes = []
    jobs = _collect([str(tmp_path), str(tmp_path / "a.txt")], str(tmp_path / "out"), ".txt", notes.append)
    kept = _check_jobs(jobs, None)
    assert [os.path.relpath(j.path, tmp_path) for j in kept] == ["a.txt", "b.txt", "sub/c.txt"]
    assert [os.path.relpath(j.output, tmp_path) for j in kept] == ["out/a.txt", "out/b.txt", "out/sub/c.txt"]
    assert notes == []
    with pytest.raises(UsageError, match="only once"):
        _check_jobs(_collect(["-", "-"], None, ".txt", notes.append), None)


# -- the CLI layer stays linear on a 10 MB single line --------------------------------


def test_ten_megabyte_single_line_through_the_cli_layer():
    line = "本报讯 日前 ,我市报送的信息" * 700_000  # about 10 M characters, 30 MB of UTF-8, no line break
    data = b"\xef\xbb\xbf" + line.encode()
    page = decode(data)
    assert len(page.text) == len(line) and page.bom
    assert page.encode(page.text) == data
    start = 6
    fixed = Fixed(line[:start] + "，" + line[start + 2 :], (Edit(start, start + 2, " ,", "，", "punct", 0.99),))
    (entry,) = explain(page.text, fixed)
    assert (entry["line"], entry["column"]) == (1, 7)
    diff = unified_diff("big.txt", page.text, fixed.text)
    assert diff.count("\n") == 7 and diff.endswith("\\ No newline at end of file\n")


# -- JSONL records, in process -------------------------------------------------------------


def test_jsonl_records_keep_bom_crlf_blank_lines_and_lone_surrogates():
    # The surrogate sits in another field: fixing text that holds one is the library's business.
    opts = Options(Config())
    lines = [
        b'\xef\xbb\xbf{"text": "\xe6\x97\xa5\xe5\x89\x8d ,\xe6\x88\x91\xe5\xb8\x82", "n": 1}\r\n',
        b"\r\n",
        b'{"text": "\xe6\x97\xa5\xe5\x89\x8d ,\xe6\x88\x91\xe5\xb8\x82", "n": "\\ud800"}\n',
        b'{"text": "clean", "n": 3}',
    ]
    out = fix_records("x.jsonl", 1, lines, opts)
    assert out.errors == [] and out.changed == 2
    got = out.output.splitlines(keepends=True)
    assert got[0].startswith(b"\xef\xbb\xbf{") and got[0].endswith(b"}\r\n")
    assert json.loads(got[0][3:]) == {"text": ocrfix.fix("日前 ,我市"), "n": 1}
    assert got[1] == b"\r\n"
    assert json.loads(got[2]) == {"text": ocrfix.fix("日前 ,我市"), "n": "\ud800"}
    assert got[2].isascii()  # a lone surrogate cannot be UTF-8: written with \u escapes
    assert got[3] == lines[3]  # unchanged, byte for byte, still without a line end


# -- permission problems, simulated (tests run as root, who may read anything) ----------------------


def test_unreadable_file_is_reported_and_next_file_fixed(tmp_path, monkeypatch, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text(DIRTY, "utf-8")
    good = tmp_path / "good.txt"
    good.write_text(DIRTY, "utf-8")

    def guarded_open(path, *args, **kwargs):
        if Path(path) == secret:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return builtins.open(path, *args, **kwargs)

    monkeypatch.setattr(ocrfix.io, "open", guarded_open, raising=False)
    assert main(["fix", str(secret), str(good)]) == 2
    assert capsys.readouterr().err == f"ocrfix: error: {secret}: permission denied\n"
    assert secret.read_text("utf-8") == DIRTY
    assert good.read_text("utf-8") == ocrfix.fix(DIRTY)


def test_unwritable_folder_is_reported_and_the_file_left(tmp_path, monkeypatch, capsys):
    page = tmp_path / "page.txt"
    page.write_text(DIRTY, "utf-8")

    def no_temp(*args, dir=None, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(dir))

    monkeypatch.setattr(ocrfix.io.tempfile, "mkstemp", no_temp)
    assert main(["fix", str(page)]) == 2
    assert capsys.readouterr().err == f"ocrfix: error: {page}: could not write {page}: permission denied\n"
    assert page.read_text("utf-8") == DIRTY
