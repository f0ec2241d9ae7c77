"""The marker pattern language, tested on a hand-made vocabulary (not the default one)."""

from datetime import date

import pytest

from scoring.analysis import analyze
from scoring.errors import InputError
from scoring.markers import Marker, MarkerSet
from scoring.patterns import PatternError, parse_pattern
from scoring.rulebook import build, parse_spec

TODAY = date(2026, 11, 23)


def ms(*patterns, exceptions=()):
    return MarkerSet({"m": Marker("m", "", [parse_pattern(p) if isinstance(p, str) else parse_pattern(*p)
                                            for p in patterns],
                                  [parse_pattern(p) for p in exceptions])})


def fires(markers, text):
    return "m" in analyze(text, markers, TODAY).hits


@pytest.mark.parametrize("pattern,text,expected", [
    ("мы с вы", "у нас с вами долг", True),
    ("мы с вы", "НАМИ С ВАМИ", True),
    ("мы с вы", "мы с ними", False),
    ("оплатить счёт", "оплатили счета", True),
    ("оплатить счёт", "оплатили все счета", False),
    ("оплатить *{0,2} счёт", "оплатили все наши счета", True),
    ("оплатить *{0,2} счёт", "оплатили, как обычно, все наши счета", False),
    (("оплатить счёт", 3), "оплатили, как обычно, все счета", True),
    ("добрый день|утро|вечер", "Доброе утро!", True),
    ("=щас", "щас", True),
    ("=щас", "сейчас", False),
    ("прос* оплатить", "просим оплатить", True),
    ("прос* оплатить", "просрочили оплатить", True),
    ("очень? прошу", "прошу вас", True),
    ("*:impr оплатить", "давайте оплатить", True),
    ("*:impr оплатить", "можно оплатить", False),
    ("наш:femn задолженность", "нашей задолженности", True),
    ("ещё", "Ещё раз", True),
    ("еще", "ещё раз", True),
])
def test_pattern_language(pattern, text, expected):
    assert fires(ms(pattern), text) is expected


def test_hit_spans_cover_the_phrase():
    text = "Итак, у нас с вами долг."
    (hit,) = analyze(text, ms("мы с вы"), TODAY).hits["m"]
    assert text[hit.start : hit.end] == hit.text == "нас с вами"


def test_exceptions_suppress_overlapping_hits():
    m = ms("наш", exceptions=["наш расчётный счёт"])
    assert fires(m, "наш долг")
    assert not fires(m, "на наш расчётный счёт")


@pytest.mark.parametrize("bad", ["", "   ", "*{0,2}", "*{0,2} долг", "долг *{3,1} x", "a:nosuchgram",
                                 "до$лг", "pr*", "долг:", "=", "x? y?", " ".join(["a"] * 13), "*{0,9} a b"])
def test_bad_patterns_are_rejected(bad):
    with pytest.raises(PatternError):
        parse_pattern(bad)


def _book(yaml_text):
    spec, marks = parse_spec(yaml_text, "t.yaml")
    return build(spec, marks, "t.yaml", yaml_text)


def test_marker_example_that_does_not_fire_is_a_load_error():
    y = """
markers:
  shouting:
    patterns: [кричать]
    examples: ["не кричите", "я шепчу"]
"""
    with pytest.raises(InputError) as e:
        _book(y)
    assert "шепчу" in str(e.value) and str(e.value).startswith("t.yaml:")


def test_counterexample_that_fires_is_a_load_error():
    y = """
markers:
  shouting:
    patterns: [кричать]
    examples: ["не кричите"]
    counterexamples: ["кричал"]
"""
    with pytest.raises(InputError, match="контрпример"):
        _book(y)


def test_patterns_do_not_cross_sentences():
    m = ms(("нет деньги", 3))
    assert fires(m, "Нет у нас сейчас денег")
    assert not fires(m, "Нет, всё. Если деньги придут, позвоню")


def test_exception_removes_only_what_it_overlaps():
    m = ms("у мы правило", "платить", exceptions=["платить через"])
    hits = analyze("У нас правило — платим через 60 дней", m, TODAY).hits["m"]
    assert [h.text for h in hits] == ["У нас правило"]


@pytest.mark.parametrize("text", ["долгом-то", "Оплатите-ка", "долг-то"])
def test_hyphenated_particles_keep_the_base_lemma(text):
    assert fires(ms("долг|оплатить"), text)


def test_known_hyphenated_words_stay_whole():
    assert not fires(ms("что"), "что-то")


def test_a_pattern_is_tried_on_its_least_frequent_word():
    """The trigger (first need) is the rarest word: a plain word before the domain's own («долг»),
    the domain's before an everyday one («наш»), and of two plain ones the one with fewer forms."""
    assert parse_pattern("долг погасить").needs[0] == frozenset({"погасить"})
    assert parse_pattern("наш долг").needs[0] == frozenset({"долг"})
    assert parse_pattern("вы оплатить").needs[0] == frozenset({"оплатить"})
    assert parse_pattern("просрочка погасить|закрыть|вернуть").needs[0] == frozenset({"просрочка"})
