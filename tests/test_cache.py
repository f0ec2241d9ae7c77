"""The start-up cache: a rulebook read back from JSON scores exactly as one compiled from YAML; a
damaged entry is rebuilt; entries of old code versions do not pile up."""

from __future__ import annotations

import json
import os
import time
from datetime import date

import pytest
from hypothesis import given, strategies as st

from scoring import cache
from scoring.patterns import parse_pattern, pattern_from_json, pattern_to_json
from scoring.report import score_turns
from scoring.rulebook import load_rulebook
from scoring.transcript import parse_transcript

SAMPLE = """\
М: Добрый день! У вас задолжнность 450 000 рублей по счёту № 3127, срок прошёл.
Клиент: Да-да, на днях заплатим, бухгалтер занимается.
М: Мне нужна точная дата. Кто у вас согласует платежи? Иначе передадим дело юристам.
Клиент: Ну… в пятницу, наверное.
М: Правильно ли я понимаю: 450 000 рублей поступят до 4 декабря? Спасибо!
"""


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("DEBITORKA_NO_CACHE", raising=False)
    monkeypatch.setenv("DEBITORKA_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_every_default_pattern_survives_the_json_round_trip():
    book = load_rulebook(verify=False)
    for m in book.markers.markers.values():
        for p in m.patterns + m.exceptions:
            data = json.loads(json.dumps(pattern_to_json(p)))
            assert pattern_from_json(data) == p, p.source


_WORDS = st.sampled_from(["долг", "задолженность", "=вы", "=нас", "оплатить|перевести", "плат*", "*",
                          "не", "быть:futr", "ваш?", "деньги", "срок"])


@given(st.lists(_WORDS, min_size=1, max_size=6), st.integers(0, 3),
       st.lists(st.sampled_from(["*{0,2}", "*{1,3}"]), max_size=2))
def test_any_pattern_survives_the_json_round_trip(words, skip, gaps):
    parts = list(words)
    for i, g in enumerate(gaps):  # gaps only between two words
        if len(parts) > 1:
            parts.insert(1 + i % (len(parts) - 1), g)
    source = " ".join(parts)
    try:
        p = parse_pattern(source, skip)
    except ValueError:
        return  # e.g. only optional words: not a pattern at all
    assert pattern_from_json(json.loads(json.dumps(pattern_to_json(p)))) == p


def test_a_cached_rulebook_scores_as_a_fresh_one(cache_dir):
    turns = parse_transcript(SAMPLE)
    today = date(2026, 11, 23)
    fresh = load_rulebook()  # compiled from YAML, examples checked, then stored
    assert list((cache_dir / "rulebook").glob("*.json"))
    cached = load_rulebook()  # read back from JSON
    assert score_turns(turns, cached, today).to_dict() == score_turns(turns, fresh, today).to_dict()


def test_a_cached_word_index_is_the_one_a_fresh_build_makes(cache_dir):
    """The rulebook cache keeps the marker index (masks as bit positions, JSON keys): read back, every
    structure matching relies on is what building it from the patterns gives."""
    fresh = load_rulebook().markers
    cached = load_rulebook().markers
    assert cached is not fresh and cached.index() is not fresh.index()
    for attr in ("_patterns", "_elements", "_keyless", "_always", "_triggers", "_key_bits", "_el_index",
                 "_prefixes", "_prefix_lengths"):
        assert getattr(cached, attr) == getattr(fresh, attr), attr
    assert cached.vocabulary._lemmas == fresh.vocabulary._lemmas
    assert max(mask for _, _, _, mask, *_ in fresh._patterns).bit_length() > 64  # big ints survive too


def test_the_cached_default_rulebook_keeps_its_content_digest(cache_dir):
    """The built-in rulebook's entry is found by its file's size and mtime, but the digest it carries
    (scenario digests and group records build on it) is still the content's."""
    from scoring.rulebook import _data_text, _digest

    text = _data_text("rules.yaml")
    fresh = load_rulebook()
    cached = load_rulebook()
    assert cached is not fresh and cached.markers is not fresh.markers
    assert fresh.digest == cached.digest == _digest(text, text)


def test_an_index_that_does_not_fit_its_patterns_is_rebuilt(cache_dir):
    load_rulebook()
    (entry,) = (cache_dir / "rulebook").glob("*.json")
    data = json.loads(entry.read_text(encoding="utf-8"))
    del data["index"]["patterns"][-1]
    entry.write_text(json.dumps(data), encoding="utf-8")
    book = load_rulebook()
    assert len(book.markers._patterns) == len(json.loads(entry.read_text(encoding="utf-8"))["index"]["patterns"])


@pytest.mark.parametrize("env", [
    {"HOME": "/home/anna"},
    {"HOME": "/home/anna", "XDG_CACHE_HOME": "/var/tmp/xdg"},
    {"HOME": "/home/anna", "XDG_CACHE_HOME": "relative/xdg"},  # not absolute: ignored
    {"HOME": "/home/anna", "XDG_CACHE_HOME": ""},
])
def test_cache_folder_is_where_platformdirs_puts_it(monkeypatch, env):
    """cache._dir reads the XDG variables itself on Linux (start-up); it must agree with platformdirs."""
    from platformdirs import user_cache_dir

    for var in ("DEBITORKA_NO_CACHE", "DEBITORKA_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert str(cache._dir()) == user_cache_dir("debitorka", appauthor=False)


def test_a_damaged_entry_is_rebuilt(cache_dir):
    load_rulebook()
    (entry,) = (cache_dir / "rulebook").glob("*.json")
    entry.write_text('{"markers": {"greeting": {"patterns": [["broken"]]}}}', encoding="utf-8")
    book = load_rulebook()
    assert "greeting" in book.markers.markers and book.rule("greets")
    assert json.loads(entry.read_text(encoding="utf-8"))["markers"]["greeting"]["patterns"][0][0]


def test_week_old_entries_of_other_code_versions_are_removed(cache_dir):
    folder = cache_dir / "rulebook"
    folder.mkdir()
    old = folder / "0.0.1-deadbeefdeadbeef-0123.json"
    recent = folder / "0.0.1-feedfacefeedface-0123.json"
    for p in (old, recent):
        p.write_text("{}", encoding="utf-8")
    week_ago = time.time() - cache.STALE_AFTER_S - 60
    os.utime(old, (week_ago, week_ago))
    load_rulebook()
    names = sorted(p.name for p in folder.iterdir())
    assert old.name not in names  # another version's, and stale
    assert recent.name in names  # another checkout may still be using it
    assert len(names) == 2  # and the entry just written


def test_digests_are_sha256_without_openssl():
    """scoring.sha is CPython's built-in SHA-256 (hashlib would load OpenSSL at start-up): same digests."""
    import hashlib

    from scoring.sha import sha256

    for data in (b"", b"rules", "правила\0сценарий".encode(), bytes(range(256)) * 100):
        assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()


def test_the_code_stamp_covers_the_built_in_rulebook(tmp_path, monkeypatch):
    """The built-in rulebook's cache entry is found by the code stamp alone: editing rules.yaml
    must change it, as editing a source does."""
    (tmp_path / "data").mkdir()
    (tmp_path / "cache.py").write_text("# engine\n", encoding="utf-8")
    rules = tmp_path / "data" / "rules.yaml"
    rules.write_text("markers: {}\n", encoding="utf-8")
    monkeypatch.setattr(cache, "__file__", str(tmp_path / "cache.py"))
    stamps = []
    for text in ("markers: {}\n", "markers: {a: 1}\n"):
        rules.write_text(text, encoding="utf-8")
        cache._code_stamp.cache_clear()
        stamps.append(cache._code_stamp())
    cache._code_stamp.cache_clear()
    assert stamps[0] != stamps[1]
