"""The character model: tokeniser, scorer, build recipe and the shipped model.

Unit tests score with ``tests/data/tiny.arpa`` (an order-3 model that
``lmplz`` built from six sentences); the end-to-end tests run KenLM's real
``lmplz`` and ``build_binary`` (``scripts/build-kenlm-tools.sh`` builds them;
CI always does) and load the model shipped in the package.
"""

from __future__ import annotations

import json
import math
import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocrfix import lm
from ocrfix.config import MODEL_ENV, Config, default_model_path

DATA = Path(__file__).with_name("data")
TINY = DATA / "tiny.arpa"


# --- tokeniser ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, tokens",
    [
        ("新年好", ["新", "年", "好"]),
        ("他说：“好！”", ["他", "说", "：", "“", "好", "！", "”"]),
        ("新 年\t好\u3000。\n", ["新", "年", "好", "。"]),
        ("1998年", ["<num>", "年"]),
        ("１９９８年", ["<num>", "年"]),
        ("增长3.5%", ["增", "长", "<num>", "%"]),
        ("增长３．５％", ["增", "长", "<num>", "％"]),
        ("3. 5", ["<num>", ".", "<num>"]),
        ("第3.", ["第", "<num>", "."]),
        ("G20峰会", ["<lat>", "<num>", "峰", "会"]),
        ("ＡＰＥＣ和WTO", ["<lat>", "和", "<lat>"]),
        ("iPhone 7", ["<lat>", "<num>"]),
        ("《人民日报》‘新’", ["《", "人", "民", "日", "报", "》", "‘", "新", "’"]),
        ("——……·", ["—", "—", "…", "…", "·"]),
        ("①Ⅱ℃", ["①", "Ⅱ", "℃"]),
        ("", []),
    ],
)
def test_tokenize(text, tokens):
    assert lm.tokenize(text) == tokens


@given(st.text(alphabet=st.sampled_from("新年好 ，。“”‘’0１.．aＢ\t\u3000-%")))
def test_token_spans_cover_every_non_space_character(text):
    spans = lm.token_spans(text)
    assert [t for t, _, _ in spans] == lm.tokenize(text)
    covered = "".join(text[s:e] for _, s, e in spans)
    assert covered == "".join(ch for ch in text if not ch.isspace())
    assert all(0 <= s < e <= len(text) for _, s, e in spans)
    assert all(e <= s2 for (_, _, e), (_, s2, _) in zip(spans, spans[1:]))
    assert all(" " not in t and t for t in lm.tokenize(text))


def test_training_text_drops_only_the_year_apostrophe():
    assert lm.training_text("’98北京新年音乐会") == "<num> 北 京 新 年 音 乐 会"
    assert lm.training_text("‘新’ 年") == "‘ 新 ’ 年"


# --- scorer on the tiny model ---------------------------------------------------------


@pytest.fixture()
def tiny():
    return lm.CharModel(TINY)


def test_model_is_lazy_and_pickles_as_its_path(tiny):
    assert not tiny.loaded
    clone = pickle.loads(pickle.dumps(tiny))
    assert isinstance(clone, lm.CharModel) and clone.path == TINY and not clone.loaded
    assert tiny.order == 3 and tiny.loaded
    assert len(pickle.dumps(tiny)) < 200  # the path, not the model


def test_score_equals_incremental_scoring(tiny):
    text = "他说：“新年好！”"
    state, total = tiny.begin(), 0.0
    for token in lm.tokenize(text):
        logp, state = tiny.advance(state, token)
        total += logp
    total += tiny.end(state)
    assert tiny.score(text) == pytest.approx(total, abs=1e-4)
    assert tiny.score(lm.tokenize(text)) == tiny.score(text)


def test_advance_does_not_change_its_input_state(tiny):
    start = tiny.begin()
    a, _ = tiny.advance(start, "他")
    b, _ = tiny.advance(start, "他")
    assert a == b


def test_bos_eos_and_null_context(tiny):
    tokens = lm.tokenize("新年好")
    state, total = tiny.null(), 0.0
    for token in tokens:
        logp, state = tiny.advance(state, token)
        total += logp
    assert tiny.score(tokens, bos=False, eos=False) == pytest.approx(total, abs=1e-4)
    assert tiny.score(tokens, bos=True, eos=True) != tiny.score(tokens, bos=False, eos=False)


def test_seen_text_beats_scrambled_text(tiny):
    assert tiny.score("他说，新年好。") > tiny.score("好年新，说他。")
    assert "他" in tiny and "鑫" not in tiny
    assert math.isfinite(tiny.score("鑫"))  # unknown -> <unk>, never an error


def test_perplexity_counts_end_of_sentence(tiny):
    lines = ["新年好。", "", "他说。"]
    total = tiny.score("新年好。") + tiny.score("他说。")
    assert tiny.perplexity(lines) == pytest.approx(10 ** (-total / (4 + 1 + 3 + 1)))
    with pytest.raises(ValueError):
        tiny.perplexity(["", "  "])


def test_model_info_of_an_arpa(tmp_path):
    info = lm.model_info(TINY, ["新年好。"])
    assert info["order"] == 3 and info["format"] == "arpa"
    assert info["vocabulary"] == info["ngrams"][0] == 35
    assert info["size_bytes"] == TINY.stat().st_size and len(info["sha256"]) == 64
    assert info["dev_perplexity"] > 1


# --- errors ----------------------------------------------------------------------------


def test_missing_model_names_the_path_and_the_ways_to_choose_another(tmp_path):
    missing = tmp_path / "nope.klm"
    with pytest.raises(FileNotFoundError) as err:
        lm.load_model(missing)
    message = str(err.value)
    assert str(missing) in message and "--model" in message and MODEL_ENV in message
    with pytest.raises(FileNotFoundError):
        lm.CharModel(missing).score("新年")


def test_unreadable_model_is_a_value_error(tmp_path):
    junk = tmp_path / "junk.klm"
    junk.write_text("not a model\n")
    with pytest.raises(ValueError, match="junk.klm"):
        lm.load_model(junk)
    with pytest.raises(ValueError, match="not a file"):
        lm.load_model(tmp_path)


def test_load_model_caches_per_path_and_follows_the_config(monkeypatch):
    assert lm.load_model(TINY) is lm.load_model(str(TINY))
    monkeypatch.setenv(MODEL_ENV, str(TINY))
    assert lm.load_model() is lm.load_model(TINY)
    assert Config(model=str(TINY)).model_path() == TINY


def test_find_tool_error_names_the_build_script(monkeypatch, tmp_path):
    monkeypatch.setenv(lm.TOOLS_ENV, str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(lm, "__file__", str(tmp_path / "src" / "ocrfix" / "lm.py"))
    with pytest.raises(FileNotFoundError, match="build-kenlm-tools.sh"):
        lm.find_tool("lmplz")
    fake = tmp_path / "lmplz"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    assert lm.find_tool("lmplz") == fake


# --- the real tools, end to end ----------------------------------------------------------


def test_build_model_with_kenlm_tools(tmp_path):
    corpus = DATA / "lm_corpus.txt"
    model_path = lm.build_model([corpus], tmp_path / "m.klm", order=4)
    info = lm.model_info(model_path, (DATA / "lm_dev.txt").read_text(encoding="utf-8").splitlines())
    assert info["format"] == "binary" and info["order"] == 4
    assert 1000 < info["vocabulary"] < 3000
    assert 50 < info["dev_perplexity"] < 2000
    model = lm.CharModel(model_path)
    line = corpus.read_text(encoding="utf-8").splitlines()[3]
    assert model.score(line) > model.score(line[::-1])
    # Same recipe, same bytes.
    again = lm.build_model(corpus.read_text(encoding="utf-8").splitlines(), tmp_path / "again.klm", order=4)
    assert lm.file_sha256(again) == info["sha256"]


def test_build_model_arpa_and_pruning(tmp_path):
    lines = (DATA / "lm_corpus.txt").read_text(encoding="utf-8").splitlines()
    full = lm.build_model(lines, tmp_path / "full.arpa", order=3, binary=False)
    pruned = lm.build_model(lines, tmp_path / "pruned.arpa", order=3, prune=[0, 0, 1], binary=False)
    assert lm.model_info(full)["format"] == "arpa"
    assert lm.ngram_counts(pruned)[2] < lm.ngram_counts(full)[2]
    assert lm.ngram_counts(pruned)[:2] == lm.ngram_counts(full)[:2]


def test_cli_lm_build_info_and_score(tmp_path, capsys):
    from ocrfix.cli import main

    model_path = tmp_path / "paper.klm"
    corpus = DATA / "lm_corpus.txt"
    assert main(["lm", "build", str(corpus), "-o", str(model_path), "--order", "4", "--prune", "0", "0", "1"]) == 0
    built = capsys.readouterr().out
    assert "order: 4" in built and f"sha256: {lm.file_sha256(model_path)}" in built
    assert main(["lm", "info", str(model_path), "--dev", str(DATA / "lm_dev.txt"), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["order"] == 4 and info["dev_perplexity"] > 1 and info["dev_lines"] == 40
    line_file = tmp_path / "one.txt"
    line_file.write_text("他说：“新年好！”\n", encoding="utf-8")
    assert main(["lm", "score", str(line_file), "--model", str(model_path)]) == 0
    logp, ppl, text = capsys.readouterr().out.rstrip("\n").split("\t")
    assert float(logp) < 0 and float(ppl) > 1 and text == "他说：“新年好！”"


def test_cli_lm_errors(tmp_path, capsys):
    from ocrfix.cli import main

    assert main(["lm", "build", "-o", str(tmp_path / "m.klm")]) == 1
    assert main(["lm", "info", str(tmp_path / "missing.klm")]) == 1
    err = capsys.readouterr().err
    assert "nothing to train on" in err and "missing.klm" in err and MODEL_ENV in err


def test_build_model_refuses_an_empty_corpus(tmp_path):
    with pytest.raises((ValueError, RuntimeError)):
        lm.build_model(["", "   "], tmp_path / "empty.klm", order=3)
    assert not (tmp_path / "empty.klm").exists()


# --- the shipped model --------------------------------------------------------------------

SENTENCE = "他说：“我们要把人民日报办得更好。”"


def test_shipped_model_loads_and_scores_a_sentence():
    model = lm.load_model()
    assert model.path == default_model_path().resolve()
    assert model.order == 5
    assert default_model_path().stat().st_size <= 20_000_000
    quoted = model.score(SENTENCE)
    bare = model.score(SENTENCE.replace("“", "").replace("”", ""))
    misplaced = model.score("他说：我们“要把人民日”报办得更好。")
    assert quoted > misplaced + 3  # quotes in the wrong places cost orders of magnitude
    assert quoted > bare  # after 说： the quoted sentence is likelier than the bare one
    # After 说： an opening quote is the likeliest mark.
    state = model.begin()
    for token in lm.tokenize("他说："):
        _, state = model.advance(state, token)
    marks = {m: model.advance(state, m)[0] for m in "“，。‘”、"}
    assert max(marks, key=marks.get) == "“"


def test_shipped_model_dev_perplexity_on_a_sample():
    lines = (DATA / "lm_dev.txt").read_text(encoding="utf-8").splitlines()
    assert 10 < lm.load_model().perplexity(lines) < 120
