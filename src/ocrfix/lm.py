"""The KenLM character model: tokeniser, scorer and build recipe.

Every repair is a choice between candidate texts, and the choice is scored by
an n-gram model of newspaper Chinese *including its punctuation*, so the
model works on characters: each Han character and each punctuation mark is a
token of its own (the model must know where a “ goes). Numbers and Latin
words would fragment the model into thousands of rare tokens, so a run of
digits becomes one ``<num>`` token and a run of Latin letters one ``<lat>``.
Whitespace is never a token. The same :func:`tokenize` serves training and
queries.

>>> tokenize("他说：“2016年G20峰会在杭州 召开。”")
['他', '说', '：', '“', '<num>', '年', '<lat>', '<num>', '峰', '会', '在', '杭', '州', '召', '开', '。', '”']

Scoring goes through :class:`CharModel`, a lazy wrapper around
``kenlm.Model`` that pickles as its path; :func:`load_model` gives the
process-wide instance for a path (by default the model shipped in
``ocrfix/data``). :func:`build_model` is the recipe that made the shipped
model: tokenise, KenLM's ``lmplz`` (modified Kneser-Ney), then
``build_binary trie -q 8 -b 8``.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import shutil
import struct
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import regex

from .chardata import SPACE_CLASS
from .config import MODEL_ENV, Config

#: The token a run of digits becomes (3, 2016, 3.5, ３．５).
NUM = "<num>"
#: The token a run of Latin letters becomes (G, APEC, ｉＰｈｏｎｅ).
LAT = "<lat>"

_DIGIT = "0-9０-９"
_LETTER = "A-Za-zＡ-Ｚａ-ｚ"
#: One token: a number (digits, with '.' or '．' only *between* digits), a
#: Latin run, or any single non-space character.
#: (Whitespace is the ``regex`` module's ``\\s``, spelt out for the faster
#: standard ``re``: :data:`ocrfix.chardata.SPACE_CLASS`.)
TOKEN_RE = re.compile(rf"(?P<num>[{_DIGIT}]+(?:[.．][{_DIGIT}]+)*)|(?P<lat>[{_LETTER}]+)|(?P<char>[^{SPACE_CLASS}])")
#: :data:`TOKEN_RE` with the whitespace before each token (for :func:`token_spans`).
_SPANS_RE = re.compile(rf"([{SPACE_CLASS}]*)(?:([{_DIGIT}]+(?:[.．][{_DIGIT}]+)*)|([{_LETTER}]+)|([^{SPACE_CLASS}]))")

#: The 1998 corpus writes abbreviated years as ’98 (a closing quote with no
#: opening one). Modern papers print the full year, and the mark teaches the
#: model that ’ may follow “，” or “在”, so training text drops it.
_YEAR_APOSTROPHE_RE = regex.compile(rf"’(?=[{_DIGIT}])")

#: ``build_binary`` data structure and quantisation of the shipped model.
BINARY_ARGS = ("-q", "8", "-b", "8", "trie")
#: Environment variable naming the folder that holds ``lmplz`` and ``build_binary``.
TOOLS_ENV = "OCRFIX_KENLM_BIN"
TOOLS_SCRIPT = "scripts/build-kenlm-tools.sh"
_TOOLS_SUBDIR = Path("tools") / "kenlm" / "bin"

# The header of a KenLM binary file (lm/binary_format.cc): the magic string
# padded to 8 bytes, the "sanity" values, FixedWidthParameters, then one
# uint64 n-gram count per order.
_MAGIC = b"mmap lm http://kheafield.com/code format version 5\n\0"
_SANITY_SIZE = (len(_MAGIC) + 1 + 7) // 8 * 8 + 32
_FIXED = struct.Struct("=B3xfi?3xI")  # order, probing_multiplier, model_type, has_vocabulary, search_version


#: The unknown-word token KenLM scores with its own <unk> probability.
UNK = "<unk>"


def log10_odds_probability(odds: float) -> float:
    """A probability from log10 odds, ``1 / (1 + 10 ** -odds)``, for odds of
    any size: a margin of hundreds (hard constraints cost 100 each) neither
    overflows nor loses the answer.

    >>> log10_odds_probability(0.0), log10_odds_probability(-400.0), log10_odds_probability(400.0)
    (0.5, 0.0, 1.0)
    """
    if odds >= 0:
        return 1.0 / (1.0 + 10.0 ** -odds)
    tail = 10.0 ** odds  # underflows to 0.0 far below, never overflows
    return tail / (1.0 + tail)


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """The tokens of ``text`` with their ``(start, end)`` offsets into it.

    >>> token_spans("共 3.5 万")
    [('共', 0, 1), ('<num>', 2, 5), ('万', 6, 7)]
    """
    # One findall (no match objects): each token with the whitespace before
    # it, so the offsets add up.
    spans = []
    pos = 0
    for ws, num, lat, char in _SPANS_RE.findall(text):
        start = pos + len(ws)
        if char:
            pos = start + 1
            if "\ud800" <= char <= "\udfff":
                char = UNK  # a lone surrogate cannot reach KenLM's UTF-8 API
            spans.append((char, start, pos))
        elif num:
            pos = start + len(num)
            spans.append((NUM, start, pos))
        else:
            pos = start + len(lat)
            spans.append((LAT, start, pos))
    return spans


def tokenize(text: str) -> list[str]:
    """Character-level tokens of ``text``; whitespace is dropped.

    >>> tokenize("《人民日报》1998年1月 ＡＰＥＣ会议")
    ['《', '人', '民', '日', '报', '》', '<num>', '年', '<num>', '月', '<lat>', '会', '议']
    >>> tokenize("第3.章")   # a '.' not followed by a digit is a token of its own
    ['第', '<num>', '.', '章']
    """
    return [t for t, _, _ in token_spans(text)]


def training_text(line: str) -> str:
    """One corpus paragraph as the model is trained on it: tokens joined by spaces.

    Drops the 1998 paper's year apostrophe (’98 -> 98), the only
    normalisation on top of :func:`tokenize`.

    >>> training_text("在’97中国旅游年的基础上")
    '在 <num> 中 国 旅 游 年 的 基 础 上'
    """
    return " ".join(tokenize(_YEAR_APOSTROPHE_RE.sub("", line)))


def _not_loadable(path: Path, why: str) -> str:
    return (
        f"cannot load the KenLM model {path}: {why}; choose another model with --model PATH, "
        f"Config(model=PATH) or the {MODEL_ENV} environment variable"
    )


class CharModel:
    """A KenLM character model, loaded on first use (a binary is memory-mapped).

    Scores are log10 probabilities. Text is tokenised with :func:`tokenize`;
    a list is taken as tokens already. Pickles as its path, so a worker
    process reloads it lazily.
    """

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self._model: Any = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"CharModel({str(self.path)!r})"

    def __reduce__(self):
        return (CharModel, (str(self.path),))

    @property
    def model(self) -> Any:
        """The underlying ``kenlm.Model`` (loads it)."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = _load_kenlm(self.path)
        return self._model

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def order(self) -> int:
        return self.model.order

    def __contains__(self, token: str) -> bool:
        """True if ``token`` is in the model's vocabulary."""
        return token in self.model

    def score(self, text_or_tokens: str | list[str], bos: bool = True, eos: bool = True) -> float:
        """Total log10 probability of a text or token list."""
        tokens = tokenize(text_or_tokens) if isinstance(text_or_tokens, str) else text_or_tokens
        return self.model.score(" ".join(tokens), bos=bos, eos=eos)

    def begin(self) -> Any:
        """The state after the sentence start ``<s>``."""
        state = _kenlm().State()
        self.model.BeginSentenceWrite(state)
        return state

    def null(self) -> Any:
        """The empty-context state (for text that does not start a sentence)."""
        state = _kenlm().State()
        self.model.NullContextWrite(state)
        return state

    def advance(self, state: Any, token: str) -> tuple[float, Any]:
        """log10 P(token | state) and the state after ``token``; ``state`` is unchanged."""
        out = _kenlm().State()
        return self.model.BaseScore(state, token, out), out

    def end(self, state: Any) -> float:
        """log10 P(</s> | state)."""
        return self.model.BaseScore(state, "</s>", _kenlm().State())

    def perplexity(self, lines: Iterable[str]) -> float:
        """Per-token perplexity over ``lines``, counting one ``</s>`` a line.

        Lines without tokens are skipped.
        """
        total, count = 0.0, 0
        for line in lines:
            tokens = tokenize(line)
            if not tokens:
                continue
            total += self.score(tokens)
            count += len(tokens) + 1
        if not count:
            raise ValueError("no tokens to compute a perplexity on")
        return 10.0 ** (-total / count)


def _kenlm():
    import kenlm  # deferred: importing ocrfix must not need the extension

    return kenlm


def _load_kenlm(path: Path) -> Any:
    if not path.is_file():
        if path.exists():
            raise ValueError(_not_loadable(path, "not a file"))
        raise FileNotFoundError(_not_loadable(path, "no such file"))
    kenlm = _kenlm()
    config = kenlm.Config()
    # mmap, pre-faulted where the OS allows; pages are shared between processes.
    config.load_method = kenlm.LoadMethod.POPULATE_OR_LAZY
    config.show_progress = False
    try:
        return kenlm.Model(str(path), config)
    except (OSError, RuntimeError, ValueError) as exc:
        detail = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise ValueError(_not_loadable(path, f"not a KenLM ARPA or binary file ({detail})")) from exc


_CACHE: dict[str, CharModel] = {}
_CACHE_LOCK = threading.Lock()


def load_model(path: str | os.PathLike[str] | None = None) -> CharModel:
    """The model at ``path`` (None: ``Config().model_path()``), loaded and cached per process.

    Raises FileNotFoundError or ValueError, naming the path, if it cannot be loaded.
    """
    resolved = Path(path if path is not None else Config().model_path()).expanduser().resolve()
    key = str(resolved)
    with _CACHE_LOCK:
        model = _CACHE.get(key)
    if model is None:
        model = CharModel(resolved)
        model.model  # load now, so a bad path fails here and not mid-decode
        with _CACHE_LOCK:
            model = _CACHE.setdefault(key, model)
    return model


# --- building -----------------------------------------------------------------


def find_tool(name: str) -> Path:
    """The KenLM program ``name`` (``lmplz``, ``build_binary``).

    Looks in ``$OCRFIX_KENLM_BIN``, then ``tools/kenlm/bin`` in the source
    checkout and in the current directory, then on PATH.
    """
    candidates = []
    env = os.environ.get(TOOLS_ENV)
    if env:
        candidates.append(Path(env) / name)
    repo = Path(__file__).resolve().parents[2]
    candidates += [repo / _TOOLS_SUBDIR / name, Path.cwd() / _TOOLS_SUBDIR / name]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which(name)
    if found:
        return Path(found)
    where = ", ".join(str(c.parent) for c in candidates)
    raise FileNotFoundError(
        f"KenLM's {name} was not found (looked in {where} and on PATH); build it with "
        f"{TOOLS_SCRIPT} from the ocrfix source tree, or point ${TOOLS_ENV} at the folder that holds it"
    )


def _corpus_lines(corpus: Iterable[str] | Iterable[os.PathLike[str]]) -> Iterator[str]:
    for item in corpus:
        if isinstance(item, os.PathLike):
            with open(item, encoding="utf-8") as f:
                yield from f
        else:
            yield item


def _run(cmd: list[str], log: Path) -> None:
    with open(log, "ab") as err:
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=err)
    if proc.returncode:
        raise RuntimeError(f"{Path(cmd[0]).name} failed (exit {proc.returncode}): {_tail(log)}")


def _tail(log: Path, lines: int = 6) -> str:
    text = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return " | ".join(text[-lines:])


def build_model(
    corpus: Iterable[str] | Iterable[os.PathLike[str]],
    output: str | os.PathLike[str],
    order: int = 5,
    prune: list[int] | None = None,
    memory: str = "30%",
    binary: bool = True,
) -> Path:
    """Train a character model on ``corpus`` and write it to ``output``.

    ``corpus`` is paragraphs (strings, one per line) or text files (paths).
    Each line goes through :func:`training_text`, then ``lmplz`` estimates a
    modified Kneser-Ney model of ``order`` (``prune``: lmplz's per-order
    count thresholds, e.g. ``[0, 0, 1]``), and ``build_binary`` turns the
    ARPA into a ``trie -q 8 -b 8`` binary (``binary=False`` keeps the ARPA).
    ``--discount_fallback`` is always passed, so tiny corpora build too; on
    a real corpus it changes nothing.
    """
    output = Path(output)
    lmplz = find_tool("lmplz")
    build_binary = find_tool("build_binary") if binary else None
    if order < 1:
        raise ValueError(f"order must be at least 1, not {order}")
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ocrfix-lm-") as tmp:
        tmpdir = Path(tmp)
        arpa, log = tmpdir / "model.arpa", tmpdir / "log.txt"
        cmd = [str(lmplz), "-o", str(order), "-S", memory, "-T", str(tmpdir), "--arpa", str(arpa), "--discount_fallback"]
        if prune:
            cmd += ["--prune", *map(str, prune)]
        lines = 0
        with open(log, "wb") as err:
            proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=err)
            stdin: Any = proc.stdin
            try:
                for line in _corpus_lines(corpus):
                    text = training_text(line)
                    if text:
                        stdin.write(text.encode("utf-8") + b"\n")
                        lines += 1
            except BrokenPipeError:
                pass  # lmplz died; its log says why
            finally:
                try:
                    stdin.close()
                except BrokenPipeError:
                    pass
                returncode = proc.wait()
        if returncode:
            raise RuntimeError(f"lmplz failed (exit {returncode}) on {lines} lines: {_tail(log)}")
        if not lines:
            raise ValueError("the corpus has no text to train on")
        partial = output.with_name(output.name + ".part")
        if build_binary is None:
            shutil.move(arpa, partial)
        else:
            _run([str(build_binary), *BINARY_ARGS, str(arpa), str(partial)], log)
        partial.replace(output)
    return output


# --- inspecting -----------------------------------------------------------------


def ngram_counts(path: str | os.PathLike[str]) -> list[int]:
    """The number of n-grams of each order stored in a KenLM ARPA or binary file."""
    path = Path(path)
    with open(path, "rb") as f:
        head = f.read(_SANITY_SIZE + _FIXED.size + 8 * 16)
        if head.startswith(_MAGIC):
            order = _FIXED.unpack_from(head, _SANITY_SIZE)[0]
            start = _SANITY_SIZE + _FIXED.size
            return list(struct.unpack_from(f"={order}Q", head, start))
        f.seek(0)
        counts: list[int] = []
        seen_data = False
        for raw in f:
            line = raw.strip()
            if line == b"\\data\\":
                seen_data = True
            elif seen_data and line.startswith(b"ngram "):
                counts.append(int(line.split(b"=")[1]))
            elif seen_data and counts and not line:
                break
    if not counts:
        raise ValueError(f"{path} is neither a KenLM binary nor an ARPA file")
    return counts


def file_sha256(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_info(path: str | os.PathLike[str], dev_lines: Iterable[str] | None = None) -> dict:
    """Order, size, vocabulary, n-gram counts, sha256 and (given dev lines) perplexity.

    The vocabulary counts ``<s>``, ``</s>`` and ``<unk>``.
    """
    path = Path(path)
    model = CharModel(path)
    counts = ngram_counts(path) if path.is_file() else []
    info: dict[str, Any] = {
        "path": str(path),
        "order": model.order,
        "format": "binary" if _is_binary(path) else "arpa",
        "size_bytes": path.stat().st_size,
        "vocabulary": counts[0] if counts else None,
        "ngrams": counts,
        "sha256": file_sha256(path),
    }
    if dev_lines is not None:
        lines = [line for line in dev_lines if tokenize(line)]
        ppl = model.perplexity(lines)
        info["dev_lines"] = len(lines)
        info["dev_tokens"] = sum(len(tokenize(line)) + 1 for line in lines)
        info["dev_perplexity"] = round(ppl, 3) if math.isfinite(ppl) else ppl
    return info


def _is_binary(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(len(_MAGIC)) == _MAGIC
