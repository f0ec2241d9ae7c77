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
# with other digits keeps the \d scans. The result must be what \d scans alone give, whatever script
# the digits are in, and with scripts mixed.
_OTHER_DIGITS = ["٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", "०१२३४५६७८९", "０１２３４５６７８９"]


def unicode_scans(text: str) -> list:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(dates, "_LAST_ASCII_DIGIT_RE", dates._LAST_DIGIT_RE)
        m.setattr(dates, "_RANGE_ASCII_CORE", dates._RANGE_CORE)
        m.setattr(dates, "_PORD_ASCII_CORE", dates._PORD_CORE)
        return dates.find_dates(text, TODAY)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12), st.sampled_from(_OTHER_DIGITS),
       st.integers(0, 3))
def test_ascii_digit_scans_equal_unicode_digit_scans(pieces, script, which):
    text = " ".join(pieces)
    if which == 1:  # every digit in the other script
        text = text.translate(str.maketrans("0123456789", script))
    elif which == 2:  # only the first one: the text is mixed
        i = next((k for k, ch in enumerate(text) if ch.isdigit()), None)
        if i is not None:
            text = text[:i] + script[int(text[i])] + text[i + 1 :]
    elif which == 3:  # 0-9 digits, and another script's digit in a word elsewhere
        text += " x" + script[7]
    assert dates.find_dates(text, TODAY) == unicode_scans(text)


def test_a_date_in_other_digits_is_found():
    assert [d.value for d in dates.find_dates("оплатим до ١٥ декабря", TODAY)] == [date(2026, 12, 15)]
