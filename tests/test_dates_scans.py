"""The date extractor starts each regex scan near an anchor (a trigger word, or a short core pattern
such as «15.12») instead of at every position of the text. It must find exactly what plain scans
from the start find: the test runs both on phrases mixed, cut and glued together."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scoring.entities.dates as dates
from test_dates import DAY_CASES, NEGATIVE_CASES, SCHEDULE_CASES, VAGUE_CASES

TODAY = date(2026, 11, 23)


def plain(text: str, monkeypatch: pytest.MonkeyPatch) -> list:
    with monkeypatch.context() as m:
        m.setattr(dates, "_search_near", lambda rx, t, pos, anchors, back: rx.search(t, pos))
        m.setattr(dates, "_finditer_near", lambda rx, t, anchors, back: rx.finditer(t))
        m.setattr(dates, "_finditer_core", lambda rx, core, t, back: rx.finditer(t))
        return dates.find_dates(text, TODAY)


_PHRASES = [c[0] for c in DAY_CASES + VAGUE_CASES + SCHEDULE_CASES] + NEGATIVE_CASES
_PIECES = sorted({w for p in _PHRASES for w in p.split()}) + [
    "15.12", "1.2.26", "15/12/26", "17/2", "2026-12-15", "5-го", "15-20", "с 15 по 20", "и", ",", "-", "№",
    "в", "на", "до", "к", "через", "неделю", "декабре", "числа", "вторник", "завтра", "ближайшие", "дни",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=16), st.sampled_from([" ", "  ", ", ", " - "]))
def test_anchored_scans_equal_plain_scans(pieces, sep):
    text = sep.join(pieces)
    with pytest.MonkeyPatch.context() as mp:
        expected = plain(text, mp)
    assert dates.find_dates(text, TODAY) == expected


@pytest.mark.parametrize("text", _PHRASES)
def test_anchored_scans_equal_plain_scans_on_the_cases(text, monkeypatch):
    expected = plain(text + " и " + text.lower(), monkeypatch)
    assert dates.find_dates(text + " и " + text.lower(), TODAY) == expected


# Texts whose digits are all 0-9 are scanned with [0-9] rather than \d (any decimal digit); a text
# with other digits takes the \d scans. Both must read a date the same whatever script its digits are in.
_OTHER_DIGITS = ["٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", "०१२३४५६७८९", "０１２３４５６７８９"]


def _spans(found: list) -> list:
    return [(d.start, d.end, d.precision, d.value, d.is_past) for d in found]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12), st.sampled_from(_OTHER_DIGITS),
       st.integers(0, 2))
def test_digit_script_does_not_change_the_dates(pieces, script, which):
    text = " ".join(pieces)
    other = text.translate(str.maketrans("0123456789", script))
    if which == 1:  # only the first digit in the other script: the text is mixed
        i = next((k for k, ch in enumerate(text) if ch.isdigit()), None)
        other = text if i is None else text[:i] + other[i] + text[i + 1 :]
    elif which == 2:  # 0-9 digits with another script's digit in a word elsewhere
        other = text + " x" + script[7]
    expected = _spans(dates.find_dates(text, TODAY))
    got = _spans(dates.find_dates(other, TODAY))
    if which == 2:
        got = [g for g in got if g[1] <= len(text)]
    assert got == expected
