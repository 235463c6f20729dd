"""The corpus splits: train and dev, and train cut again into fit and tune."""

from __future__ import annotations

import pytest

from ocrfix import corpus, lexicon


@pytest.fixture
def tagged(tmp_path):
    path = tmp_path / "199801.txt"
    path.write_text("".join(f"第{i}行/m  文字/n\n" for i in range(180)), encoding="utf-8")
    return path


def test_fit_and_tune_divide_the_train_split_and_never_touch_dev(tagged):
    train, dev = corpus.load_split("train", tagged), corpus.load_split("dev", tagged)
    fit, tune = corpus.load_split("fit", tagged), corpus.load_split("tune", tagged)
    assert fit + tune == train
    assert len(fit) == int(len(train) * corpus.FIT_FRACTION) and tune
    assert not set(fit + tune) & set(dev)


def test_an_unknown_split_is_refused(tagged):
    with pytest.raises(ValueError, match="split must be one of"):
        corpus.load_split("test", tagged)


def test_the_lexicon_path_follows_the_environment(tmp_path, monkeypatch):
    terms = tmp_path / "terms.tsv"
    terms.write_text("# mined elsewhere\n菜篮子\t5\t1\n", encoding="utf-8")
    monkeypatch.setenv(lexicon.LEXICON_ENV, str(terms))
    assert lexicon.lexicon_path() == terms
    monkeypatch.delenv(lexicon.LEXICON_ENV)
    assert lexicon.lexicon_path() != terms


def test_a_lexicon_the_environment_names_must_exist(tmp_path, monkeypatch):
    monkeypatch.setenv(lexicon.LEXICON_ENV, str(tmp_path / "missing.tsv"))
    lexicon.quoted_terms.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match="OCRFIX_LEXICON"):
            lexicon.quoted_terms()
    finally:
        monkeypatch.delenv(lexicon.LEXICON_ENV)
        lexicon.quoted_terms.cache_clear()
