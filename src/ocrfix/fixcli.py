"""``ocrfix fix``: restore pages in place, into a folder, or stdin to stdout.

Plain pages are fixed whole; with ``--jsonl`` one field of every JSON record
is fixed while the records stream through in constant memory. ``--jobs N``
runs the work in N processes that each load the model once, and gives the
same output as one process. Every write is atomic (see :mod:`ocrfix.io`).

Exit status: 0 when all went well, 1 when ``--check`` found something to
change, 2 when any input could not be fixed (each reported on stderr as
``ocrfix: error: PATH: message``; the other inputs are still processed).
The reference is ``docs/cli.md``.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import inspect
import json
import os
import re
import stat
import sys
import time
from collections import deque
from concurrent.futures import BrokenExecutor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from . import fix_and_explain
from .config import LINE_WIDTHS, Config
from .edits import Fixed, LineIndex
from .restore import warm_up
from .io import (
    InputError,
    TextFile,
    atomic_output,
    atomic_write,
    check_regular_file,
    decode,
    os_error_message,
    read_file,
)

EXIT_OK, EXIT_CHANGED, EXIT_ERROR = 0, 1, 2

#: Records per JSONL chunk handed to a worker, and the chunk's size limit in bytes.
CHUNK_RECORDS = 256
CHUNK_BYTES = 1 << 20
#: Tasks in flight per worker process: enough to keep workers busy, few
#: enough that memory stays bounded however long the input.
WINDOW_PER_JOB = 4
#: A short page fixed once when a process starts, so the model is loaded
#: before the first real input (and a broken model stops the run at once).
WARM_UP = "本报讯 日前 ,我市报送的信息"


# -- arguments --------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="FILE",
        help="page to fix in place; a folder means every *.txt (*.jsonl with --jsonl) in it, "
        "recursively; - reads stdin and writes stdout",
    )
    out = parser.add_argument_group("output")
    out.add_argument("-o", "--output", metavar="DIR", help="write fixed copies into DIR instead of fixing in place")
    out.add_argument("--backup", metavar="SUFFIX", help="keep each changed original as FILE+SUFFIX (in-place mode)")
    out.add_argument("--check", action="store_true", help="write nothing; exit 1 if any input would change")
    report = out.add_mutually_exclusive_group()
    report.add_argument("--diff", action="store_true", help="write nothing; print a unified diff")
    report.add_argument("--explain", action="store_true", help="write nothing; print one JSON line per edit")
    report.add_argument("--json", action="store_true", help="write nothing; print each result as one JSON line")

    jsonl = parser.add_argument_group("JSON Lines")
    jsonl.add_argument("--jsonl", action="store_true", help="inputs are JSON Lines; fix one field of each record")
    jsonl.add_argument("--field", metavar="NAME", help="the field holding the page (default: text)")
    jsonl.add_argument("--add-edits", action="store_true", help='add an "ocrfix" field with the edits to each record')

    repairs = parser.add_argument_group("repairs")
    repairs.add_argument(
        "--model", metavar="PATH", help="KenLM model to score with (default: $OCRFIX_MODEL or the shipped one)"
    )
    repairs.add_argument("--min-confidence", metavar="X", type=_probability, help="drop edits less sure than X (0..1)")
    helps = _field_help()
    repairs.add_argument(
        "--silent-quotes", dest="config_silent_quotes", action=argparse.BooleanOptionalAction, default=None,
        help=f"{helps.get('silent_quotes', 'restore quotation marks OCR left no trace of')} (default: read off each page)",
    )
    repairs.add_argument(
        "--line-width", dest="config_line_width", metavar="CELLS", type=_line_width, default=None,
        help=f"{helps.get('line_width', 'the column width in print cells')} (default: read off each page)",
    )
    for f in dataclasses.fields(Config):
        if f.type in (bool, "bool"):
            default = "on" if f.default else "off"
            repairs.add_argument(
                "--" + f.name.replace("_", "-"), dest=f"config_{f.name}", action=argparse.BooleanOptionalAction,
                default=None, help=f"{helps.get(f.name, 'the ' + f.name + ' repair')} (default: {default})",
            )

    running = parser.add_argument_group("running")
    running.add_argument(
        "-j", "--jobs", metavar="N", type=_jobs, default=1, help="processes to run (0: one per CPU; default 1)"
    )
    running.add_argument("-q", "--quiet", action="store_true", help="no progress and no notes on stderr, only errors")


def _number_between(lo: float, hi: float, unit: str = "") -> Callable[[str], float]:
    """An argparse type: a number from ``lo`` to ``hi``."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"must be between {lo:g} and {hi:g}{unit}, got {text}")
        return value

    return parse


_probability = _number_between(0, 1)
_line_width = _number_between(*LINE_WIDTHS, " print cells")


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text}")
    return value or os.cpu_count() or 1


def _field_help() -> dict[str, str]:
    """Help for each Config switch, from the ``#:`` comment above its field."""
    try:
        source = inspect.getsource(Config)
    except (OSError, TypeError):
        return {}
    helps = {}
    for m in re.finditer(r"((?:[ \t]*#: .+\n)+)[ \t]+(\w+)\s*:", source):
        # a comment may run over several lines: all of them, as one sentence
        text = " ".join(line.strip()[3:].strip() for line in m.group(1).splitlines()).rstrip(".")
        helps[m.group(2)] = text[:1].lower() + text[1:]
    return helps


# -- options and inputs -----------------------------------------------------


class UsageError(ValueError):
    """A command line that cannot run as given; nothing has been touched."""


@dataclass(frozen=True)
class Options:
    """Everything a worker needs to know; picklable."""

    config: Config
    #: "diff", "explain", "json" or None (write the fixed text).
    report: str | None = None
    check: bool = False
    backup: str | None = None
    jsonl: bool = False
    field: str = "text"
    add_edits: bool = False

    @property
    def write(self) -> bool:
        return not self.check and self.report is None


@dataclass(frozen=True)
class Job:
    """One input: ``name`` as shown to the user, the file (None: stdin) and where its result goes."""

    name: str
    path: str | None
    #: Output file under -o; None: in place (or stdout for stdin).
    output: str | None = None
    #: stdin's bytes, read by the main process.
    data: bytes | None = None


def _options(args: argparse.Namespace) -> Options:
    changes = {}
    for f in dataclasses.fields(Config):
        value = getattr(args, f"config_{f.name}", None)
        if value is not None:
            changes[f.name] = value
    if args.model is not None:
        if not os.path.isfile(args.model):
            raise UsageError(f"--model {args.model}: no such file")
        changes["model"] = args.model
    if args.min_confidence is not None:
        changes["min_confidence"] = args.min_confidence
    if not args.jsonl and (args.field is not None or args.add_edits):
        raise UsageError("--field and --add-edits need --jsonl")
    if args.backup is not None and args.output is not None:
        raise UsageError("--backup keeps originals when fixing in place; with -o the originals are not touched")
    if args.backup is not None and (not args.backup or "/" in args.backup or os.sep in args.backup):
        raise UsageError(f"--backup needs a file name suffix such as .orig, got {args.backup!r}")
    report = "diff" if args.diff else "explain" if args.explain else "json" if args.json else None
    return Options(
        config=Config(**changes), report=report, check=args.check, backup=args.backup,
        jsonl=args.jsonl, field=args.field or "text", add_edits=args.add_edits,
    )


def _collect(paths: list[str], output: str | None, pattern: str, note: Callable[[str], None]) -> list[Job]:
    """The inputs named on the command line, folders expanded, in order.

    Folder walks take files ending in ``pattern``, sorted, skip hidden
    entries (ocrfix's own temporary files among them) and the output folder,
    and do not follow symbolic links to folders. Missing paths become jobs
    too, so they are reported in their turn.
    """
    out_dir = Path(output) if output is not None else None
    out_real = os.path.realpath(output) if output is not None else None
    jobs: list[Job] = []
    for arg in paths:
        if arg == "-":
            jobs.append(Job("-", None))
            continue
        if not os.path.isdir(arg):
            jobs.append(Job(arg, arg, str(out_dir / os.path.basename(arg)) if out_dir else None))
            continue
        found = 0
        for folder, dirs, files in os.walk(arg):
            dirs[:] = sorted(
                d for d in dirs if not d.startswith(".") and os.path.realpath(os.path.join(folder, d)) != out_real
            )
            for name in sorted(files):
                if name.startswith(".") or not name.endswith(pattern):
                    continue
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, arg)
                jobs.append(Job(path, path, str(out_dir / rel) if out_dir else None))
                found += 1
        if not found:
            note(f"{arg}: no *{pattern} files in this folder")
    return jobs


def _check_jobs(jobs: list[Job], output: str | None) -> list[Job]:
    """Refuse outputs that would overwrite an input or each other; drop repeated inputs."""
    if sum(job.path is None for job in jobs) > 1:
        raise UsageError("- (stdin) can be given only once")
    if output is not None and os.path.exists(output) and not os.path.isdir(output):
        raise UsageError(f"-o {output}: exists and is not a folder")
    seen: set[str] = set()
    outputs: dict[str, str] = {}
    kept = []
    for job in jobs:
        if job.path is not None:
            real = os.path.realpath(job.path)
            if real in seen:
                continue
            seen.add(real)
            if job.output is not None:
                out = os.path.realpath(job.output)
                if out == real:
                    raise UsageError(
                        f"-o {output} would overwrite the input {job.name}; "
                        "leave out -o to fix files in place (--backup SUFFIX keeps the originals)"
                    )
                if out in outputs:
                    raise UsageError(f"{job.name} and {outputs[out]} would both be written to {job.output}")
                outputs[out] = job.name
        kept.append(job)
    for job in kept:
        if job.output is not None and os.path.realpath(job.output) in seen:
            raise UsageError(f"-o {output}: writing {job.output} would overwrite an input being fixed")
    return kept


# -- fixing one page --------------------------------------------------------


@dataclass
class Outcome:
    """What became of one input (a file, or a chunk of JSONL records)."""

    name: str
    #: Inputs (files or records) that changed or would change.
    changed: int = 0
    #: ``(where, message)`` for each input that could not be fixed.
    errors: list[tuple[str, str]] = field(default_factory=list)
    #: Bytes for stdout: fixed text (stdin) or the report.
    stdout: bytes = b""
    #: Bytes for the output file (JSONL chunks only).
    output: bytes = b""
    units: int = 1
    chars: int = 0
    edits: int = 0


def _fix(text: str, config: Config) -> Fixed:
    try:
        return fix_and_explain(text, config)
    except Exception as exc:  # a bug in ocrfix; report it for this input and go on
        raise _InternalError(f"ocrfix failed on this input, please report it: {type(exc).__name__}: {exc}") from exc


class _InternalError(Exception):
    pass


def fix_page(job: Job, opts: Options) -> Outcome:
    """Fix one plain page: read, fix, write or report."""
    outcome = Outcome(job.name)
    try:
        page = decode(job.data) if job.path is None else read_file(job.path)
    except InputError as exc:
        return _failed(outcome, job, str(exc), opts)
    except OSError as exc:
        return _failed(outcome, job, os_error_message(exc), opts)
    try:
        fixed = _fix(page.text, opts.config)
    except _InternalError as exc:
        return _failed(outcome, job, str(exc), opts)
    outcome.chars, outcome.edits = len(page.text), len(fixed.edits)
    outcome.changed = int(fixed.text != page.text)
    if opts.report:
        outcome.stdout = _report(opts.report, job.name, page, fixed).encode("utf-8", "surrogateescape")
    if not opts.write:
        return outcome
    data = page.encode(fixed.text)
    if job.path is None:
        outcome.stdout = data
        return outcome
    target = job.output or job.path
    try:
        if job.output is not None:
            os.makedirs(os.path.dirname(job.output) or ".", exist_ok=True)
            atomic_write(job.output, data, mode=page.mode)
        elif outcome.changed:
            atomic_write(job.path, data, backup=opts.backup)
    except OSError as exc:
        outcome.errors.append((job.name, f"could not write {target}: {os_error_message(exc)}"))
    return outcome


def _failed(outcome: Outcome, job: Job, message: str, opts: Options) -> Outcome:
    outcome.errors.append((job.name, message))
    if job.path is None and opts.write and job.data is not None:
        outcome.stdout = job.data  # a pipe passes what it cannot fix through unchanged
    return outcome


def _report(kind: str, name: str, page: TextFile, fixed: Fixed) -> str:
    if kind == "diff":
        return unified_diff(name, page.restyle(page.text), page.restyle(fixed.text))
    if kind == "json":
        return _json_line({"file": name, **fixed.to_dict()})
    return "".join(_json_line({"file": name, **entry}) for entry in explain(page.text, fixed))


def explain(text: str, fixed: Fixed) -> Iterator[dict]:
    """One dict per edit: its 1-based line and column in ``text`` and the edit."""
    if not fixed.edits:
        return
    index = LineIndex(text)
    for edit in fixed.edits:
        line, column = index.line_col(edit.start)
        d = edit.to_dict()
        yield {"line": line, "column": column, "start": d["start"], "end": d["end"], "repair": d["repair"],
               "old": d["old"], "new": d["new"], "confidence": d["confidence"]}


def unified_diff(name: str, old: str, new: str) -> str:
    """A unified diff of two texts, marking a last line without a line end.

    >>> print(unified_diff("p.txt", "a,b\\n", "a，b\\n"), end="")
    --- p.txt
    +++ p.txt
    @@ -1 +1 @@
    -a,b
    +a，b
    """
    out = []
    for line in difflib.unified_diff(_lines(old), _lines(new), name, name):
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def _lines(text: str) -> list[str]:
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _json_line(obj: dict) -> str:
    """``obj`` as one JSON line, UTF-8 safe (lone surrogates from JSONL input as ``\\u`` escapes)."""
    line = json.dumps(obj, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(obj)
    return line + "\n"


# -- JSON Lines -------------------------------------------------------------


def fix_records(name: str, first: int, lines: list[bytes], opts: Options) -> Outcome:
    """Fix the field of each JSON record in ``lines`` (line ``first`` onwards).

    A record that cannot be fixed (not JSON, not an object, a field that is
    not a string) is reported and passed through unchanged; a record without
    the field (or with null) passes through as it is.
    """
    outcome = Outcome(name, units=len(lines))
    out: list[bytes] = []
    report: list[str] = []
    for number, raw in enumerate(lines, first):
        try:
            new, fixed, value = _fix_record(raw, number, opts)
        except (InputError, _InternalError) as exc:
            outcome.errors.append((f"{name}:{number}", f"{exc} (record passed through unchanged)"))
            out.append(raw)
            continue
        out.append(new)
        if fixed is None:
            continue
        outcome.chars += len(value)
        outcome.edits += len(fixed.edits)
        if fixed.text != value:
            outcome.changed += 1
        if opts.report == "diff" and new != raw:
            report.append(_record_hunk(number, raw, new))
        elif opts.report == "json":
            report.append(_json_line({"file": name, "record": number, **fixed.to_dict()}))
        elif opts.report == "explain":
            report.extend(_json_line({"file": name, "record": number, **e}) for e in explain(value, fixed))
    outcome.output = b"".join(out)
    outcome.stdout = "".join(report).encode("utf-8", "surrogateescape")
    return outcome


def _fix_record(raw: bytes, number: int, opts: Options) -> tuple[bytes, Fixed | None, str]:
    body = raw.rstrip(b"\r\n")
    eol = raw[len(body):]
    bom = b""
    if number == 1 and body.startswith(b"\xef\xbb\xbf"):
        bom, body = body[:3], body[3:]
    if not body.strip():
        return raw, None, ""
    try:
        record = json.loads(body)
    except UnicodeDecodeError:
        raise InputError("not UTF-8") from None
    except ValueError as exc:
        raise InputError(f"not valid JSON: {exc.args[0] if exc.args else exc}") from None
    if not isinstance(record, dict):
        raise InputError(f"a JSON object expected, got {type(record).__name__}")
    value = record.get(opts.field)
    if value is not None and not isinstance(value, str):
        raise InputError(f"field {opts.field!r} holds {type(value).__name__}, not text")
    fixed = _fix(value, opts.config) if value is not None else None
    if opts.add_edits:
        record["ocrfix"] = {"edits": [e.to_dict() for e in fixed.edits] if fixed else []}
    elif fixed is None or fixed.text == value:
        return raw, fixed, value or ""
    if fixed is not None:
        record[opts.field] = fixed.text
    try:
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from \\ud800-style escapes
        text = json.dumps(record, separators=(",", ":")).encode("ascii")
    return bom + text + eol, fixed, value or ""


def _record_hunk(number: int, raw: bytes, new: bytes) -> str:
    old_line, new_line = raw.decode("utf-8", "surrogateescape"), new.decode("utf-8", "surrogateescape")
    out = [f"@@ -{number} +{number} @@\n"]
    for sign, line in (("-", old_line), ("+", new_line)):
        out.append(sign + line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def _chunks(stream: Iterable[bytes]) -> Iterator[tuple[int, list[bytes]]]:
    """``(first line number, lines)`` in chunks of bounded size."""
    chunk: list[bytes] = []
    size, first = 0, 1
    for number, line in enumerate(stream, 1):
        if not chunk:
            first = number
        chunk.append(line)
        size += len(line)
        if len(chunk) >= CHUNK_RECORDS or size >= CHUNK_BYTES:
            yield first, chunk
            chunk, size = [], 0
    if chunk:
        yield first, chunk


# -- workers ----------------------------------------------------------------

_OPTIONS: Options | None = None
_INIT_ERROR: str | None = None


class WorkerError(RuntimeError):
    """A worker could not start (typically: the model would not load)."""


def _init_worker(opts: Options) -> None:
    """Set a process up: keep the options and load the model once."""
    global _OPTIONS, _INIT_ERROR
    _OPTIONS = opts
    try:
        warm_up(opts.config or Config())
        fix_and_explain(WARM_UP, opts.config)
    except Exception as exc:  # reported by the first task, which stops the run
        kind = "" if isinstance(exc, (OSError, ValueError, RuntimeError)) else f"{type(exc).__name__}: "
        _INIT_ERROR = f"could not start fixing: {kind}{exc}"


def _options_in_worker() -> Options:
    if _INIT_ERROR is not None:
        raise WorkerError(_INIT_ERROR)
    assert _OPTIONS is not None, "worker used before _init_worker"
    return _OPTIONS


def _page_task(job: Job) -> Outcome:
    return fix_page(job, _options_in_worker())


def _records_task(task: tuple[str, int, list[bytes]]) -> Outcome:
    name, first, lines = task
    return fix_records(name, first, lines, _options_in_worker())


class Runner:
    """Maps a task over inputs in order, in this process or in a pool."""

    def __init__(self, opts: Options, jobs: int):
        self.jobs = jobs
        self.pool: ProcessPoolExecutor | None = None
        if jobs > 1:
            self.pool = ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(opts,))
        else:
            _init_worker(opts)
            _options_in_worker()

    def map(self, task: Callable, items: Iterable) -> Iterator[Outcome]:
        if self.pool is None:
            for item in items:
                yield task(item)
            return
        pending: deque = deque()
        try:
            for item in items:
                pending.append(self.pool.submit(task, item))
                if len(pending) >= self.jobs * WINDOW_PER_JOB:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


# -- progress ---------------------------------------------------------------


class Progress:
    """A one-line progress report on stderr, drawn only on a terminal."""

    def __init__(self, enabled: bool, unit: str, total: int | None = None, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.unit, self.total = unit, total
        self.done = self.changed = self.chars = self.edits = 0
        self.start = self.last = time.monotonic()
        self.drawn = False

    def add(self, outcome: Outcome) -> None:
        self.done += outcome.units
        self.changed += outcome.changed
        self.chars += outcome.chars
        self.edits += outcome.edits
        now = time.monotonic()
        if self.enabled and (now - self.last >= 0.2 or not self.drawn):
            self.last = now
            self._draw()

    def message(self, text: str) -> None:
        """Print a line on stderr without tearing the progress line."""
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.drawn = False
        self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False

    def _draw(self) -> None:
        elapsed = max(time.monotonic() - self.start, 1e-6)
        done = f"{self.done}/{self.total}" if self.total else f"{self.done}"
        self.stream.write(
            f"\r\x1b[Kocrfix: {done} {self.unit}, {self.changed} changed, "
            f"{self.chars / elapsed:,.0f} chars/s, {self.edits:,} edits"
        )
        self.stream.flush()
        self.drawn = True


# -- the command ------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    try:
        opts = _options(args)
        pattern = ".jsonl" if opts.jsonl else ".txt"
        notes: list[str] = []
        jobs = _check_jobs(_collect(args.paths, args.output, pattern, notes.append), args.output)
    except UsageError as exc:
        print(f"ocrfix: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    only_stdin_text = not opts.jsonl and all(job.path is None for job in jobs)
    progress = Progress(
        sys.stderr.isatty() and not args.quiet and not only_stdin_text,
        "records" if opts.jsonl else "files", None if opts.jsonl else len(jobs),
    )
    if not args.quiet:
        for note in notes:
            progress.message(f"ocrfix: note: {note}")
    if not jobs:
        return EXIT_OK
    try:
        runner = Runner(opts, min(args.jobs, len(jobs)) if not opts.jsonl else args.jobs)
    except WorkerError as exc:
        print(f"ocrfix: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    status = Status()
    try:
        if opts.jsonl:
            for job in jobs:
                _run_jsonl(job, opts, runner, progress, status, args.quiet)
        else:
            jobs = [dataclasses.replace(j, data=sys.stdin.buffer.read()) if j.path is None else j for j in jobs]
            for outcome in runner.map(_page_task, jobs):
                _emit(outcome, opts, progress, status, args.quiet)
                _write_stdout(outcome.stdout)
    except WorkerError as exc:
        progress.message(f"ocrfix: error: {exc}")
        return EXIT_ERROR
    except BrokenPipeError:  # stdout closed early (e.g. piped into head): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR
    except BrokenExecutor as exc:
        progress.message(f"ocrfix: error: a worker process died ({exc}); files already written are complete")
        return EXIT_ERROR
    finally:
        runner.close()
        progress.close()
    return status.code(opts)


@dataclass
class Status:
    errors: int = 0
    changed: int = 0

    def code(self, opts: Options) -> int:
        if self.errors:
            return EXIT_ERROR
        return EXIT_CHANGED if opts.check and self.changed else EXIT_OK


def _emit(outcome: Outcome, opts: Options, progress: Progress, status: Status, quiet: bool) -> None:
    progress.add(outcome)
    status.changed += outcome.changed
    status.errors += len(outcome.errors)
    for where, message in outcome.errors:
        progress.message(f"ocrfix: error: {where}: {message}")
    if opts.check and outcome.changed and not opts.jsonl and not quiet:
        progress.message(f"ocrfix: would change: {outcome.name}")


def _write_stdout(data: bytes) -> None:
    if data:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


class _Unchanged(Exception):
    """Raised inside an atomic output to throw the temporary file away."""


def _run_jsonl(job: Job, opts: Options, runner: Runner, progress: Progress, status: Status, quiet: bool) -> None:
    """Stream one JSONL input through the workers, in order, into its output."""

    def error(message: str) -> None:
        _emit(Outcome(job.name, errors=[(job.name, message)], units=0), opts, progress, status, quiet)

    try:
        mode = None if job.path is None else stat.S_IMODE(check_regular_file(job.path).st_mode)
        source = sys.stdin.buffer if job.path is None else open(job.path, "rb")
    except InputError as exc:
        return error(str(exc))
    except OSError as exc:
        return error(os_error_message(exc))
    changed_before = status.changed

    def stream(sink: BinaryIO | None) -> None:
        tasks = ((job.name, first, lines) for first, lines in _chunks(source))
        for outcome in runner.map(_records_task, tasks):
            _emit(outcome, opts, progress, status, quiet)
            _write_stdout(outcome.stdout)
            if sink is not None:
                sink.write(outcome.output)

    try:
        if not opts.write:
            stream(None)
        elif job.path is None:
            stream(sys.stdout.buffer)
        else:
            target = job.output or job.path
            try:
                if job.output is not None:
                    os.makedirs(os.path.dirname(job.output) or ".", exist_ok=True)
                with atomic_output(target, mode=mode, backup=None if job.output else opts.backup) as sink:
                    stream(sink)
                    if job.output is None and status.changed == changed_before and not opts.add_edits:
                        raise _Unchanged  # leave the file as it is: no new inode, no backup
            except _Unchanged:
                pass
            except OSError as exc:
                error(f"could not write {target}: {os_error_message(exc)}")
    finally:
        if job.path is not None:
            source.close()
    if opts.check and status.changed > changed_before and not quiet:
        progress.message(f"ocrfix: would change: {job.name}")
