"""Tokens, normalisation, lemmas and the typo gate."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.normalize import normalize
from scoring.text import Vocabulary, tokenize


@given(st.text())
def test_normalize_keeps_length(s):
    assert len(normalize(s)) == len(s)


def test_normalize_yo_quotes_case():
    assert normalize("ЁЛКА «Ещё»") == 'елка "еще"'


@given(st.text(max_size=200))
def test_token_offsets_point_into_text(s):
    for t in tokenize(s):
        assert 0 <= t.start < t.end <= len(s)
        assert s[t.start : t.end] == t.text


def test_tokens_keep_offsets_and_lemmas():
    text = "«Ваша задолженность» — 450 000, кто-нибудь ответит?"
    toks = tokenize(text)
    words = [t.text for t in toks]
    assert words[:2] == ["Ваша", "задолженность"]
    assert "кто-нибудь" in words
    t = toks[1]
    assert text[t.start : t.end] == "задолженность"
    assert "задолженность" in t.lemmas


def test_all_parses_count():
    (tok,) = tokenize("долга")
    assert {"долг", "долгий"} <= tok.lemmas


def test_yo_in_lemmas_is_normalised():
    (tok,) = tokenize("ещё")
    assert "еще" in tok.lemmas


VOCAB = Vocabulary({"задолженность", "пожалуйста", "долг", "претензия"})


@pytest.mark.parametrize("typo,expected", [
    ("задолжнность", "задолженность"),
    ("задолжености", "задолженности"),
    ("пожалуста", "пожалуйста"),
    ("притензию", "претензию"),
])
def test_typos_in_long_unknown_words_are_corrected(typo, expected):
    (tok,) = tokenize(typo, VOCAB)
    assert tok.corrected == expected


@pytest.mark.parametrize("word", [
    "должность",   # a real word: never corrected
    "долго",       # real and short
    "долгу",       # real
    "задолбал",    # unknown-ish slang but too far
    "дoлг",        # Latin o: not Cyrillic, never corrected
    "зодолж",      # too short / too far
])
def test_typo_gate_blocks_false_hits(word):
    toks = tokenize(word, VOCAB)
    assert all(t.corrected is None for t in toks)
    assert not any("задолженность" in t.lemmas for t in toks)
