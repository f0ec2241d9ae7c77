"""Rouble amounts: values, spans, negatives and properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.entities import MoneyMention, cardinal_value, find_money, ordinal_day, parse_cardinal

# (sentence, exact span text, amount in roubles) — exactly one mention expected.
MONEY_CASES = [
    ("Долг по договору — 450 000 рублей.", "450 000 рублей", "450000"),
    ("Остаток 450000 руб, проверьте.", "450000 руб", "450000"),
    ("Перевели 75 000 ₽ вчера вечером", "75 000 ₽", "75000"),
    ("Там всего 75 000 р., мелочь же", "75 000 р.", "75000"),
    ("Пени составили 12 500 руб.", "12 500 руб.", "12500"),
    ("Готовы внести 450 тыс. руб. сегодня", "450 тыс. руб.", "450000"),
    ("Общая сумма 450 тыс. рублей, верно?", "450 тыс. рублей", "450000"),
    ("Мы должны 450 тысяч рублей, не спорю", "450 тысяч рублей", "450000"),
    ("Осталось 450т.р. доплатить", "450т.р.", "450000"),
    ("У нас 2,5 млн рублей дебиторки висит", "2,5 млн рублей", "2500000"),
    ("Лимит 2.5 млн руб на месяц", "2.5 млн руб", "2500000"),
    ("Отгрузили на 1,2 миллиона, а заплатили ноль", "1,2 миллиона", "1200000"),
    ("Итого 3 400 000,50 руб. к оплате", "3 400 000,50 руб.", "3400000.50"),
    ("Задолженность 3 400 000 руб. 50 коп.", "3 400 000 руб. 50 коп.", "3400000.50"),
    ("Пятьсот тысяч рублей мы перечислим завтра", "Пятьсот тысяч рублей", "500000"),
    ("Двадцать две тысячи рублей — это пени?", "Двадцать две тысячи рублей", "22000"),
    ("Полтора миллиона рублей сразу не найдём", "Полтора миллиона рублей", "1500000"),
    ("Можем сейчас сто пятьдесят тысяч, остальное позже", "сто пятьдесят тысяч", "150000"),
    ("Давайте 450 тысяч сейчас", "450 тысяч", "450000"),
    ("Сумма долга 450 000, проверьте акт сверки", "450 000", "450000"),
    ("Отправили 450.000 руб платёжкой", "450.000 руб", "450000"),
    ("Всего 3 млн 200 тыс. рублей по двум договорам", "3 млн 200 тыс. рублей", "3200000"),
    ("Два с половиной миллиона — это вся сумма", "Два с половиной миллиона", "2500000"),
    ("Ну пусть 5 тысяч 500 рублей, мелочь", "5 тысяч 500 рублей", "5500"),
    ("450к скинем до пятницы", "450к", "450000"),
    ("Полмиллиона уже ушло, смотрите выписку", "Полмиллиона", "500000"),
    ("Миллион рублей — многовато для нас", "Миллион рублей", "1000000"),
    ("За услуги 1 500,50 руб", "1 500,50 руб", "1500.50"),
    ("Пятьсот рублей комиссии банка тоже ваши", "Пятьсот рублей", "500"),
    ("Триста тысяч сейчас, триста в январе", "Триста тысяч", "300000"),
    ("Ещё 1 млн 200 тыс. надо", "1 млн 200 тыс.", "1200000"),
    ("Около двухсот тысяч наберём", "двухсот тысяч", "200000"),
    ("Не больше пятидесяти тысяч в месяц", "пятидесяти тысяч", "50000"),
    ("С нас 12 тыс., понял", "12 тыс.", "12000"),
    ("Оплатим 2 миллиона 300 тысяч", "2 миллиона 300 тысяч", "2300000"),
    ("Вы нам должны 99 999,99 руб.!", "99 999,99 руб.", "99999.99"),
    ("Долг 1\u00a0200\u00a0000 рублей", "1\u00a0200\u00a0000 рублей", "1200000"),
    ("Там 1\u2009200\u2009000 ₽ по акту", "1\u2009200\u2009000 ₽", "1200000"),
    ("Сумма: 75 000₽", "75 000₽", "75000"),
    ("ПЕРЕВЕЛИ 450 ТЫС. РУБ.", "450 ТЫС. РУБ.", "450000"),
    ("Переведём 250 000 р", "250 000 р", "250000"),
    ("Долг 450000, когда закроете?", "450000", "450000"),
    ("Там тысяча рублей разницы", "тысяча рублей", "1000"),
    ("Выставили 18 тыс. 500 руб. пеней", "18 тыс. 500 руб.", "18500"),
    ("Погасим 300 тыс.р. до конца месяца", "300 тыс.р.", "300000"),
    ("Ну 40 лямов мы точно не должны!", "40 лямов", "40000000"),
    ("Двадцать пять тысяч пятьсот рублей, всё верно", "Двадцать пять тысяч пятьсот рублей", "25500"),
    ("Перечислили 100 000 рублей 15 декабря", "100 000 рублей", "100000"),
    ("По реестру долг 1,5 млрд", "1,5 млрд", "1500000000"),
    ("Вернём 2.500 млн до «конца квартала»", "2.500 млн", "2500000"),
    ("Сумма по счёту №4512 — 84 300 рублей", "84 300 рублей", "84300"),
    ("Остаток — триста двадцать тысяч рублей", "триста двадцать тысяч рублей", "320000"),
]

NEGATIVE_CASES = [
    "По договору № 17/2 претензий нет",
    "Счёт №4512 от 1 ноября мы не получали",
    "Счет-фактура 1234 у вас есть?",
    "Срок оплаты 15.12.2026",
    "Жду звонка до 17:00",
    "Пени 15% — это грабёж",
    "Это пятнадцать процентов от суммы",
    "Задержка уже 20 дней",
    "Оплатим через 30 дней",
    "По договору +30 дней отсрочки",
    "Мой номер +7 915 123-45-67",
    "Звоните 8 800 555 35 35, это бесплатно",
    "В 2026 году оборот упал",
    "Заплатим всю сумму, не переживайте",
    "Давайте половину сейчас",
    "ИНН 7707083893, запишите",
    "Заказ 450000 отгружен полностью",
    "Тысяча извинений за задержку",
    "Отгрузили 5 тысяч штук",
    "Это 50 000 долларов по курсу",
    "Оплатим в 2026 году, не раньше",
    "Договор 45 от 12.11",
    "Перезвоните в 15:30",
    "Нам 50% сейчас и 50% потом",
]


def _one(text: str) -> MoneyMention:
    found = find_money(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "span", "amount"), MONEY_CASES)
def test_amount(text, span, amount):
    m = _one(text)
    assert m.text == span
    assert m.amount == Decimal(amount)
    assert isinstance(m.amount, Decimal)


@pytest.mark.parametrize(("text", "span", "amount"), MONEY_CASES)
def test_span_maps_onto_original(text, span, amount):
    m = _one(text)
    assert text[m.start : m.end] == m.text
    assert m.start == text.index(span) and m.end == m.start + len(span)


@pytest.mark.parametrize("text", NEGATIVE_CASES)
def test_not_money(text):
    assert find_money(text) == []


def test_several_amounts_sorted():
    text = "Долг 450 000 рублей, пени 12 500 руб., оплатим двести тысяч сейчас и 250 тыс. в декабре."
    assert [(m.text, m.amount) for m in find_money(text)] == [
        ("450 000 рублей", Decimal(450000)),
        ("12 500 руб.", Decimal(12500)),
        ("двести тысяч", Decimal(200000)),
        ("250 тыс.", Decimal(250000)),
    ]


def test_kopecks_are_exact():
    (m,) = find_money("К оплате 1 234,05 руб.")
    assert m.amount == Decimal("1234.05") and str(m.amount) == "1234.05"


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("пятьсот тысяч", 500000),
        ("двадцать две тысячи", 22000),
        ("полтора миллиона", 1500000),
        ("сто пятьдесят тысяч", 150000),
        ("два с половиной миллиона", 2500000),
        ("три миллиона двести тысяч пятьсот", 3200500),
        ("двадцать один", 21),
        ("пять пять", None),  # ill-formed
        ("тысяча миллион", None),  # multipliers must decrease
    ],
)
def test_cardinal_words(phrase, value):
    got = cardinal_value(phrase)
    assert got == (Decimal(value) if value is not None else None)


def test_parse_cardinal_stops_at_ill_formed_continuation():
    assert parse_cardinal("пять пять рублей".split()) == (Decimal(5), 1, 1)


@pytest.mark.parametrize(
    ("phrase", "day"),
    [("пятого", 5), ("первое", 1), ("третьему", 3), ("двадцать пятого", 25), ("тридцать первое", 31),
     ("тридцать второго", None), ("пятый", None)],
)
def test_ordinal_days(phrase, day):
    assert ordinal_day(phrase) == day


# --- properties -----------------------------------------------------------------------------


def _check_invariants(text: str, found: list[MoneyMention]) -> None:
    prev_end = 0
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.start >= prev_end
        prev_end = m.end
        assert isinstance(m.amount, Decimal) and m.amount > 0


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_never_raises_and_spans_are_sane(text):
    _check_invariants(text, find_money(text))


_RU_SNIPPETS = st.sampled_from(
    ["450", "000", "тыс", ".", ",", "руб", "р", "₽", "млн", "пятьсот", "тысяч", "с", "половиной",
     "коп", "т", "к", "№", "%", "-", "+7", "15.12", "2026", "год", "полтора", "миллиона", " "]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_RU_SNIPPETS, st.text(max_size=3)), max_size=14).map(" ".join))
def test_spans_sane_on_money_like_text(text):
    _check_invariants(text, find_money(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(_RU_SNIPPETS, max_size=14).map("".join))
def test_spans_sane_on_glued_tokens(text):
    _check_invariants(text, find_money(text))


_NOISE = st.text(alphabet=st.sampled_from(list("abcXYZ qwerty") + ["😀", "🚀", "✓", "…"]), max_size=20)


@settings(max_examples=100, deadline=None)
@given(_NOISE, _NOISE)
def test_known_amount_survives_noise(left, right):
    text = f"{left} долг 450 000 рублей {right}"
    found = find_money(text)
    _check_invariants(text, found)
    assert [(m.text, m.amount) for m in found] == [("450 000 рублей", Decimal(450000))]
