"""Date mentions: resolved values, precision, spans, negatives and properties.

Unless a row says otherwise, «today» is Monday 2026-11-23.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.entities import DateMention, find_dates

TODAY = date(2026, 11, 23)  # a Monday
D = date

# (sentence, exact span text, resolved date) — exactly one "day" mention expected.
DAY_CASES = [
    ("Оплатим 15 декабря, честное слово.", "15 декабря", D(2026, 12, 15)),
    ("Переведём до 15.12, как и договаривались.", "до 15.12", D(2026, 12, 15)),
    ("Крайний срок по графику — 15.12.2026.", "15.12.2026", D(2026, 12, 15)),
    ("В акте сверки стоит 15.12.26, так что не переживайте", "15.12.26", D(2026, 12, 15)),
    ("К 5-му декабря всё закроем, обещаю!", "К 5-му декабря", D(2026, 12, 5)),
    ("Давайте 5-го декабря созвонимся ещё раз.", "5-го декабря", D(2026, 12, 5)),
    ("Пятого декабря будет поступление от заказчика.", "Пятого декабря", D(2026, 12, 5)),
    ("Мы рассчитаемся к двадцать пятому декабря.", "к двадцать пятому декабря", D(2026, 12, 25)),
    ("Деньги будут к 15-му числу, бухгалтерия подтвердила.", "к 15-му числу", D(2026, 12, 15)),
    ("Ждите поступления 15-го числа.", "15-го числа", D(2026, 12, 15)),
    ("Платёжку отправим Первого числа, не раньше", "Первого числа", D(2026, 12, 1)),
    ("Во вторник отправим платёжку.", "Во вторник", D(2026, 11, 24)),
    ("Подождите до среды, пожалуйста", "до среды", D(2026, 11, 25)),
    ("В пятницу директор подпишет, он в командировке", "В пятницу", D(2026, 11, 27)),
    ("К понедельнику точно всё будет.", "К понедельнику", D(2026, 11, 30)),
    ("Давайте в понедельник вернёмся к этому вопросу", "в понедельник", D(2026, 11, 30)),
    ("Мы заплатим в эту пятницу.", "в эту пятницу", D(2026, 11, 27)),
    ("В следующую пятницу закроем долг полностью", "В следующую пятницу", D(2026, 12, 4)),
    ("Сегодня же оплатим, не волнуйтесь!", "Сегодня", D(2026, 11, 23)),
    ("Завтра деньги уйдут, я прослежу.", "Завтра", D(2026, 11, 24)),
    ("Послезавтра бухгалтер выйдет с больничного", "Послезавтра", D(2026, 11, 25)),
    ("Через 3 дня будет оплата", "Через 3 дня", D(2026, 11, 26)),
    ("Перезвоните через неделю.", "через неделю", D(2026, 11, 30)),
    ("Через две недели получим деньги от заказчика", "Через две недели", D(2026, 12, 7)),
    ("через пару дней всё решится", "через пару дней", D(2026, 11, 25)),
    ("Через пару недель разберёмся, честно", "Через пару недель", D(2026, 12, 7)),
    ("Оплата пройдёт через 10 рабочих дней.", "через 10 рабочих дней", D(2026, 12, 7)),
    ("Через двадцать один день истекает отсрочка", "Через двадцать один день", D(2026, 12, 14)),
    ("Через месяц получим субсидию", "Через месяц", D(2026, 12, 23)),
    ("Оплату проведём 15 дек.", "15 дек.", D(2026, 12, 15)),
    ("Записал: 15 дек, созвон с директором", "15 дек", D(2026, 12, 15)),
    ("Приезжайте в среду, 16 декабря, подпишем график.", "в среду, 16 декабря", D(2026, 12, 16)),
    ("Давайте в четверг, 16 декабря", "в четверг, 16 декабря", D(2026, 12, 16)),
    ("Платёж будет 15 декабря в 14:00 по Москве", "15 декабря в 14:00", D(2026, 12, 15)),
    ("Завтра до 12:00 пришлём скан платёжки", "Завтра до 12:00", D(2026, 11, 24)),
    ("Сделаем к концу дня.", "к концу дня", D(2026, 11, 23)),
    ("Завтра к концу дня всё будет", "Завтра к концу дня", D(2026, 11, 24)),
    ("По документам оплата была 20 ноября", "20 ноября", D(2026, 11, 20)),
    ("Раньше 10 января не получится, увы", "10 января", D(2027, 1, 10)),
    ("Оплатим до 30 ноября включительно", "до 30 ноября", D(2026, 11, 30)),
    ("В понедельник, 30.11, ждите деньги", "В понедельник, 30.11", D(2026, 11, 30)),
    ("У нас по договору срок 01.12.2026 г.", "01.12.2026 г.", D(2026, 12, 1)),
    ("Давайте на следующей неделе в среду.", "на следующей неделе в среду", D(2026, 12, 2)),
    ("Ну, в пятницу на следующей неделе, скорее всего.", "в пятницу на следующей неделе", D(2026, 12, 4)),
    ("Оплатили в прошлую пятницу, проверьте выписку!", "в прошлую пятницу", D(2026, 11, 20)),
    ("Вчера ещё отправили, честно", "Вчера", D(2026, 11, 22)),
    ("До пятнадцатого, как договаривались.", "До пятнадцатого", D(2026, 12, 15)),
    ("Давайте перенесём на 15-е.", "на 15-е", D(2026, 12, 15)),
    ("15 числа следующего месяца закроем", "15 числа следующего месяца", D(2026, 12, 15)),
    ("к завтрашнему дню подготовим акт сверки", "к завтрашнему дню", D(2026, 11, 24)),
    ("Ёлки, совсем забыла — 3 декабря же платёж", "3 декабря", D(2026, 12, 3)),
    ("«Стройснаб» обещал заплатить 1 декабря", "1 декабря", D(2026, 12, 1)),
    ("Созвонимся во вт. в 11:00", "во вт. в 11:00", D(2026, 11, 24)),
    ("Срок до 31 декабря 2026 года.", "до 31 декабря 2026 года", D(2026, 12, 31)),
    ("Ну давайте 5 января 2027 г., раньше нереально", "5 января 2027 г.", D(2027, 1, 5)),
    ("ДО 15 ДЕКАБРЯ ОПЛАТИМ", "ДО 15 ДЕКАБРЯ", D(2026, 12, 15)),
    ("мы вам платили 2026-11-20, посмотрите", "2026-11-20", D(2026, 11, 20)),
    ("Давайте к 30-му числу", "к 30-му числу", D(2026, 11, 30)),
]

# (sentence, exact span text, first day of the range or None) — exactly one "vague" mention.
VAGUE_CASES = [
    ("Постараемся на следующей неделе.", "на следующей неделе", D(2026, 11, 30)),
    ("На этой неделе точно не получится", "На этой неделе", D(2026, 11, 23)),
    ("В начале декабря придут деньги", "В начале декабря", D(2026, 12, 1)),
    ("Где-то в середине месяца, думаю", "в середине месяца", D(2026, 12, 11)),
    ("В конце месяца закроем всё", "В конце месяца", D(2026, 11, 23)),
    ("До конца недели переведём.", "До конца недели", D(2026, 11, 23)),
    ("в ближайшие дни решим вопрос", "в ближайшие дни", None),
    ("На днях бухгалтер всё отправит", "На днях", None),
    ("В скором времени рассчитаемся, не сомневайтесь", "В скором времени", None),
    ("После праздников, не раньше", "После праздников", D(2027, 1, 9)),
    ("После Нового года вернёмся к разговору", "После Нового года", D(2027, 1, 1)),
    ("В декабре оплатим, там квартальные", "В декабре", D(2026, 12, 1)),
    ("В следующем месяце, может быть", "В следующем месяце", D(2026, 12, 1)),
    ("Зимой ожидаем поступлений", "Зимой", D(2026, 12, 1)),
    ("Весной, когда сезон начнётся", "Весной", D(2027, 3, 1)),
    ("Летом уже точно рассчитаемся", "Летом", D(2027, 6, 1)),
    ("В течение недели вернём", "В течение недели", D(2026, 11, 23)),
    ("На неделе созвонимся", "На неделе", D(2026, 11, 23)),
    ("В понедельник-вторник отправим", "В понедельник-вторник", D(2026, 11, 30)),
    ("Оплатим с 15 по 20 декабря", "с 15 по 20 декабря", D(2026, 12, 15)),
    ("Ну через 2-3 дня, не раньше", "через 2-3 дня", D(2026, 11, 25)),
    ("В первых числах января", "В первых числах января", D(2027, 1, 1)),
    ("Может, в выходные бухгалтер выйдет", "в выходные", D(2026, 11, 28)),
    ("Закроем к концу декабря.", "к концу декабря", D(2026, 12, 21)),
    ("В конце года будет бюджет", "В конце года", D(2026, 12, 1)),
    ("Заплатим как можно скорее!", "как можно скорее", None),
    ("Сегодня-завтра решим", "Сегодня-завтра", D(2026, 11, 23)),
    ("В течение пяти рабочих дней после... ну вы поняли", "В течение пяти рабочих дней", D(2026, 11, 23)),
    ("Могу в среду или в четверг", "в среду или в четверг", D(2026, 11, 25)),
    ("Через несколько дней, наверное", "Через несколько дней", None),
    # ranges stay one vague mention (a list of days with «и» is a schedule, see below)
    ("Оплатим с 11 по 25 декабря", "с 11 по 25 декабря", D(2026, 12, 11)),
    ("Оплата 11-25 декабря, как обычно", "11-25 декабря", D(2026, 12, 11)),
    ("Где-то между 11 и 25 декабря", "между 11 и 25 декабря", D(2026, 12, 11)),
    ("Где-то с 11 и до 25 декабря", "с 11 и до 25 декабря", D(2026, 12, 11)),
    # number words in durations are matched as any word and checked: these are all cardinals
    ("Через пять-шесть недель закроем", "Через пять-шесть недель", D(2026, 12, 28)),
    ("в ближайшие три дня решим", "в ближайшие три дня", None),
    ("В течение трёх рабочих дней", "В течение трёх рабочих дней", D(2026, 11, 23)),
]

# (today, sentence, span, precision, value) — month/year rollover and other «today»s.
OTHER_TODAY_CASES = [
    (D(2026, 12, 28), "Оплатим 5 января", "5 января", "day", D(2027, 1, 5)),
    (D(2026, 12, 28), "Платили 15 декабря", "15 декабря", "day", D(2026, 12, 15)),
    (D(2026, 12, 28), "В пятницу", "В пятницу", "day", D(2027, 1, 1)),
    (D(2026, 12, 28), "15-го числа", "15-го числа", "day", D(2027, 1, 15)),
    (D(2026, 12, 28), "Через неделю", "Через неделю", "day", D(2027, 1, 4)),
    (D(2026, 12, 28), "После праздников", "После праздников", "vague", D(2027, 1, 9)),
    (D(2026, 12, 28), "В следующем месяце", "В следующем месяце", "vague", D(2027, 1, 1)),
    (D(2026, 12, 28), "в начале года", "в начале года", "vague", D(2027, 1, 1)),
    (D(2027, 1, 5), "Отправили 25 декабря", "25 декабря", "day", D(2026, 12, 25)),
    (D(2027, 1, 5), "до 10.01", "до 10.01", "day", D(2027, 1, 10)),
    (D(2028, 2, 10), "Оплатим 29 февраля", "29 февраля", "day", D(2028, 2, 29)),
    (D(2026, 1, 31), "Через месяц", "Через месяц", "day", D(2026, 2, 28)),
    (D(2026, 11, 30), "К 31-му числу", "К 31-му числу", "day", D(2026, 12, 31)),
    (D(2026, 11, 15), "15-го числа", "15-го числа", "day", D(2026, 11, 15)),
    (D(2026, 11, 27), "В эту пятницу не выйдет", "В эту пятницу", "day", D(2026, 12, 4)),
    (D(2026, 11, 28), "В следующую пятницу", "В следующую пятницу", "day", D(2026, 12, 4)),
]

NEGATIVE_CASES = [
    "До 17:00 жду звонка.",
    "Позвоню в 15:30, хорошо?",
    "Задержка уже 20 дней, это недопустимо.",
    "По договору № 17/2 всё верно.",
    "Счёт 15.12-А мы оплатили, проверьте",
    "Звоните на +7 915 123-45-67",
    "Сумма 15 000 рублей.",
    "Пени 15% годовых, как в договоре",
    "Долг 2.5 млн, не меньше",
    "Пришлите счёт за ноябрь",
    "Скоро заплатим, не переживайте",
    "По средам у нас планёрка",
    "31.02 — такой даты нет",
    "Номер платёжки 15.12",
    "В 2026 году оборот упал",
    "Отсрочка 30 дней с момента поставки",
    "Через 5 дней после поставки оплачиваем",
    "Версия 1С 8.3 не обновлена",
    "Алло, слушаю вас!",
    "Пятнадцать процентов скидки вам никто не даст",
    "В рабочей среде бывает всякое",
    "Отгрузили 20 штук, по 3 в коробке",
    # generic number words that are not cardinals
    "Через много дней всё забудется",
    "В течение многих дней ничего не было",
    "В ближайшие рабочие дни бухгалтера не будет",
]


def _one(text: str, today: date = TODAY) -> DateMention:
    found = find_dates(text, today)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "span", "value"), DAY_CASES)
def test_day_precision(text, span, value):
    m = _one(text)
    assert (m.text, m.precision, m.value) == (span, "day", value)
    assert m.is_past == (value < TODAY)


@pytest.mark.parametrize(("text", "span", "value"), VAGUE_CASES)
def test_vague_precision(text, span, value):
    m = _one(text)
    assert (m.text, m.precision, m.value) == (span, "vague", value)
    assert m.is_past == (value is not None and value < TODAY)


@pytest.mark.parametrize(("today", "text", "span", "precision", "value"), OTHER_TODAY_CASES)
def test_other_today(today, text, span, precision, value):
    m = _one(text, today)
    assert (m.text, m.precision, m.value, m.is_past) == (span, precision, value, value < today)


@pytest.mark.parametrize("text", NEGATIVE_CASES)
def test_not_a_date(text):
    assert find_dates(text, TODAY) == []


@pytest.mark.parametrize(("text", "span", "value"), DAY_CASES + VAGUE_CASES)
def test_span_maps_onto_original(text, span, value):
    m = _one(text)
    assert text[m.start : m.end] == m.text
    assert m.start == text.index(span) and m.end == m.start + len(span)


# (sentence, [(span, value), …]) — days of one month listed with «и»: a payment schedule, one
# day mention per item. Spans: an item covers its own preposition and day; the month word (and
# year, time) belongs to the last item only.
SCHEDULE_CASES = [
    ("Оплатим 11 и 25 декабря, двумя платежами", [("11", D(2026, 12, 11)), ("25 декабря", D(2026, 12, 25))]),
    (
        "Платим одиннадцатого и двадцать пятого декабря",
        [("одиннадцатого", D(2026, 12, 11)), ("двадцать пятого декабря", D(2026, 12, 25))],
    ),
    (
        "Транши 15, 16 и 17 декабря",
        [("15", D(2026, 12, 15)), ("16", D(2026, 12, 16)), ("17 декабря", D(2026, 12, 17))],
    ),
    ("Заплатим к 1 и к 15 декабря", [("к 1", D(2026, 12, 1)), ("к 15 декабря", D(2026, 12, 15))]),
    (
        "Переведём до 10-го и до 25-го декабря",
        [("до 10-го", D(2026, 12, 10)), ("до 25-го декабря", D(2026, 12, 25))],
    ),
    ("К 1 и 15 декабря закроем", [("К 1", D(2026, 12, 1)), ("15 декабря", D(2026, 12, 15))]),
    ("Первого и пятнадцатого января", [("Первого", D(2027, 1, 1)), ("пятнадцатого января", D(2027, 1, 15))]),
    (
        "Платежи 1 и 15 января 2027 года в 10:00",
        [("1", D(2027, 1, 1)), ("15 января 2027 года в 10:00", D(2027, 1, 15))],
    ),
    (
        "Платили 5, 12, и 19 ноября",
        [("5", D(2026, 11, 5)), ("12", D(2026, 11, 12)), ("19 ноября", D(2026, 11, 19))],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SCHEDULE_CASES)
def test_schedule_of_days(text, expected):
    found = find_dates(text, TODAY)
    assert [(m.text, m.precision, m.value) for m in found] == [(s, "day", v) for s, v in expected]
    for m, (span, _) in zip(found, expected):
        assert text[m.start : m.end] == span
        assert m.is_past == (m.value < TODAY)


def test_schedule_shares_the_year_of_its_last_day():
    # said on 2027-01-25: «30 ноября» alone is 2026-11-30 (within 62 days), so the whole
    # schedule is November 2026, although «1 ноября» alone would be 2027-11-01
    today = D(2027, 1, 25)
    found = find_dates("Платили 1 и 30 ноября", today)
    assert [(m.text, m.value, m.is_past) for m in found] == [
        ("1", D(2026, 11, 1), True),
        ("30 ноября", D(2026, 11, 30), True),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Оплатим 25 и 11 декабря", [("11 декабря", D(2026, 12, 11))]),  # not increasing
        ("Оплатим 25 и 11 и 20 декабря", [("11", D(2026, 12, 11)), ("20 декабря", D(2026, 12, 20))]),
        ("Оплатим 30 и 31 ноября", []),  # no 31 ноября: no schedule, no date
        ("Оплатим 15, 16, 17 декабря", [("17 декабря", D(2026, 12, 17))]),  # needs an «и»
    ],
)
def test_not_a_schedule(text, expected):
    assert [(m.text, m.value) for m in find_dates(text, TODAY)] == expected


def test_normalised_text_can_be_passed_in():
    from scoring.normalize import normalize

    text = "ДО 15 ДЕКАБРЯ оплатим, Ёлки, и 11 и 25 января тоже"
    assert find_dates(text, TODAY, norm=normalize(text)) == find_dates(text, TODAY)
    with pytest.raises(ValueError):
        find_dates(text, TODAY, norm=normalize(text)[:-1])


def test_closed_class_patterns_match_exactly_their_forms():
    import re

    from scoring.entities import dates

    for forms, alt in ((dates._MONTH_FORMS, dates._MONTH_ALT), (dates._WEEKDAY_FORMS, dates._WEEKDAY_ALT)):
        rx = re.compile(alt)
        stems = {f[:n] for f in forms for n in range(2, len(f) + 1)}
        endings = {f[n:] for f in forms for n in range(2, len(f) + 1)} | {"", "и", "ой", "ей", "ами"}
        for word in {s + e for s in stems for e in endings}:
            assert (rx.fullmatch(word) is not None) == (word in forms), word


def test_import_compiles_no_date_pattern():
    """Import cost: the CLI imports the extractors on every start; patterns compile on first use."""
    import subprocess
    import sys

    code = (
        "import scoring.entities.dates as d, scoring.entities.money as m\n"
        "from scoring.entities.numerals import LazyRe\n"
        "lazy = [v for mod in (d, m) for v in vars(mod).values() if isinstance(v, LazyRe)]\n"
        "lazy += [rx for rx, _ in d._VAGUE_FAMILIES]\n"
        "assert len(lazy) > 30 and not any(v._rx for v in lazy), 'compiled at import'\n"
        "import datetime\n"
        "d.find_dates('Оплатим 15 декабря', datetime.date(2026, 11, 23))\n"
        "print(sum(1 for v in lazy if v._rx))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout) <= 4  # only what «15 декабря» needs


def test_past_flag_and_explicit_year():
    (m,) = find_dates("Срок был 20 ноября 2026 года", TODAY)
    assert m.value == D(2026, 11, 20) and m.is_past
    (m,) = find_dates("Срок был 20 ноября 2025 года", TODAY)
    assert m.value == D(2025, 11, 20) and m.is_past


def test_several_mentions_sorted():
    text = "Сегодня не сможем, давайте 15 декабря или 18.12, в крайнем случае после праздников."
    found = find_dates(text, TODAY)
    assert [(m.text, m.precision, m.value) for m in found] == [
        ("Сегодня", "day", D(2026, 11, 23)),
        ("15 декабря", "day", D(2026, 12, 15)),
        ("18.12", "day", D(2026, 12, 18)),
        ("после праздников", "vague", D(2027, 1, 9)),
    ]


def test_invalid_explicit_year_is_left_out_of_the_span():
    (m,) = find_dates("Оплатим 15 декабря 1234 рубля", TODAY)
    assert m.text == "15 декабря"


def test_exotic_spaces_and_yo():
    text = "Ждём\u00a0до\u00a015\u00a0декабря, всё решим. Ещё — послезавтра"
    found = find_dates(text, TODAY)
    assert [(text[m.start : m.end], m.value) for m in found] == [
        ("до\u00a015\u00a0декабря", D(2026, 12, 15)),
        ("послезавтра", D(2026, 11, 25)),
    ]


# --- properties -----------------------------------------------------------------------------


def _check_invariants(text: str, found: list[DateMention]) -> None:
    prev_end = 0
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.start >= prev_end
        prev_end = m.end
        assert m.precision in ("day", "vague")
        assert m.precision == "vague" or m.value is not None
        assert m.is_past == (m.value is not None and m.value < TODAY)


_RU_SNIPPETS = st.sampled_from(
    ["15 декабря", "до 15.12", "во вторник", "через 3 дня", "завтра", "в 14:00", "№ 17/2", "5-го",
     "числа", "на следующей неделе", "-", ",", " ", "ё", "31.02", "2026", "в среду, ", "к концу дня"]
)


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_never_raises_and_spans_are_sane(text):
    _check_invariants(text, find_dates(text, TODAY))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_RU_SNIPPETS, st.text(max_size=3)), max_size=12).map(" ".join))
def test_spans_sane_on_russian_like_text(text):
    _check_invariants(text, find_dates(text, TODAY))


_NOISE = st.text(alphabet=st.sampled_from(list("abcXYZ qwerty") + ["😀", "🚀", "✓", "…"]), max_size=20)


@settings(max_examples=100, deadline=None)
@given(_NOISE, _NOISE)
def test_known_phrase_survives_noise(left, right):
    text = f"{left} оплатим 15 декабря {right}"
    found = find_dates(text, TODAY)
    _check_invariants(text, found)
    assert any(m.text == "15 декабря" and m.value == D(2026, 12, 15) for m in found)
