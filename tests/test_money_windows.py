"""The money extractor tokenises only windows around numbers, and reads the commonest amounts with one
regex and no window at all; it must find exactly what one pass over the whole text finds (the grammar
as written, every number and cardinal tried in order)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.entities.money import _CANDIDATE_RE, MoneyMention, _Parser, find_money
from scoring.entities.numerals import CARDINALS, MULTIPLIERS
from scoring.normalize import normalize


def whole_text_money(text: str) -> list[MoneyMention]:
    t = normalize(text)
    p = _Parser(t, list(_CANDIDATE_RE.finditer(t)))
    p.load(0, len(t))  # every token of the text: no window, all the context there is
    out = []
    i = 0
    while i < p.n:
        k = p.kinds[i]
        if (k == "n" and not p.number_excluded(p.starts[i], p.ends[i])) or (k == "w" and p.texts[i] in CARDINALS):
            r = p.parse_at(i)
            if r is not None:
                j, s, e, amount = r
                out.append(MoneyMention(s, e, text[s:e], amount))
                i = j
                continue
        i += 1
    return out


def _number(draw) -> str:
    kind = draw(st.integers(0, 7))
    n = draw(st.integers(0, 99_999_999))
    if kind == 0:
        return f"{n:,}".replace(",", draw(st.sampled_from([" ", ".", "\u2007"]))) + draw(
            st.sampled_from(["", ",5", ",50", ".25"]))
    if kind == 1:  # phones
        return draw(st.sampled_from(["+7 (912) 345-67-89", "8 800 555 35 35", "123-45-67", "89123456789"]))
    if kind == 2:
        return draw(st.sampled_from(["15.12", "15.12.2026", "17:00", "17/2", "5-го", "№ 4512", "№4512", "20%"]))
    if kind == 3:
        return str(draw(st.integers(1900, 2100)))
    return str(n % (10 ** draw(st.integers(1, 8))))


_WORDS = sorted(CARDINALS) + sorted(MULTIPLIERS) + """рублей руб р ₽ $ € т.р. тр тыс. млн. коп. копеек долларов
    к с половиной на сумму в размере долг задолженность оплатим должны счёт договор по номер п/п р/с
    дней лет процентов человек штук декабря завтра итого остаток , . : ; ! ? - + ( ) / « » №""".split()


@st.composite
def texts(draw) -> str:
    parts = draw(st.lists(st.one_of(st.builds(lambda: None).map(lambda _: None), st.sampled_from(_WORDS)),
                          min_size=1, max_size=14))
    out = []
    for x in parts:
        out.append(_number(draw) if x is None else x)
        out.append(draw(st.sampled_from([" ", " ", "", ", ", ". ", "\n"])))
    s = "".join(out)
    return s.upper() if draw(st.booleans()) and len(s) % 5 == 0 else s


@settings(max_examples=600, deadline=None)
@given(texts())
def test_windows_find_what_the_whole_text_holds(text):
    assert find_money(text) == whole_text_money(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 .,:-/+()№#%₽$тысрубкопмлнадвеспь\u2007", max_size=40))
def test_windows_agree_on_character_soup(text):
    assert find_money(text) == whole_text_money(text)


def _with_chunks(text: str) -> list[MoneyMention]:
    """As the analysis calls it: with the whitespace chunks, which let a text with no number word
    skip the scan for one."""
    n = normalize(text)
    return find_money(text, norm=n, chunks=n.split())


@settings(max_examples=400, deadline=None)
@given(texts())
def test_the_number_word_gate_changes_nothing(text):
    assert _with_chunks(text) == whole_text_money(text)
    assert _with_chunks(text) == whole_text_money(text)  # (the second time from the chunk cache)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 .,:-/+()№#%₽$тысрубкопмлнадвеспьабвгдеёжзийклмнопрстуфхцчшщъыьэюя_\u00a0\t\n",
               max_size=60))
def test_the_number_word_gate_on_character_soup(text):
    assert _with_chunks(text) == whole_text_money(text)


@given(st.lists(st.one_of(st.integers(0, 999).map(str), st.sampled_from(_WORDS + ["полмиллиона", "пятьсот", "дня"])),
                min_size=1, max_size=8),
       st.lists(st.sampled_from([" ", "", "  "]), min_size=8, max_size=8))
@settings(max_examples=400)
def test_small_numbers_before_words_need_no_window(parts, seps):
    """«15 декабря», «20 дней»: a number under 1000 before a word is no amount and gets no window;
    what follows is found as in one pass over the whole text — also when the word is glued to it
    («261полмиллиона»: a cardinal the candidate scan steps over)."""
    text = "".join(p + s for p, s in zip(parts, seps))
    assert find_money(text) == whole_text_money(text)


def test_small_numbers_before_words_examples():
    for text in ("261полмиллиона", "до 15 декабря пятьсот рублей", "20 дней 450 000 рублей", "15 тысяч рублей",
                 "15 руб", "15 usd", "999 р.", "15 декабря 2026 года", "3 раза по 500 рублей"):
        assert find_money(text) == whole_text_money(text), text
