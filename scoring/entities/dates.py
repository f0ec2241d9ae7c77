"""Date mentions in Russian speech, resolved against a given «today».

Everything is matched with regexes over :func:`scoring.normalize.normalize` output, which is
length-preserving, so match offsets are offsets into the original text. No morphology engine
and no date library: the closed classes (months, weekdays, ordinals, number words) are written
out by hand. Import cost matters (the CLI imports this on every start): the patterns are
compiled on first use, each family only when its anchor words occur, and number words inside
durations are matched as any word and looked up in Python rather than spelled out in a pattern.

Resolution rules (the judgement calls, in one place):

* Spans include a leading preposition when there is one («до 15 декабря», «во вторник»,
  «к 15-му числу») and a trailing time of day («15 декабря в 14:00», «завтра к концу дня»).
* Day + month without a year → the nearest occurrence not more than 62 days in the past
  («20 ноября» on 2026-11-23 → 2026-11-20, past; «10 января» → 2027-01-10). An explicit year wins.
* Day of month alone («15-го числа», «к первому числу», «до 15-го») → the nearest such day
  from today on (today counts). «15 числа следующего месяца» → that day next month.
* Weekdays: plain / «этот» / «ближайший» → the next one strictly after today (on a Monday
  «в понедельник» is a week away); «следующий»/«будущий» → that weekday in the next calendar
  week (Mon–Sun); «прошлый» → the last one strictly before today. A weekday next to an explicit
  date becomes one mention, and the explicit date wins if they disagree. A weekday next to
  «на этой/следующей неделе» resolves inside that week.
* Relative: «через N дней/недель/месяцев» adds calendar days/weeks/months; «через N рабочих
  дней» skips Saturdays and Sundays (no holiday calendar); «через пару дней/недель» = 2.
  Durations bound to another event («через 5 дней после поставки») are not mentions.
* Vague mentions get the first day of their calendar range; when the range has already
  started (it contains today) the value is today («в конце месяца» said on the 23rd → today).
  Ranges introduced by «до» («до конца недели», «до декабря») run from today, so their value
  is today. Open-ended phrases («в ближайшие дни», «на днях», «в скором времени») have None.
  Month thirds: начало 1–10, середина 11–20, конец 21–end.
* Not dates: a time alone, a bare duration («20 дней»), dd.mm glued to a code («15.12-А»),
  a fraction followed by a money or percent unit («2.5 млн», «3.12%»), dd/mm without a year
  (too close to «17/2»-style contract numbers), «в 10.12» (read as a time), «за ноябрь»
  (a billing period, not a date), «скоро» alone, plural weekdays («по пятницам»).
* Word ordinals without «числа»/a month count only after a preposition and before a clause
  boundary or a payment verb («до пятнадцатого, как договаривались», «к первому заплатим»);
  «15-го»/«15-е» need a preposition or «числа» too («на пятом этаже» is not a date).
* Fuzzy durations are vague: «через 2-3 дня», «через день-два» (value = the nearer end),
  «через полторы недели», «через несколько дней» (value None). «в течение N дней/недели»
  is vague with value today. Two weekdays («в понедельник-вторник», «с понедельника по
  среду») and day ranges («с 15 по 20 декабря», «15-20 декабря», «между 15 и 20 декабря»,
  «с 15 и до 20 декабря») are vague with the first day as value.
* Days of one month listed with «и» (and commas) are a payment schedule, not a range:
  «11 и 25 декабря», «одиннадцатого и двадцать пятого декабря», «15, 16 и 17 декабря»,
  «к 1 и к 15 декабря», «до 10-го и до 25-го декабря» give one day mention per item, all in
  the month and year of the last day (a schedule is placed in time as a whole: the year is the
  one «25 декабря» alone would get). Spans: each item covers its own preposition and day,
  and only the last one takes the month, year and time («к 1» + «к 15 декабря», «10-го» +
  «25-го декабря в 10:00»); the earlier spans cover just the day, not the shared month word,
  so that spans never overlap. A list needs an «и», strictly increasing days and valid dates;
  «с 13 и 30 декабря», «с 13-го и по 30-е» (from/to prepositions) are ranges.

Known limitations: past-tense weekdays («я звонила в понедельник») still resolve ahead — the
extractor does not read verb tense; no holiday calendar (business days skip weekends only);
«в 2027 году» alone and two-digit years after a month name are not mentions; schedules are
read only before a month name («1-го и 15-го числа» is the 15th alone), and comma-only lists
(«15, 16, 17 декабря») yield the last day alone.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from scoring.normalize import normalized

from .numerals import CARDINAL_WORDS, ORDINAL_DAY_FORMS, ORDINAL_DAY_RE, LazyRe, cardinal_value, ordinal_day

__all__ = ["DateMention", "find_dates"]


#: tuple.__new__ skips a NamedTuple's Python-level constructor (half its cost).
_new = tuple.__new__


class DateMention(NamedTuple):  # a tuple: cheap to make, immutable
    start: int  # char offsets into the original text
    end: int
    text: str  # original_text[start:end]
    precision: str  # "day" or "vague"
    value: date | None  # resolved date for "day"; for "vague" the first day of the range or None
    is_past: bool  # value < today (False when value is None)


# --- closed classes -------------------------------------------------------------------------
#
# Each closed class is written once as (stems, endings) groups; both the lookup dict and a
# compact regex alternative are generated from the same data, so they accept exactly the same
# words. Compact factored alternatives compile several times faster than a flat list of forms
# (import time matters: the CLI imports this on every start).


def _forms(groups, extra: dict[str, int] | None = None) -> tuple[dict[str, int], str]:
    """``groups`` = [((stem, value), …), endings] → (form → value, regex alternative)."""
    forms: dict[str, int] = {}
    alts = []
    for stems, endings in groups:
        for stem, v in stems:
            for e in endings:
                forms[stem + e] = v
        ends = sorted((e for e in endings if e), key=lambda s: (-len(s), s))
        tail = "(?:%s)%s" % ("|".join(ends), "?" if "" in endings else "")
        alts.append("(?:%s)%s" % ("|".join(sorted(s for s, _ in stems)), tail))
    for f, v in (extra or {}).items():
        forms[f] = v
        alts.append(f)
    return forms, "(?:%s)" % "|".join(alts)


_MONTH_FORMS, _MONTH_ALT = _forms(
    [
        (
            (("январ", 1), ("феврал", 2), ("апрел", 4), ("июн", 6), ("июл", 7),
             ("сентябр", 9), ("октябр", 10), ("ноябр", 11), ("декабр", 12)),
            ("ь", "я", "ю", "е", "ем"),
        ),
        ((("март", 3), ("август", 8)), ("", "а", "у", "е", "ом")),
        ((("ма", 5),), ("й", "я", "ю", "е", "ем")),
    ]
)
_MONTH_ABBR: dict[str, int] = {
    "янв": 1, "фев": 2, "февр": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7, "авг": 8,
    "сен": 9, "сент": 9, "окт": 10, "ноя": 11, "нояб": 11, "дек": 12,
}
_WEEKDAY_FORMS, _WEEKDAY_ALT = _forms(
    [
        ((("понедельник", 0), ("вторник", 1), ("четверг", 3)), ("", "а", "у", "ом", "е")),
        ((("сред", 2), ("пятниц", 4), ("суббот", 5)), ("а", "у", "ы", "е")),
        ((("воскресень", 6),), ("е", "я", "ю", "ем")),
        ((("воскресени", 6),), ("е", "я")),
    ],
    {"средой": 2, "пятницей": 4, "субботой": 5},
)
_WEEKDAY_ABBR = {"пн": 0, "вт": 1, "ср": 2, "чт": 3, "пт": 4, "сб": 5, "вс": 6}


def _alt(forms) -> str:
    return "|".join(sorted(set(forms), key=lambda s: (-len(s), s)))


# Speeding up regex scans. The engine tries a pattern at every position unless it starts with a
# literal, a character class or alternatives that each start with a literal: then it skips in C
# to where one of those characters is. A leading \b hides that (and costs two Unicode lookups
# per position), so some patterns are written around it, with the same matches:
# * «\b(?:a…|b…)» as «a(?<!\w.)…|b(?<!\w.)…» (_at_word_start): the lookbehind after the first
#   letter is the \b before it, so each alternative still needs a non-word character (or the
#   text's start) before it;
# * a lookahead for the letters all matches start with (_initials), before the \b.


def _at_word_start(*alts: str) -> str:
    """Alternatives each starting with a letter, to match only at the start of a word."""
    assert all(a[:1].isalpha() for a in alts)
    return "|".join(a[0] + r"(?<!\w.)" + a[1:] for a in alts)


def _initials(*alternations: str) -> str:
    """A character class of the first characters of the top-level alternatives (all letters)."""
    firsts = set()
    for alternation in alternations:
        depth, start = 0, True
        for ch in alternation:
            if start:
                firsts.add(ch)
                start = False
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            elif ch == "|" and not depth:
                start = True
    assert all(ch.isalpha() for ch in firsts)
    return "[%s]" % "".join(sorted(firsts))


_Rx = LazyRe


_MONTH_FULL = rf"{_MONTH_ALT}\b"
_MONTH_ANY = rf"(?:{_MONTH_ALT}\b|(?:{_alt(_MONTH_ABBR)})(?![а-яa-z])\.?)"
_ORD = ORDINAL_DAY_RE
# Number words in durations: any word here, checked against CARDINAL_WORDS in Python (a flat
# alternation of the ~130 cardinal forms was the costliest thing to compile in this module).
_GW = r"\b[а-я]+\b"
_PREPS = (
    r"не\s+позднее|не\s+позже|не\s+ранее|вплоть\s+до|ближе\s+к|до|к|ко|в|во|на|с|со"
    r"|по|после|от|около|перед|за"
)
# Optional leading preposition, kept in the span. Written «\b(?:…|)» rather than «(?:\b…)?»: the
# same matches (what follows always starts a word), but the regex engine gives up at once inside
# words and an alternation is cheaper than a repeat; it tries every position, so that counts.
_P = rf"\b(?:(?P<p>{_PREPS})\s+|)"
_DAYSUF = r"(?:-?(?:го|ого|е|ое|му|ому|м|ом|ым|й))?(?!\w)"
# Not glued to a word, a number or a «№». Two lookbehinds rather than one [\w.,:/№\-]: a class
# mixing \w with a non-Latin-1 character costs sre a 64K-entry charmap (~0.3 ms) to compile.
_NB = r"(?<![\w.,:/\-])(?<!№)"
_DAYNUM = _NB + r"(?P<d>\d{1,2})" + _DAYSUF
_YEAR = r"(?:\s+(?P<y>\d{4})(?!\d)(?:\s*(?:г\.|года|году|г\b))?)?"
_NOT_MONEY = (
    r"(?!\s*(?:млн|млрд|тыс|миллион|миллиард|тысяч|руб|р\b|р\.|₽|%|процент|коп|лям|к\b|\$|евро|долл))"
)

_DM_PAT = rf"{_P}(?:{_DAYNUM}|(?P<dw>{_ORD}))\s+(?P<mon>{_MONTH_ANY}){_YEAR}"
_DM_RE = _Rx(_DM_PAT)
_NUM_RE = _Rx(
    rf"{_P}{_NB}(?P<d>\d{{1,2}})(?P<sep>[./])(?P<m>\d{{1,2}})"
    rf"(?:(?P=sep)(?P<y>\d{{4}}|\d{{2}})(?:\s*(?:г\.|года|году|г\b))?)?"
    rf"(?![\w/:\-]|[.,]\d){_NOT_MONEY}"
)
_ISO_RE = _Rx(r"(?<![\w.,:/\-])(?P<y>20\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?![\w\-])")
_DOM_PAT = (
    rf"{_P}(?:{_DAYNUM}|(?P<dw>{_ORD}))\s+числ(?:а|у|о|ом|е)\b"
    r"(?:\s+(?P<q>этого|текущего|следующего|будущего|прошлого)\s+месяца\b)?"
)
_DOM_RE = _Rx(_DOM_PAT)
_ORD_END = (
    r"(?=\s*(?:[^\w\s]|$)|\s+(?:и|или|а|но|в|во|до|к|как|точно|обязательно|включительно"
    r"|заплатим|оплатим|переведем|перечислим|закроем|погасим|внесем|отправим|отдадим|вернем)\b)"
)
_PORD_RE = _Rx(
    r"\b(?P<p>не\s+позднее|не\s+позже|ближе\s+к|до|к|ко|на|с|со|после|по|около)\s+"
    rf"(?:{_NB}(?P<d>\d{{1,2}})-(?:го|ого|е|ое|му|ому)\b(?:\s+включительно\b)?"
    rf"|(?P<dw>{_ORD})(?:\s+включительно\b)?{_ORD_END})"
)
_QUAL = (
    r"эт(?:у|от|о|ой)|ближайш(?:ую|ий|ее|ей|его|ему)|текущ(?:ую|ий|ей|его)"
    r"|следующ(?:ую|ий|ее|ей|его|ему)|будущ(?:ую|ий|ее|ей|его|ему)|прошл(?:ую|ый|ое|ой|ого|ому)"
)
_WD_PREPS = r"не\s+позднее|не\s+позже|ближе\s+к|до|к|ко|в|во|на|с|со|после|по|перед"
# A match starts with a preposition, a qualifier or a weekday: the lookahead for their first
# letters spares the \b elsewhere. No \b before the qualifier and the weekday: they start a word
# anyway (after whitespace, or where the \b was).
_WD_RE = _Rx(
    rf"(?={_initials(_WD_PREPS, _QUAL, '|'.join(_WEEKDAY_FORMS), '|'.join(_WEEKDAY_ABBR))})"
    rf"\b(?:(?P<p>{_WD_PREPS})\s+|)"  # as in _P
    rf"(?:(?P<q>{_QUAL})\s+|)"
    rf"(?:(?P<w>{_WEEKDAY_ALT})\b|(?P<wa>{_alt(_WEEKDAY_ABBR)})\b\.?)"
)
_REL_RE = _Rx(
    rf"{_P}\b(?:(?P<r>сегодня|послезавтра|завтра|позавчера|вчера)\b"
    r"|(?P<ra>сегодняшн|послезавтрашн|завтрашн|вчерашн)(?:его|ему|ий|ее|им|ем)\s+"
    r"(?:дн(?:я|ю|ем)|день|числа|числу|вечера|вечеру|утра)\b)"
)
_EOD = r"(?:самого\s+)?конц[уа]\s+(?:(?:этого|сегодняшнего|рабочего|текущего)\s+)*дня\b"
_EOD_RE = _Rx(
    rf"\b(?:(?:к|до)\s+{_EOD}|в\s+течение\s+(?:(?:этого|сегодняшнего|рабочего|текущего)\s+)*дня\b)"
)
# «через N …»: the number words are matched as generic words (nw, nw2) and checked against
# CARDINAL_WORDS in Python. The branch order — digits | «пару» | no number | words — equals
# that of a pattern listing the cardinals, because a unit word («дней») or «рабочих» is never
# a cardinal; a match whose words fail the check is therefore no match at that position.
_THR_RE = _Rx(
    r"\b(?:через|спустя)\s+"
    r"(?:(?P<n>\d{1,3})(?:\s*-\s*(?P<n2>\d{1,3}))?\s+"
    r"|(?P<few>пару\s*-\s*тройку|пару|пара|парочку|несколько)\s+"
    r"|"
    rf"|(?P<nw>{_GW}(?:\s+{_GW})*?)(?:\s*-\s*(?P<nw2>{_GW}))?\s+)"
    r"(?:(?P<work>рабоч(?:их|ий|ие)|банковск(?:их|ий|ие)|календарн(?:ых|ый|ые))\s+)?"
    r"(?P<u>дн(?:я|ей|и)|день|сутки|суток|недел(?:ю|и|ь)|месяц(?:а|ев)?)\b"
    r"(?:\s*-\s*(?P<u2>два|две|три|пару)\b)?"
    r"(?!\s+(?:после|по\s+получении|с\s+момента|с\s+даты|от\s+даты|со\s+дня|с\s+получения"
    r"|с\s+поставки|с\s+подписания))"
)
_WITHIN_RE = _Rx(
    r"\bв\s+течени[еи]\s+"
    rf"(?:(?P<n>\d{{1,3}})\s+|(?P<few>пары|нескольких|ближайших)\s+||(?P<nw>{_GW}(?:\s+{_GW})*?)\s+)"
    r"(?:(?:рабочих|банковских|календарных)\s+)?(?P<u>дн(?:я|ей)|недел(?:и|ь)|месяц(?:а|ев)?)\b"
)
_RANGE_PAT = (
    r"\b(?:(?P<p>с|со|между)\s+|)"  # as in _P
    rf"(?:{_NB}(?P<d1>\d{{1,2}})(?:-?(?:го|ого|е|ое))?|(?P<dw1>{_ORD}))"
    r"(?:\s*-\s*|\s+(?P<conn>по|до|и(?:\s+(?:по|до))?)\s+)"
    rf"(?:(?P<d2>\d{{1,2}})(?:-?(?:го|ого|е|ое))?|(?P<dw2>{_ORD}))"
    rf"\s+(?P<mon>{_MONTH_ANY}){_YEAR}"
)
_RANGE_RE = _Rx(_RANGE_PAT)
# A schedule: days of one month listed with commas and «и» before a day + month («11 и 25
# декабря», «15, 16 и 17 декабря», «к 1 и к 15 декабря»). Found by walking back from a _DM_RE
# match one «item + separator» at a time (see _item_before); an item may have a preposition.
_ITEM_RE = _Rx(rf"{_P}(?:{_DAYNUM}|(?P<dw>{_ORD}))")
_BETWEEN_RE = _Rx(r"\bмежду\s+$")
_RANGE_FROM = frozenset(("с", "со", "от"))
_RANGE_TO = frozenset(("по", "до", "вплоть до"))
# Without an ordinal word in the text the ordinal branch can never match: drop it (a third
# faster to run; compiled only when such texts come).
_NO_ORD = r"(?!)"
_DM_DIGITS_RE = _Rx(_DM_PAT.replace(_ORD, _NO_ORD))
_DOM_DIGITS_RE = _Rx(_DOM_PAT.replace(_ORD, _NO_ORD))
_PORD_DIGITS_RE = _Rx(_PORD_RE.pattern.replace(_ORD, _NO_ORD))
_RANGE_DIGITS_RE = _Rx(_RANGE_PAT.replace(_ORD, _NO_ORD))
_PART = (
    r"начал[еуа]|середин(?:е|у|ы|ой)|конц[еуа]|(?:перв(?:ой|ую)|втор(?:ой|ую))\s+половин[еуы]"
    r"|(?:перв(?:ых|ые)|последн(?:их|ие))\s+числ(?:ах|а|ам)"
    r"|(?:перв(?:ой|ую)|втор(?:ой|ую)|трет(?:ьей|ью))\s+декад[еуы]"
)
_V_WEEK = (
    rf"(?P<wk>(?:{_at_word_start('на', 'в')})\s+(?:(?P<wkq>этой|эту|текущей|следующей|следующую|будущей|будущую"
    r"|ближайшей|ближайшую|прошлой|прошлую)\s+)?недел[еюи]\b)"
)
_V_PART = (
    rf"(?P<part>\b(?P<pp>в|во|к|ко|до|с|со|ближе\s+к|после|на)\s+(?P<pt>{_PART})\s+"
    r"(?:(?P<pq>этого|этой|текущего|текущей|следующего|следующей|будущего|будущей|прошлого"
    r"|прошлой)\s+)?"
    rf"(?:(?P<pm>{_MONTH_FULL})(?:\s+(?P<py>\d{{4}})(?!\d)(?:\s*(?:г\.|года|году|г\b))?)?"
    r"|(?P<pu>месяца|года|недели)\b))"
)
_V_MONTH = (
    rf"(?P<mo>(?P<mp>{_at_word_start(*'в во к ко до с со после на'.split())})\s+(?P<mm>{_MONTH_FULL})(?:\s*-\s*{_MONTH_FULL})?"
    r"(?:\s+месяц[аеу]?\b)?(?:\s+(?P<my>\d{4})(?!\d)(?:\s*(?:г\.|года|году|г\b))?)?)"
)
_V_RELMONTH = (
    r"(?P<rm>\b(?:в|на)\s+(?P<rmq>этом|следующем|будущем|текущем|прошлом|следующий|этот|будущий)\s+"
    r"(?P<rmu>месяце|месяц|году|год)\b)"
)
_V_WEEKEND = (
    r"(?P<we>\b(?:на|в)\s+(?:(?P<weq>этих|эти|следующих|следующие|ближайших|ближайшие"
    r"|будущих)\s+)?выходн(?:ых|ые)\b)"
)
# fzn: a number word, checked against CARDINAL_WORDS in Python; the lookahead keeps the unit
# itself out of it, so a rejected fzn means no match at that position at all.
_V_FUZZY = "(?P<fz>(?:%s)\\b)" % _at_word_start(
    r"в\s+ближайш(?:ие|ее|ую)\s+(?:(?:пару|несколько|\d{1,2}"
    r"|(?!(?:дни|дней|дня|время|недели|неделю|недель)\b)(?P<fzn>" + _GW + r"))\s+)?"
    r"(?:дни|дней|дня|время|недели|неделю|недель)",
    r"на\s+(?:этих\s+|ближайших\s+)?днях",  # «(?:на|в)\s+…днях», split: each starts with a letter
    r"в\s+(?:этих\s+|ближайших\s+)?днях",
    r"в\s+(?:самое\s+)?ближайшее\s+время",
    r"в\s+скор(?:ом|ейшем)\s+времени",
    r"в\s+кратчайшие\s+сроки",
    r"как\s+можно\s+(?:скорее|быстрее|раньше)",
    r"при\s+первой\s+(?:же\s+)?возможности",
    r"через\s+(?:несколько|пару\s*-\s*тройку)\s+(?:дней|недель)",
)
_V_HOLIDAY = (
    r"(?P<hol>\b(?:после\s+(?:(?:новогодних|новогодние)\s+)?(?:праздников|каникул)"
    r"|после\s+(?:новогодних|майских)(?:\s+праздников)?"
    r"|(?P<hnp>после|до|к|перед)\s+(?:нового\s+года|новому\s+году|новым\s+годом|нг)"
    r"|(?:до|перед)\s+(?:праздников|праздниками))\b)"
)
_V_SEASON = (
    r"(?P<ssn>\b(?:(?P<sq>этой|этим|следующей|следующим|будущей|будущим|прошлой|прошлым)\s+)?"
    r"(?P<s>зимой|весной|летом|осенью)\b"
    r"|\b(?P<ssp>к|до|с|со|в\s+начале|в\s+конце)\s+(?P<s2>зиме|зимы|весне|весны|лету|лета|осени)\b)"
)
_TAIL_RE = _Rx(
    r"(?:\s*,\s*|\s+)"
    r"(?:(?:в|во|до|к|ко|с|со|после|около|не\s+позднее|не\s+позже|часам\s+к|ориентировочно\s+в)\s+)?"
    r"(?:\d{1,2}[:.]\d{2}(?!\d)(?!\s*(?:руб|р\b|₽|тыс|млн|%))(?:\s*(?:часов|часа|утра|вечера|дня))?"
    r"|\d{1,2}\s*(?:часов|часа|час|ч\.)(?:\s*\d{1,2}\s*мин(?:ут)?\.?)?(?:\s*(?:утра|вечера|дня))?"
    r"|\d{1,2}\s+(?:утра|вечера|дня)"
    r"|утром|днем|вечером|с\s+утра|обеда|обеду|обед|полудня|вечера|вечеру"
    r"|(?:первой|второй)\s+половине\s+дня|" + _EOD + r"|течение\s+(?:рабочего\s+)?дня)"
    r"(?!\w)"
)
_WD_PAIR_GAP = _Rx(r"\s*(?:-|или|либо|,)\s*")
_REL_PAIR_GAP = _Rx(r"\s*(?:-|или|либо)\s*")
_SOFT_GAP = _Rx(r"\s*[,(]?\s*(?:-\s*)?")
_COMMA_GAP = _Rx(r"\s*,?\s*")
_TIME_PREPS = {"в", "во", "около"}
_WORD_RE = re.compile(r"[а-яa-z]+")
# Scans for digits over a whole text. \d is any Unicode decimal digit, a costly lookup per
# character; texts whose digits are all 0-9 (no _F_UDIGIT: see _word_triggers) are scanned with
# [0-9], the same matches at a fraction of the cost. _LAST_…_RE match iff the text has a digit,
# and end just after the last one.
_UDIGIT_RE = _Rx(r"[^\D0-9]")  # a decimal digit other than 0-9
_LAST_DIGIT_RE = _Rx(r"(?s).*\d")
_LAST_ASCII_DIGIT_RE = _Rx(r"(?s).*[0-9]")
# Cores: a cheap pattern that every match of a family contains, a few chunks after the match's
# start (see _finditer_core). They begin with a digit, so the regex engine skips to digits fast,
# where the full patterns (an optional preposition first) are tried at every position.
#: What every numeric date that _collect keeps holds: «15.12», «1.2.26», «15/12/26» (dd/mm needs a
#: year). _NUM_RE matches without it («17/2») are all dropped, and none of them can hide one with
#: it: a match starting inside another shares its digits («вплоть до 15/12» and «до 15/12»).
_NUM_CORE = re.compile(r"\d(?:\.\d\d|/\d\d?/\d\d)")
_RANGE_CORE = _Rx(r"\d(?:-?(?:го|ого|е|ое))?(?:\s*-\s*|\s+(?:по|до|и(?:\s+(?:по|до))?)\s+)\d")
_PORD_CORE = _Rx(r"\d-(?:го|ого|е|ое|му|ому)\b")
_RANGE_ASCII_CORE = _Rx(_RANGE_CORE.pattern.replace(r"\d", "[0-9]"))
_PORD_ASCII_CORE = _Rx(_PORD_CORE.pattern.replace(r"\d", "[0-9]"))
_ISO_CORE = _Rx(r"20\d\d-\d\d-\d\d")
_MONTH_TRIGGERS = frozenset(_MONTH_FORMS) | frozenset(_MONTH_ABBR)
_DOM_TRIGGERS = frozenset(("числа", "числу", "число", "числом", "числе"))
_WD_TRIGGERS = frozenset(_WEEKDAY_FORMS) | frozenset(_WEEKDAY_ABBR)
_REL_TRIGGERS = frozenset(
    ["сегодня", "завтра", "послезавтра", "вчера", "позавчера"]
    + [a + e for a in ("сегодняшн", "послезавтрашн", "завтрашн", "вчерашн") for e in ("его", "ему", "ий", "ее", "им", "ем")]
)
_THR_TRIGGERS = frozenset(("через", "спустя"))
_WITHIN_TRIGGERS = frozenset(("течение", "течении"))
# Vague phrases: one pattern per family, each compiled and run only when one of its words occurs.
_VAGUE_FAMILIES = [
    (_Rx(pattern), frozenset(triggers.split()) if isinstance(triggers, str) else triggers)
    for pattern, triggers in (
        (_V_WEEK, "неделе неделю недели"),
        (_V_PART, "начале начала началу середине середину середины серединой конце конца концу "
                  "половине половину половины числах числа числам декаде декаду декады"),
        (_V_MONTH, frozenset(_MONTH_FORMS)),
        (_V_RELMONTH, "месяце месяц году год"),
        (_V_WEEKEND, "выходных выходные"),
        (_V_FUZZY, "ближайшие ближайшее ближайшую днях время времени сроки скорее быстрее раньше "
                   "возможности несколько пару тройку"),  # «пару»: the anchor of «через пару-тройку»
        (_V_HOLIDAY, "праздников праздниками каникул новогодних новогодние майских года году "
                     "годом нг"),
        (_V_SEASON, "зимой весной летом осенью зиме зимы весне весны лету лета осени"),
    )
]
# For each family: how many chunks before its trigger word a match may start («ближе к первой
# половине», «при первой же возможности»: 3; with a chunk to spare). See _search_near.
_VAGUE_BACK = (3, 4, 2, 3, 3, 4, 3, 3)
_V_FUZZY_RX = next(rx for rx, _ in _VAGUE_FAMILIES if rx.pattern is _V_FUZZY)

# Every gating word → the families it gates, as bits: one set intersection per utterance instead
# of a dozen set.isdisjoint calls. A vague family's bit is 1 << (its index + _F_VAGUE).
(_F_MONTH, _F_ORD, _F_DOM, _F_WD, _F_REL, _F_AND, _F_EOD, _F_THR, _F_WITHIN, _F_TAIL) = (1 << i for i in range(10))
# Not words: the digit-first cores of _NUM_RE, _ISO_RE and _PORD_RE occur, a digit other than
# 0-9 does (see _word_triggers).
(_F_NUM_CORE, _F_ISO_CORE, _F_PORD_CORE, _F_UDIGIT) = (1 << i for i in range(10, 14))
_F_VAGUE = 14
# What the word-gated part of _collect needs (the rest of the bits are read before it).
_F_LATER = ~(_F_ORD | _F_DOM | _F_AND | _F_TAIL | _F_NUM_CORE | _F_ISO_CORE | _F_PORD_CORE | _F_UDIGIT)
# The words a time tail (_TAIL_RE) may hold without a digit: every tail has a digit or one of them.
_TAIL_WORDS = ("утром", "днем", "вечером", "утра", "обеда", "обеду", "обед", "полудня", "вечера", "вечеру", "дня")
_TRIGGER_FLAGS: dict[str, int] = {}
for _bit, _words in (
    (_F_MONTH, _MONTH_TRIGGERS), (_F_ORD, ORDINAL_DAY_FORMS), (_F_DOM, _DOM_TRIGGERS),
    (_F_WD, _WD_TRIGGERS), (_F_REL, _REL_TRIGGERS), (_F_AND, ("и",)), (_F_EOD, ("дня",)),
    (_F_THR, _THR_TRIGGERS), (_F_WITHIN, _WITHIN_TRIGGERS), (_F_TAIL, _TAIL_WORDS),
    *((1 << (_F_VAGUE + i), f[1]) for i, f in enumerate(_VAGUE_FAMILIES)),
):
    for _w in _words:
        _TRIGGER_FLAGS[_w] = _TRIGGER_FLAGS.get(_w, 0) | _bit
_TRIGGERS = frozenset(_TRIGGER_FLAGS)
_VAGUE_SCANS = tuple(
    (1 << i, rx, triggers, back)
    for i, ((rx, triggers), back) in enumerate(zip(_VAGUE_FAMILIES, _VAGUE_BACK, strict=True))
)


@lru_cache(maxsize=None)
def _vague_scans(bits: int) -> tuple[tuple[_Rx, frozenset[str], int], ...]:
    """The vague families whose bits (``flags >> _F_VAGUE``) are set, in order."""
    return tuple((rx, triggers, back) for bit, rx, triggers, back in _VAGUE_SCANS if bits & bit)
_NUMBER_SIGN_RE = _Rx(r"(?:№|#|\bномер[а-я]*(?:\s+[а-я]+)?|\bn)\s*$")
# The trigger words of a text, found per whitespace-separated token and cached by token: speech
# repeats its words, and looking the tokens up costs a third less than finding the words with
# _WORD_RE. Exact: whitespace is never part of a [а-яa-z]+ word, so the words of a text are the
# words of its tokens; nor of a core (_NUM_CORE, _ISO_CORE, _PORD_CORE: no \s in them, and the
# final \b of _PORD_CORE sees the same at a token's end as before the whitespace after it), so
# a core occurs in a text iff in one of its tokens — and a text with «.» or «-» but no core
# skips those scans; nor of a digit (_F_UDIGIT). _SEEN_TOKENS holds every token looked at;
# _TOKEN_TRIGGERS those of them with a trigger word, a core or such a digit inside, with their
# trigger words and flags. Entries are only ever added (so a lookup never races a clear), up to a
# bound; past it, texts with a new token take the slow path.
_SEEN_TOKENS: set[str] = set()
_TOKEN_TRIGGERS: dict[str, tuple[frozenset[str], int]] = {}
_TOKEN_CACHE_MAX = 50_000
_NO_HITS: tuple[frozenset[str], int] = (frozenset(), 0)


def _word_triggers(s: str) -> tuple[frozenset[str], int]:
    """(trigger words of ``s``, their family flags OR-ed with those of the cores in ``s`` and of a
    digit other than 0-9)."""
    hits = _TRIGGERS.intersection(_WORD_RE.findall(s))
    flags = 0
    for w in hits:
        flags |= _TRIGGER_FLAGS[w]
    # Each core has a «.», «/» or «-» (checked first: most tokens have none, and the lazy
    # cores then stay uncompiled).
    if ("." in s or "/" in s) and _NUM_CORE.search(s):
        flags |= _F_NUM_CORE
    if "-" in s:
        if _ISO_CORE.search(s):
            flags |= _F_ISO_CORE
        if _PORD_CORE.search(s):
            flags |= _F_PORD_CORE
    if not s.isascii() and not s.isalpha() and _UDIGIT_RE.search(s):  # words need no search
        flags |= _F_UDIGIT
    return hits, flags


def _triggers(t: str, toks: list[str] | None = None) -> tuple[frozenset[str] | set[str], int]:
    """``_word_triggers(t)``, from the token caches; ``toks`` is ``t.split()`` if the caller has it."""
    if toks is None:
        toks = t.split()
    if not _SEEN_TOKENS.issuperset(toks):  # rare once warm
        if len(_SEEN_TOKENS) >= _TOKEN_CACHE_MAX:
            return _word_triggers(t)
        for tok in toks:
            if tok not in _SEEN_TOKENS:
                entry = _word_triggers(tok)
                if entry[1]:
                    _TOKEN_TRIGGERS[tok] = entry
                _SEEN_TOKENS.add(tok)  # after the entry: a token seen has its entry
    found = _TOKEN_TRIGGERS.keys() & toks  # iterates the tokens, not the cache
    if not found:
        return _NO_HITS
    if len(found) == 1:  # the usual case: its words serve as they are
        return _TOKEN_TRIGGERS[found.pop()]
    hits: set[str] = set()
    flags = 0
    for tok in found:
        words, f = _TOKEN_TRIGGERS[tok]
        hits |= words
        flags |= f
    return hits, flags


# --- calendar helpers -----------------------------------------------------------------------


def _mk(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> date:
    return date(y + 1, 1, 1) - timedelta(days=1) if m == 12 else date(y, m + 1, 1) - timedelta(days=1)


def _add_months(d: date, n: int) -> date:
    k = d.year * 12 + d.month - 1 + n
    y, m = divmod(k, 12)
    m += 1
    return date(y, m, min(d.day, _month_end(y, m).day))


# The date arithmetic below is pure and sees few distinct arguments per «today»: cached.
@lru_cache(maxsize=1024)
def _resolve_dm(day: int, month: int, year: int | None, today: date) -> date | None:
    if year is not None:
        return _mk(year, month, day)
    floor = today - timedelta(days=62)
    for y in (today.year - 1, today.year, today.year + 1):
        d = _mk(y, month, day)
        if d is not None and d >= floor:
            return d
    return None


def _resolve_month(month: int, year: int | None, today: date) -> tuple[int, int]:
    if year is not None:
        return year, month
    floor = today - timedelta(days=62)
    for y in (today.year - 1, today.year, today.year + 1):
        if _month_end(y, month) >= floor:
            return y, month
    return today.year + 1, month  # unreachable


@lru_cache(maxsize=256)
def _dom_ahead(day: int, today: date) -> date | None:
    for k in range(13):
        d0 = _add_months(today.replace(day=1), k)
        d = _mk(d0.year, d0.month, day)
        if d is not None and d >= today:
            return d
    return None


@lru_cache(maxsize=64)
def _next_wd(today: date, wd: int) -> date:
    return today + timedelta(days=(wd - today.weekday()) % 7 or 7)


def _prev_wd(today: date, wd: int) -> date:
    return today - timedelta(days=(today.weekday() - wd) % 7 or 7)


def _week_monday(today: date, offset: int) -> date:
    return today - timedelta(days=today.weekday()) + timedelta(days=7 * offset)


def _add_business_days(d: date, n: int) -> date:
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def _clip(start: date, end: date, today: date) -> date:
    return today if start <= today <= end else start


def _year_of(s: str | None) -> int | None:
    if not s:
        return None
    y = int(s)
    if len(s) == 2:
        y += 2000
    return y if 2000 <= y <= 2100 else None


# --- candidates -----------------------------------------------------------------------------


class _Cand:
    """A candidate mention (a plain class: a dataclass costs ~0.5 ms more to import)."""

    __slots__ = ("start", "end", "precision", "value", "kind", "prep", "wd", "week")

    def __init__(
        self,
        start: int,
        end: int,
        precision: str,
        value: date | None,
        kind: str,  # "explicit", "dom", "wd", "rel", "offset", "eod", "week", "vague"
        prep: str | None = None,
        wd: int = -1,  # weekday number for kind "wd"
        week: int | None = None,  # week offset for kind "week"
    ) -> None:
        self.start = start
        self.end = end
        self.precision = precision
        self.value = value
        self.kind = kind
        self.prep = prep
        self.wd = wd
        self.week = week

    def __repr__(self) -> str:
        return f"_Cand({self.start}, {self.end}, {self.precision!r}, {self.value!r}, {self.kind!r})"


def _day_of(m: re.Match, dgroup: str = "d", wgroup: str = "dw") -> int | None:
    s = m.group(dgroup)
    if s is not None:
        v = int(s)
        return v if 1 <= v <= 31 else None
    s = m.group(wgroup)
    return ordinal_day(" ".join(s.split())) if s is not None else None


def _month_of(s: str) -> int:
    s = s.rstrip(".")
    return _MONTH_FORMS.get(s) or _MONTH_ABBR[s]


def _count(m: re.Match) -> tuple[float | None, bool]:
    """Number in a duration («3», «три», «пару», none → 1). Returns (n, is_range_or_fuzzy)."""
    g = m.groupdict()
    if g.get("n") is not None:
        return int(g["n"]), bool(g.get("n2"))
    nw = g.get("nw")
    if nw is not None:
        v = cardinal_value(" ".join(nw.split()))
        if v is None:
            return None, True
        fuzzy = bool(g.get("nw2")) or v != v.to_integral_value()
        return float(v), fuzzy
    few = g.get("few")
    if few is not None:
        if few in ("пару", "пара", "парочку", "пары"):
            return 2, False
        return None, True
    return 1, False


def _cardinal_words_ok(m: re.Match) -> bool:
    """The generic number words of a «через/в течение» match are all cardinals."""
    nw = m.group("nw")
    if nw is None:  # then no nw2 either (it follows nw): no groupdict to build, the usual case
        return True
    if not CARDINAL_WORDS.issuperset(nw.split()):
        return False
    nw2 = m.groupdict().get("nw2")
    return nw2 is None or nw2 in CARDINAL_WORDS


def _iter_checked(rx: _Rx, t: str, anchors: frozenset[str], back: int):
    """``rx.finditer(t)`` for a pattern whose number words are generic: a match whose words are
    not all cardinals is dropped and the search goes on from the next character, exactly as if
    the pattern had listed the cardinals. (Searches as :func:`_search_near` does.)"""
    pos = 0
    while (m := _search_near(rx, t, pos, anchors, back)) is not None:
        if _cardinal_words_ok(m):
            yield m
            pos = m.end()
        else:
            pos = m.start() + 1


def _separator_before(t: str, pos: int) -> tuple[int, bool] | None:
    """Start of a list separator ending at ``pos`` («, », « и », «, и ») and whether it has
    an «и»; None when there is none."""
    k = _space_before(t, pos)
    if k > 0 and t[k - 1] == ",":
        return _space_before(t, k - 1), False
    if k < pos and k > 0 and t[k - 1] == "и" and (k == 1 or not t[k - 2].isalnum()):
        j = k - 1
        k = _space_before(t, j)
        if k > 0 and t[k - 1] == ",":
            return _space_before(t, k - 1), True
        return (k, True) if k < j else None
    return None


def _space_before(t: str, k: int) -> int:
    """Where the whitespace ending at ``k`` starts."""
    while k > 0 and t[k - 1].isspace():
        k -= 1
    return k


def _item_before(t: str, end: int) -> re.Match | None:
    """The longest «[preposition] day» ending exactly at ``end`` («к 1», «до 10-го»,
    «двадцать пятого»): tried from up to four words back, nearest last."""
    j = end
    while j > 0 and not t[j - 1].isspace():
        j -= 1
    last = t[j:end].lstrip("(\"'«")
    if not (last[:1].isdigit() or last in ORDINAL_DAY_FORMS):
        return None  # the word before a separator is rarely a day: skip the regex then
    starts = []
    k = end
    for _ in range(4):
        j = k
        while j > 0 and not t[j - 1].isspace():
            j -= 1
        if j == k:
            break
        w = j
        while w < k and not t[w].isalnum():
            w += 1
        starts.append(w)
        k = j
        while k > 0 and t[k - 1].isspace():
            k -= 1
    for start in reversed(starts):
        it = _ITEM_RE.fullmatch(t, start, end)
        if it is not None:
            return it
    return None


def _schedule_before(t: str, m: re.Match, last: date) -> list[_Cand]:
    """The earlier days of a schedule ending in the day + month match ``m`` («11 и» before
    «25 декабря»), resolved in the month and year of ``last``, the value of ``m``.

    Spans: each item covers its own preposition and day («к 1», «10-го»); the month (and year,
    time) stays with the last one. Walking back stops at the first item that is not a valid,
    strictly smaller day; the list needs an «и» somewhere; «с 13-го и по 30-е», «между 11 и
    25» are ranges, not schedules.
    """
    pos = m.start()
    sep = _separator_before(t, pos)
    if sep is None:  # the common case: a lone date
        return []
    items: list[_Cand] = []
    preps = {m.group("p")}
    has_and = False
    nxt = _day_of(m)
    while nxt is not None:
        if items:
            sep = _separator_before(t, pos)
            if sep is None:
                break
        it = _item_before(t, sep[0])
        if it is None:
            break
        day = _day_of(it)
        if day is None or day >= nxt:
            break
        d = _mk(last.year, last.month, day)
        if d is None:
            break
        items.append(_Cand(it.start(), it.end(), "day", d, "explicit", it.group("p")))
        preps.add(it.group("p"))
        has_and = has_and or sep[1]
        nxt, pos = day, it.start()
    if not has_and:
        return []
    preps = {" ".join(p.split()) for p in preps if p}
    if preps & _RANGE_FROM and preps & _RANGE_TO or _BETWEEN_RE.search(t, max(0, pos - 8), pos):
        return []
    items.reverse()
    return items


def _scan_from(t: str, words: set[str], triggers: frozenset[str], back: int) -> int:
    """Where a scan for a pattern anchored on a trigger word may start: `back` whitespace-separated
    chunks before the first trigger. Patterns are a few words around their anchor, and the regex
    engine's cost is per starting position, so skipping the text before them halves a scan."""
    pos = min([t.find(w) for w in words & triggers])  # a hit inside an earlier word only widens it
    return _chunks_back(t, pos, back, 0)


def _chunks_back(t: str, pos: int, back: int, floor: int) -> int:
    """The start of the `back`-th space-separated chunk before ``pos`` (a chunk ``pos`` is inside
    counts as the first), not below ``floor``. Runs of spaces count as one separator; other
    whitespace glues chunks, which only widens the scan."""
    if pos <= floor or not back:
        return pos if pos > floor else floor
    # The spaces that count lie in t[floor:pos-1] (a space just before pos only ends the chunk
    # before it): the chunk wanted starts after the `back`-th last of them. One rsplit finds it
    # (a Python loop of rfinds costs twice as much), right unless there is a double space.
    head = t[floor : pos - 1]
    parts = head.rsplit(" ", back)
    if len(parts) <= back:
        return floor  # fewer chunks than `back` before pos
    if "  " in head or t[pos - 2 : pos] == "  ":  # rare: walk, skipping runs of spaces
        p = pos
        for _ in range(back):
            while p > floor and t[p - 1] == " ":
                p -= 1
            p = t.rfind(" ", 0, p) + 1
            if p <= floor:
                return floor
        return p
    return floor + len(parts[0]) + 1


# Searching from near an anchor. A family's matches each contain an anchor — one of its trigger
# words or a match of its core pattern — starting at most `back` chunks after the match's start.
# Then no match starts before `back` chunks ahead of the first anchor at or after `pos`, and
# rx.search(t, pos) may start there: same match, without the regex engine trying every position
# of the text before it (most of the time, as the patterns begin with an optional preposition).
# Without an anchor left there is no match left, so the scan stops instead of running to the end.


def _search_near(rx: _Rx, t: str, pos: int, anchors: frozenset[str], back: int) -> re.Match | None:
    """``rx.search(t, pos)`` for a pattern anchored on the words ``anchors``."""
    q = -1
    for w in anchors:  # a hit inside a longer word is merely early: that only widens the scan
        i = t.find(w, pos)
        if i >= 0 and (q < 0 or i < q):
            q = i
    if q < 0:
        return None
    return rx.search(t, _chunks_back(t, q, back, pos))


def _finditer_near(rx: _Rx, t: str, anchors: frozenset[str], back: int):
    """``rx.finditer(t)`` for a pattern anchored on the words ``anchors`` (none matches empty)."""
    pos = 0
    while (m := _search_near(rx, t, pos, anchors, back)) is not None:
        yield m
        pos = m.end()


def _finditer_core(rx: _Rx, core: _Rx, t: str, back: int):
    """``rx.finditer(t)`` for a pattern anchored on matches of the pattern ``core``."""
    pos = 0
    while (c := core.search(t, pos)) is not None:
        m = rx.search(t, _chunks_back(t, c.start(), back, pos))
        if m is None:
            return
        yield m
        pos = m.end()


def _last_digit_end(t: str, flags: int) -> int:
    """Where the last digit of ``t`` ends (0: no digit)."""
    m = (_LAST_DIGIT_RE if flags & _F_UDIGIT else _LAST_ASCII_DIGIT_RE).match(t)
    return 0 if m is None else m.end()


def _collect(t: str, today: date, hits: frozenset[str] | set[str], flags: int, digit_end: int) -> list[_Cand]:
    """Candidates in ``t``; ``hits, flags = _triggers(t)``; ``digit_end`` is ``_last_digit_end(t, flags)``
    when ``flags`` has a month or «число» word (the scans asked to know whether there is a digit)."""
    out: list[_Cand] = []
    add = out.append
    # Cheap gating: each pattern runs only when one of its anchor words (or characters) is
    # present, which keeps the common "no date here" utterance at a few microseconds.
    month = flags & _F_MONTH
    ordw = flags & _F_ORD
    # Only where a word family needs it: numeric dates are gated by their cores (digits first).
    ascii_digits = not flags & _F_UDIGIT
    digit = flags & (_F_MONTH | _F_DOM) and digit_end > 0
    none = ()

    # A day + month starts at most 3 chunks before its month word («не позднее 15 декабря»); with
    # ordinal words up to 6 («с двадцать первого по двадцать пятое декабря»: a range).
    month_from = _scan_from(t, hits, _MONTH_TRIGGERS, 8) if month and ordw else 0
    if month and ordw:
        dms = _DM_RE.finditer(t, month_from)
    else:
        dms = _finditer_near(_DM_DIGITS_RE, t, hits & _MONTH_TRIGGERS, 3) if month and digit else none
    for m in dms:
        day = _day_of(m)
        if day is None:
            continue
        mon = _month_of(m.group("mon"))
        end = m.end()
        year = None
        if m.group("y") is not None:
            year = _year_of(m.group("y"))
            if year is None:
                end = m.end("mon")
        d = _resolve_dm(day, mon, year, today)
        if d is not None:
            if flags & _F_AND:
                # «11 и 25 декабря»: the earlier days of a schedule. Added before the bare
                # «до 10-го» of _PORD_RE below, so they win on equal spans. A schedule needs an
                # «и» separator (a comma-only list is no schedule), and that is the word «и».
                out.extend(_schedule_before(t, m, d))
            add(_Cand(m.start(), end, "day", d, "explicit", m.group("p")))

    for m in _finditer_core(_NUM_RE, _NUM_CORE, t, 3) if flags & _F_NUM_CORE else none:
        p = m.group("p")
        if _NUMBER_SIGN_RE.search(t, max(0, m.start() - 24), m.start("d")):
            continue  # «платёж № 15.12»
        ys = m.group("y")
        if ys is None:
            if m.group("sep") != "." or len(m.group("m")) != 2 or p in _TIME_PREPS:
                continue
            d = _resolve_dm(int(m.group("d")), int(m.group("m")), None, today) if 1 <= int(m.group("m")) <= 12 else None
        else:
            year = _year_of(ys)
            d = _mk(year, int(m.group("m")), int(m.group("d"))) if year else None
        if d is not None:
            add(_Cand(m.start(), m.end(), "day", d, "explicit", p))

    for m in _finditer_core(_ISO_RE, _ISO_CORE, t, 0) if flags & _F_ISO_CORE else none:  # the core starts it
        d = _mk(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if d is not None:
            add(_Cand(m.start(), m.end(), "day", d, "explicit"))

    dom = (digit or ordw) and flags & _F_DOM
    for m in _finditer_near(_DOM_RE if ordw else _DOM_DIGITS_RE, t, hits & _DOM_TRIGGERS, 5) if dom else none:
        day = _day_of(m)
        if day is None:
            continue
        q = m.group("q")
        if q is None:
            d = _dom_ahead(day, today)
        else:
            off = {"следующего": 1, "будущего": 1, "прошлого": -1}.get(q, 0)
            first = _add_months(today.replace(day=1), off)
            d = _mk(first.year, first.month, day)
        if d is not None:
            add(_Cand(m.start(), m.end(), "day", d, "dom", m.group("p")))

    if ordw:
        pords = _PORD_RE.finditer(t)
    else:
        core = _PORD_ASCII_CORE if ascii_digits else _PORD_CORE
        pords = _finditer_core(_PORD_DIGITS_RE, core, t, 3) if flags & _F_PORD_CORE else none
    for m in pords:
        day = _day_of(m)
        if day is None:
            continue
        d = _dom_ahead(day, today)
        if d is not None:
            add(_Cand(m.start(), m.end(), "day", d, "dom", m.group("p")))

    if not flags & _F_LATER:  # all that follows is gated on words
        return out

    for m in _finditer_near(_WD_RE, t, hits & _WD_TRIGGERS, 4) if flags & _F_WD else none:
        p, q = m.group("p"), m.group("q")
        w = m.group("w")
        if w is not None:
            wd = _WEEKDAY_FORMS[w]
            if w == "среде" and p not in ("к", "ко"):
                continue  # «в среде» is "in the environment"
            if w.endswith("ой") and p != "перед":
                continue  # «средой», «субботой» outside «перед …» are not deadlines
        else:
            if p is None or p in ("по", "на"):
                continue  # abbreviations only after a preposition: «во вт», «до пт»
            wd = _WEEKDAY_ABBR[m.group("wa")]
        if q is None or q.startswith(("эт", "ближайш", "текущ")):
            d = _next_wd(today, wd)
        elif q.startswith("прошл"):
            d = _prev_wd(today, wd)
        else:
            d = _week_monday(today, 1) + timedelta(days=wd)
        add(_Cand(m.start(), m.end(), "day", d, "wd", p, wd))

    for m in _finditer_near(_REL_RE, t, hits & _REL_TRIGGERS, 3) if flags & _F_REL else none:
        r = m.group("r") or m.group("ra")
        off = {"сегодня": 0, "сегодняшн": 0, "завтра": 1, "завтрашн": 1, "послезавтра": 2,
               "послезавтрашн": 2, "вчера": -1, "вчерашн": -1, "позавчера": -2}[r]
        add(_Cand(m.start(), m.end(), "day", today + timedelta(days=off), "rel", m.group("p")))

    for m in _EOD_RE.finditer(t) if flags & _F_EOD else none:
        add(_Cand(m.start(), m.end(), "day", today, "eod"))

    for m in _iter_checked(_THR_RE, t, hits & _THR_TRIGGERS, 0) if flags & _F_THR else none:  # «через» starts it
        n, fuzzy = _count(m)
        u = m.group("u")
        if n is None:
            add(_Cand(m.start(), m.end(), "vague", None, "offset"))
            continue
        if m.group("u2"):
            fuzzy = True
        n_int = int(n)
        if n != n_int:  # «через полторы недели»
            add(_Cand(m.start(), m.end(), "vague", None, "offset"))
            continue
        if u.startswith("дн") or u in ("день", "сутки", "суток"):
            work = m.group("work")
            if work and work.startswith(("рабоч", "банковск")):
                d = _add_business_days(today, n_int)
            else:
                d = today + timedelta(days=n_int)
        elif u.startswith("недел"):
            d = today + timedelta(days=7 * n_int)
        else:
            d = _add_months(today, n_int)
        add(_Cand(m.start(), m.end(), "vague" if fuzzy else "day", d, "offset"))

    for m in _iter_checked(_WITHIN_RE, t, hits & _WITHIN_TRIGGERS, 1) if flags & _F_WITHIN else none:
        g = m.groupdict()
        if g["u"] == "дня" and not (g.get("n") or g.get("nw") or g.get("few")):
            continue  # «в течение дня» is handled as today by _EOD_RE
        add(_Cand(m.start(), m.end(), "vague", today, "vague"))

    if month and ordw:
        ranges = _RANGE_RE.finditer(t, month_from)
    else:
        core = _RANGE_ASCII_CORE if ascii_digits else _RANGE_CORE
        ranges = _finditer_core(_RANGE_DIGITS_RE, core, t, 3) if month and digit else none
    for m in ranges:
        conn = m.group("conn")
        if conn is not None and conn.startswith("и") and m.group("p") is None:
            continue  # «11 и 25 декабря» is a schedule of two days (see _schedule_before)
        d1 = _day_of(m, "d1", "dw1")
        d2 = _day_of(m, "d2", "dw2")
        if d1 is None or d2 is None or d2 <= d1:
            continue
        month = _month_of(m.group("mon"))
        year = _year_of(m.group("y"))
        d = _resolve_dm(d1, month, year, today)
        end = _resolve_dm(d2, month, year, today)
        if d is None or end is None:
            continue
        add(_Cand(m.start(), m.end(), "vague", _clip(d, end, today) if d.year == end.year else d, "vague"))

    for rx, triggers, back in _vague_scans(flags >> _F_VAGUE) if flags >> _F_VAGUE else none:
        anchors = hits & triggers
        if rx is not _V_FUZZY_RX:
            for m in _finditer_near(rx, t, anchors, back):
                c = _vague(m, today)
                if c is not None:
                    add(c)
            continue
        pos = 0
        while (m := _search_near(rx, t, pos, anchors, back)) is not None:
            c = _vague(m, today)
            if c is _RETRY:  # a generic word failed its check: no match starts here
                pos = m.start() + 1
                continue
            if c is not None:
                add(c)
            pos = m.end()
    return out


#: Returned by :func:`_vague` when a generic word in the match is not what the pattern means.
_RETRY = _Cand(0, 0, "vague", None, "retry")

_PART_FIRST = {"начал": (1, 10), "середин": (11, 20), "конц": (21, 31)}


def _part_days(pt: str) -> tuple[int, int]:
    """Day range within a month for «начало», «середина», «вторая половина», «третья декада»…"""
    pt = " ".join(pt.split())
    for k, v in _PART_FIRST.items():
        if pt.startswith(k):
            return v
    if "половин" in pt:
        return (1, 15) if pt.startswith("перв") else (16, 31)
    if "числ" in pt:
        return (1, 5) if pt.startswith("перв") else (25, 31)
    if pt.startswith("перв"):
        return 1, 10
    if pt.startswith("втор"):
        return 11, 20
    return 21, 31


def _vague(m: re.Match, today: date) -> _Cand | None:
    s, e = m.start(), m.end()
    g = m.groupdict().get

    if g("wk") is not None:
        q = g("wkq") or "эт"
        off = 1 if q.startswith(("следующ", "будущ")) else -1 if q.startswith("прошл") else 0
        mon = _week_monday(today, off)
        return _Cand(s, e, "vague", _clip(mon, mon + timedelta(days=6), today), "week", None, -1, off)

    if g("part") is not None:
        pp = " ".join(g("pp").split())
        lo, hi = _part_days(g("pt"))
        q = g("pq") or ""
        off = 1 if q.startswith(("следующ", "будущ")) else -1 if q.startswith("прошл") else 0
        if g("pm") is not None:
            y, mo = _resolve_month(_MONTH_FORMS[g("pm")], _year_of(g("py")), today)
            if off:
                y += off
            start = date(y, mo, lo)
            end = date(y, mo, min(hi, _month_end(y, mo).day))
        elif g("pu") == "месяца":
            first = _add_months(today.replace(day=1), off)
            end = first.replace(day=min(hi, _month_end(first.year, first.month).day))
            if not q and end < today and pp != "после":  # «в середине месяца» said on the 23rd
                first = _add_months(first, 1)
                end = first.replace(day=min(hi, _month_end(first.year, first.month).day))
            start = first.replace(day=lo)
        elif g("pu") == "года":
            # начало Jan–Feb, середина Jun–Jul, конец Dec; halves Jan–Jun / Jul–Dec
            y = today.year + off
            (m1, m2) = {(1, 15): (1, 6), (16, 31): (7, 12), (1, 10): (1, 2), (11, 20): (6, 7)}.get((lo, hi), (12, 12))
            if not q and pp != "после" and _month_end(y, m2) < today:
                y += 1
            start, end = date(y, m1, 1), _month_end(y, m2)
        else:  # недели: начало Mon–Tue, середина Wed–Thu, конец Fri–Sun, halves Mon–Wed / Thu–Sun
            mon = _week_monday(today, off)
            a, b = {(1, 15): (0, 2), (16, 31): (3, 6), (1, 10): (0, 1), (11, 20): (2, 3)}.get((lo, hi), (4, 6))
            start, end = mon + timedelta(days=a), mon + timedelta(days=b)
            if not q and pp != "после" and end < today:  # «в начале недели» said on a Thursday
                start, end = start + timedelta(days=7), end + timedelta(days=7)
        if pp == "до":
            value = today if today <= end else start
        elif pp == "после":
            value = end + timedelta(days=1)
        else:
            value = _clip(start, end, today)
        return _Cand(s, e, "vague", value, "vague")

    if g("mo") is not None:
        mp = g("mp")
        y, mo = _resolve_month(_MONTH_FORMS[g("mm")], _year_of(g("my")), today)
        start, end = date(y, mo, 1), _month_end(y, mo)
        if mp == "до":
            value = today if today < start else start
        elif mp == "после":
            value = end + timedelta(days=1)
        else:
            value = _clip(start, end, today)
        return _Cand(s, e, "vague", value, "vague")

    if g("rm") is not None:
        q, u = g("rmq"), g("rmu")
        off = 1 if q.startswith(("следующ", "будущ")) else -1 if q.startswith("прошл") else 0
        if u.startswith("месяц"):
            value = _add_months(today.replace(day=1), off) if off else today
        else:
            value = date(today.year + off, 1, 1) if off else today
        return _Cand(s, e, "vague", value, "vague")

    if g("we") is not None:
        q = g("weq") or ""
        sat = _week_monday(today, 1 if q.startswith(("следующ", "будущ")) else 0) + timedelta(days=5)
        return _Cand(s, e, "vague", _clip(sat, sat + timedelta(days=1), today), "vague")

    if g("fz") is not None:
        fzn = g("fzn")
        if fzn is not None and fzn not in CARDINAL_WORDS:
            return _RETRY
        return _Cand(s, e, "vague", None, "vague")

    if g("hol") is not None:
        txt = " ".join(m.group().split())
        hnp = g("hnp")
        if "майск" in txt:
            y = today.year if today <= date(today.year, 5, 11) else today.year + 1
            return _Cand(s, e, "vague", date(y, 5, 12), "vague")
        if txt.startswith("до "):  # «до нового года», «до праздников»: from now on
            return _Cand(s, e, "vague", today, "vague")
        if hnp in ("к", "перед") or txt.startswith("перед "):  # start of the range unknown
            return _Cand(s, e, "vague", None, "vague")
        # после праздников / нового года: the winter holidays (Jan 1–8 in Russia)
        if hnp == "после":
            value = date(today.year + 1, 1, 1) if today.month > 1 or today.day > 8 else today
            return _Cand(s, e, "vague", value, "vague")
        if today.month >= 11:
            return _Cand(s, e, "vague", date(today.year + 1, 1, 9), "vague")
        if today.month == 1 and today.day <= 8:
            return _Cand(s, e, "vague", date(today.year, 1, 9), "vague")
        return _Cand(s, e, "vague", None, "vague")

    if g("ssn") is not None:
        word = g("s") or g("s2")
        season = {"зи": 12, "ве": 3, "ле": 6, "ос": 9}[word[:2]]
        # current season's first day (Dec for winter, possibly last year)
        y = today.year
        start = date(y, season, 1)
        if season == 12 and today.month <= 2:
            start = date(y - 1, 12, 1)
        end = _add_months(start, 3) - timedelta(days=1)
        q = g("sq") or ""
        if q.startswith("прошл"):
            if end >= today:
                start = date(start.year - 1, start.month, 1)
            value = start
        elif q.startswith(("следующ", "будущ")):
            value = start if start > today else date(start.year + 1, start.month, 1)
        elif g("ssp") in ("до",):
            value = today
        elif g("ssp") is not None and g("ssp").endswith("конце"):
            if end < today:
                start = date(start.year + 1, start.month, 1)
            value = _clip(_add_months(start, 2), _add_months(start, 3) - timedelta(days=1), today)
        else:
            if end < today:
                start = date(start.year + 1, start.month, 1)
                end = _add_months(start, 3) - timedelta(days=1)
            value = _clip(start, end, today)
        return _Cand(s, e, "vague", value, "vague")
    return None


# --- selection and merging ------------------------------------------------------------------


_start_of = attrgetter("start")


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest match wins; on equal length the day-precision / earlier candidate wins."""
    if len(cands) == 2:  # the usual case, done without sorting: what the general code gives
        a, b = cands
        x, y = (b, a) if b.start < a.start else (a, b)  # a stable sort by start
        if y.start >= x.end:
            return [x, y]
        if x.start < y.end:  # they overlap: the one first by the key below wins, a on a tie
            kb = (b.start - b.end, b.precision != "day", b.start)
            return [b if kb < (a.start - a.end, a.precision != "day", a.start) else a]
    by_start = sorted(cands, key=_start_of)
    end = -1
    for c in by_start:
        if c.start < end:
            break
        end = c.end
    else:
        return by_start  # the usual case: nothing overlaps, all are chosen
    cands.sort(key=lambda c: (c.start - c.end, c.precision != "day", c.start))
    chosen: list[_Cand] = []
    for c in cands:
        for o in chosen:
            if c.start < o.end and o.start < c.end:
                break
        else:
            chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


def _extend_tail(t: str, c: _Cand) -> None:
    """A day mention takes a time tail («15 декабря в 14:00»). Called only when ``c`` is a day
    mention and a tail is possible after it (see find_dates)."""
    m = _TAIL_RE.match(t, c.end)
    if m is not None:
        c.end = m.end()


# The kinds of the pairs _merge_pair may merge in each pass (it returns None for all others).
_SAME_KIND_PAIRS = frozenset((("wd", "wd"), ("rel", "rel")))
_MIXED_PAIRS = frozenset((("wd", "explicit"), ("explicit", "wd"), ("wd", "week"), ("week", "wd")))


def _merge(t: str, cs: list[_Cand], today: date) -> list[_Cand]:
    """Weekdays merged with each other, with explicit dates and with weeks; relative days with
    each other. Called only when there is a weekday or a relative day (_F_WD, _F_REL)."""
    # Pairs of the same kind first («в понедельник-вторник»), so that «на неделе, в понедельник-
    # вторник» does not glue the week to the first weekday only.
    if len(cs) == 2:  # the usual case: one pair, in the one pass its kinds belong to
        a, b = cs
        kinds = (a.kind, b.kind)
        if kinds not in _SAME_KIND_PAIRS and kinds not in _MIXED_PAIRS:
            return cs
        merged = _merge_pair(t, a, b, t[a.end : b.start], today, kinds in _SAME_KIND_PAIRS)
        return cs if merged is None else [merged]
    if not any(c.kind == "wd" or c.kind == "rel" for c in cs):
        return cs  # every pair that merges has a weekday or two relative days
    for pair_pass, kinds in ((True, _SAME_KIND_PAIRS), (False, _MIXED_PAIRS)):
        out: list[_Cand] = []
        i = 0
        n = len(cs)
        while i < n:
            a = cs[i]
            b = cs[i + 1] if i + 1 < n else None
            if b is not None and (a.kind, b.kind) in kinds:
                merged = _merge_pair(t, a, b, t[a.end : b.start], today, pair_pass)
                if merged is not None:
                    cs[i + 1] = merged
                    i += 1
                    continue
            out.append(a)
            i += 1
        cs = out
    return cs


def _merge_pair(t: str, a: _Cand, b: _Cand, gap: str, today: date, pair_pass: bool) -> _Cand | None:
    if pair_pass:
        # two weekdays: «в понедельник-вторник», «в среду или в четверг», «с понедельника по среду»
        if a.kind == "wd" and b.kind == "wd":
            ok = _WD_PAIR_GAP.fullmatch(gap) is not None or (
                a.prep in ("с", "со") and b.prep in ("по", "до") and not gap.strip()
            )
            if ok:
                return _Cand(a.start, b.end, "vague", a.value, "vague")  # range starts at the first
        # «сегодня-завтра», «завтра или послезавтра»
        if a.kind == "rel" and b.kind == "rel" and _REL_PAIR_GAP.fullmatch(gap):
            return _Cand(a.start, b.end, "vague", min(a.value, b.value), "vague")
        return None
    # weekday next to an explicit date: one mention, the explicit date wins
    if {a.kind, b.kind} == {"wd", "explicit"} and _SOFT_GAP.fullmatch(gap):
        date_c = a if a.kind == "explicit" else b
        end = b.end
        if "(" in gap and t.startswith(")", end):
            end += 1
        return _Cand(a.start, end, "day", date_c.value, "explicit", a.prep)
    # weekday + «на этой / следующей неделе», either order
    if {a.kind, b.kind} == {"wd", "week"} and _COMMA_GAP.fullmatch(gap):
        w = a if a.kind == "wd" else b
        wk = b if a.kind == "wd" else a
        d = _week_monday(today, wk.week or 0) + timedelta(days=w.wd)
        return _Cand(a.start, b.end, "day", d, "explicit", a.prep)
    return None


def find_dates(
    text: str, today: date, *, norm: str | None = None, chunks: list[str] | None = None
) -> list[DateMention]:
    """Date mentions in ``text``, sorted by start and non-overlapping (longest match wins).

    ``norm`` is ``normalize(text)`` when the caller already has it (the money extractor and
    the marker matcher want the same string); it must be exactly that, else ValueError.
    ``chunks`` is ``norm.split()``, when the caller has it (the money extractor wants it too).
    """
    t = normalized(text, norm)
    hits, flags = _triggers(t, chunks)
    if not flags:  # every family is gated on a flag: the usual utterance stops here
        return []
    digit_end = _last_digit_end(t, flags) if flags & (_F_MONTH | _F_DOM) else -1  # (-1: not looked for)
    cands = _collect(t, today, hits, flags, digit_end)
    if not cands:
        return []
    # Every time tail holds a digit or one of _TAIL_WORDS after the mention: without such a word
    # in the text, no tail starts at or after the end of the last digit, so skip the regex there.
    if flags & _F_TAIL:
        tail_to = len(t)
    else:
        tail_to = digit_end if digit_end >= 0 else _last_digit_end(t, flags)
    for c in cands:
        if c.end < tail_to and c.precision == "day":
            _extend_tail(t, c)
    if len(cands) > 1:
        chosen = _select(cands)
        if flags & (_F_WD | _F_REL):  # every merge has a weekday or a relative day
            chosen = _merge(t, chosen, today)
    else:
        chosen = cands
    for c in chosen:  # a merged mention may take a time tail of its own (or a second one)
        if c.end < tail_to and c.precision == "day":
            _extend_tail(t, c)
    out: list[DateMention] = []
    last_end = -1
    for c in chosen:
        if c.start < last_end:
            continue
        last_end = c.end
        v = c.value
        out.append(_new(DateMention, (c.start, c.end, text[c.start : c.end], c.precision, v, v is not None and v < today)))
    return out
