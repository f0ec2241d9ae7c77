"""Whatever a trainee types, scoring returns a report whose offsets point into their text."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from scoring.report import score_turns
from scoring.transcript import Turn

PHRASES = ["Добрый день", "у нас с вами долг", "450 000 рублей", "к 15 декабря", "очень прошу",
           "на днях", "😀", "Zdravstvuyte", "\x00\x07", "ЗАДОЛЖНОСТЬ", "мы с вами", "спасибо"]

texts = st.one_of(st.text(max_size=300), st.lists(st.sampled_from(PHRASES), max_size=8).map(" ".join),
                  st.lists(st.one_of(st.text(max_size=20), st.sampled_from(PHRASES)), max_size=6).map("".join))


@given(st.lists(texts, min_size=1, max_size=5))
def test_any_text_scores_and_offsets_point_into_it(rulebook, lines):
    turns = []
    for i, line in enumerate(lines):
        turns.append(Turn("trainee", line))
        turns.append(Turn("counterpart", "ну, на днях оплатим"))
    report = score_turns(turns, rulebook, date(2026, 11, 23))
    assert 0 <= report.score <= 100
    assert all(0 <= v <= 100 for v in report.axes.values())
    for r in report.results:
        for h in r.hits:
            text = report.analyses[h.turn].text
            assert 0 <= h.start < h.end <= len(text)
            assert text[h.start : h.end] == h.text
    report.to_dict()
