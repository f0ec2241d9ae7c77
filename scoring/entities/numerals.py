"""Russian number words, hand-written (no morphology engine: this runs on every utterance).

Two closed classes, both keyed by *normalised* word forms (casefolded, ё→е):

* cardinals, in all the case forms a speaker uses for amounts and durations
  («пятьсот», «пятисот», «двадцать две», «двух», «тысячу», «миллиона», «полтора»…),
  parsed into a value by :func:`parse_cardinal`;
* day ordinals 1–31 in the neuter forms that go with «число»/a month
  («пятое», «пятого», «пятому», «пятым», «пятом», «двадцать пятого», «третье»…),
  looked up by :func:`ordinal_day`.

The module also exposes regex fragments (``CARDINAL_WORD_RE``, ``ORDINAL_DAY_RE``) so the
date extractor can find these words with compiled patterns and only then parse them here.
"""

from __future__ import annotations

import re
from decimal import Decimal

__all__ = [
    "LazyRe",
    "UNIT",
    "TEEN",
    "TEN",
    "HUNDRED",
    "MULT",
    "HALF",
    "HALF_MULT",
    "CARDINALS",
    "CARDINAL_WORDS",
    "MULTIPLIERS",
    "CARDINAL_WORD_RE",
    "ORDINAL_DAY_RE",
    "ORDINAL_DAY_FORMS",
    "parse_cardinal",
    "parse_cardinal_tail",
    "cardinal_value",
    "ordinal_day",
]


class LazyRe:
    """A regex compiled on first use, so that importing the extractors compiles nothing.

    ``debitorka score`` imports them on every start, and most date patterns are needed only by
    the few utterances that contain their anchor words. The first call compiles the pattern
    and puts the compiled pattern's own bound methods on the instance, so later calls go
    straight to ``re.Pattern`` (no wrapper frame).
    """

    _rx: re.Pattern[str] | None = None

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    def _compile(self) -> re.Pattern[str]:
        rx = re.compile(self.pattern)
        self.finditer, self.search, self.match = rx.finditer, rx.search, rx.match
        self.fullmatch, self.sub = rx.fullmatch, rx.sub
        self._rx = rx
        return rx

    def finditer(self, *args):
        return self._compile().finditer(*args)

    def search(self, *args):
        return self._compile().search(*args)

    def match(self, *args):
        return self._compile().match(*args)

    def fullmatch(self, *args):
        return self._compile().fullmatch(*args)

    def sub(self, *args):
        return self._compile().sub(*args)


# Kinds of cardinal word.
UNIT = 1  # 1..9
TEEN = 2  # 10..19
TEN = 3  # 20..90
HUNDRED = 4  # 100..900
MULT = 5  # 1000, 10**6, 10**9
HALF = 6  # полтора / полторы / полутора = 1.5
HALF_MULT = 7  # полмиллиона, полтысячи = 0.5 × multiplier, a complete chunk

CARDINALS: dict[str, tuple[int, int | Decimal]] = {}


def _add(kind: int, value: int | Decimal, *forms: str) -> None:
    for f in forms:
        CARDINALS[f] = (kind, value)


_add(UNIT, 1, "один", "одна", "одно", "одну", "одного", "одной", "одному", "одним", "одном")
_add(UNIT, 2, "два", "две", "двух", "двум", "двумя")
_add(UNIT, 3, "три", "трех", "трем", "тремя")
_add(UNIT, 4, "четыре", "четырех", "четырем", "четырьмя")
_add(UNIT, 5, "пять", "пяти", "пятью")
_add(UNIT, 6, "шесть", "шести", "шестью")
_add(UNIT, 7, "семь", "семи", "семью")
_add(UNIT, 8, "восемь", "восьми", "восемью", "восьмью")
_add(UNIT, 9, "девять", "девяти", "девятью")
for _stem, _v in (
    ("десят", 10),
    ("одиннадцат", 11),
    ("двенадцат", 12),
    ("тринадцат", 13),
    ("четырнадцат", 14),
    ("пятнадцат", 15),
    ("шестнадцат", 16),
    ("семнадцат", 17),
    ("восемнадцат", 18),
    ("девятнадцат", 19),
):
    _add(TEEN, _v, _stem + "ь", _stem + "и", _stem + "ью")
_add(TEN, 20, "двадцать", "двадцати", "двадцатью")
_add(TEN, 30, "тридцать", "тридцати", "тридцатью")
_add(TEN, 40, "сорок", "сорока")
_add(TEN, 50, "пятьдесят", "пятидесяти", "пятьюдесятью")
_add(TEN, 60, "шестьдесят", "шестидесяти", "шестьюдесятью")
_add(TEN, 70, "семьдесят", "семидесяти", "семьюдесятью")
_add(TEN, 80, "восемьдесят", "восьмидесяти", "восемьюдесятью")
_add(TEN, 90, "девяносто", "девяноста")
_add(HUNDRED, 100, "сто", "ста")
for _nom, _obl, _v in (
    ("двести", "двух", 200),
    ("триста", "трех", 300),
    ("четыреста", "четырех", 400),
    ("пятьсот", "пяти", 500),
    ("шестьсот", "шести", 600),
    ("семьсот", "семи", 700),
    ("восемьсот", "восьми", 800),
    ("девятьсот", "девяти", 900),
):
    _add(HUNDRED, _v, _nom, _obl + "сот", _obl + "стам", _obl + "стах")
_add(HUNDRED, 200, "двумястами")
_add(HUNDRED, 300, "тремястами")
_add(HUNDRED, 400, "четырьмястами")
_add(HUNDRED, 500, "пятьюстами")
_add(HALF, Decimal("1.5"), "полтора", "полторы", "полутора")

# Multipliers, also reused by the money extractor after digits («450 тысяч», «2,5 млн»).
MULTIPLIERS: dict[str, int] = {}
for _f in (
    "тысяча", "тысячи", "тысяч", "тысячу", "тысячей", "тысячью", "тысячам", "тысячами", "тысячах",
    "тыща", "тыщи", "тыщу", "тыщ", "тыс",
):
    MULTIPLIERS[_f] = 1000
for _f in (
    "миллион", "миллиона", "миллионов", "миллиону", "миллионом", "миллионам", "миллионами",
    "миллионах", "млн", "лям", "ляма", "лямов", "лямах",
):
    MULTIPLIERS[_f] = 1_000_000
for _f in (
    "миллиард", "миллиарда", "миллиардов", "миллиарду", "миллиардом", "миллиардами", "миллиардах",
    "млрд",
):
    MULTIPLIERS[_f] = 1_000_000_000
# Only the spelled-out multipliers join a word sequence; the abbreviations (тыс, млн, млрд)
# are handled by the money extractor because they may carry a dot.
for _f, _v in MULTIPLIERS.items():
    if _f not in ("тыс", "млн", "млрд"):
        CARDINALS[_f] = (MULT, _v)
_add(HALF_MULT, 500, "полтысячи")
_add(HALF_MULT, 500_000, "полмиллиона", "полляма")
_add(HALF_MULT, 500_000_000, "полмиллиарда")


def parse_cardinal(words: list[str], start: int = 0) -> tuple[Decimal | None, int, int]:
    """Parse the longest well-formed cardinal at ``words[start:]``.

    Returns ``(value, consumed, largest_multiplier)``; ``value`` is None when nothing was
    consumed. ``largest_multiplier`` is 1 when no тысяча/миллион word was used, which lets
    callers tell «пять» from «пять тысяч». Ill-formed continuations stop the parse
    («пять пять» consumes one word). «с половиной» after a number adds 0.5.
    The value is literal: «миллион двести сорок» is 1 000 240 (see :func:`parse_cardinal_tail`).
    """
    value, used, biggest, _, _ = parse_cardinal_tail(words, start)
    return value, used, biggest


def parse_cardinal_tail(
    words: list[str], start: int = 0
) -> tuple[Decimal | None, int, int, Decimal, int]:
    """:func:`parse_cardinal` plus ``(tail, tail_multiplier)``.

    ``tail`` is the group of hundreds/tens/units said after the last multiplier word and
    ``tail_multiplier`` that multiplier: «миллион двести сорок» → tail 240 after 1 000 000,
    «три тысячи пятьсот» → 500 after 1000; (0, 1) when the number ends in a multiplier or has
    none. The money extractor uses it to read the colloquial «миллион двести» as 1 200 000.
    """
    total = Decimal(0)
    group = Decimal(0)
    has = 0  # bitmask of what the current group holds: 4 hundreds, 2 tens, 1 units
    last_mult = 10**12
    biggest = 1
    i = start
    n = len(words)
    while i < n:
        w = words[i]
        info = CARDINALS.get(w)
        if info is None:
            if (
                w == "с"
                and i + 1 < n
                and words[i + 1] == "половиной"
                and has
                and group == group.to_integral_value()
            ):
                group += Decimal("0.5")
                has = 7
                i += 2
                continue
            break
        kind, v = info
        if kind == HUNDRED:
            if has:
                break
            group += v
            has |= 4
        elif kind == TEN:
            if has & 3:
                break
            group += v
            has |= 2
        elif kind == TEEN:
            if has & 3:
                break
            group += v
            has |= 3
        elif kind == UNIT:
            if has & 1:
                break
            group += v
            has |= 1
        elif kind == HALF:
            if has:
                break
            group = Decimal(v)
            has = 7
        elif kind == HALF_MULT:
            mult = int(v) * 2
            if has or mult >= last_mult:
                break
            total += v
            last_mult = mult
            biggest = max(biggest, mult)
        else:  # MULT
            if v >= last_mult:
                break
            total += (group if has else Decimal(1)) * v
            group = Decimal(0)
            has = 0
            last_mult = v
            biggest = max(biggest, v)
        i += 1
    if i == start:
        return None, 0, 1, Decimal(0), 1
    if has and last_mult < 10**12:
        return total + group, i - start, biggest, group, last_mult
    return total + group, i - start, biggest, Decimal(0), 1


def cardinal_value(phrase: str) -> Decimal | None:
    """Value of a whole space-separated cardinal phrase, None unless every word is consumed."""
    words = phrase.split()
    value, used, _ = parse_cardinal(words)
    if value is None or used != len(words):
        return None
    return value


# --- day ordinals ---------------------------------------------------------------------------

_ORD_STEMS: dict[str, int] = {
    "перв": 1,
    "втор": 2,
    "четверт": 4,
    "пят": 5,
    "шест": 6,
    "седьм": 7,
    "восьм": 8,
    "девят": 9,
    "десят": 10,
    "одиннадцат": 11,
    "двенадцат": 12,
    "тринадцат": 13,
    "четырнадцат": 14,
    "пятнадцат": 15,
    "шестнадцат": 16,
    "семнадцат": 17,
    "восемнадцат": 18,
    "девятнадцат": 19,
    "двадцат": 20,
    "тридцат": 30,
}
# Neuter forms (число): -ое, -ого, -ому, -ым, -ом; «третье» is soft.
_ORD_ENDINGS = ("ое", "ого", "ому", "ым", "ом")
_ORD_FORMS: dict[str, int] = {}
for _stem, _v in _ORD_STEMS.items():
    for _e in _ORD_ENDINGS:
        _ORD_FORMS[_stem + _e] = _v
for _e in ("ье", "ьего", "ьему", "ьим", "ьем"):
    _ORD_FORMS["трет" + _e] = 3
_ORD_TENS = {"двадцать": 20, "тридцать": 30}
#: Every single-word day ordinal form («пятого», «третье»…), for cheap pre-checks.
ORDINAL_DAY_FORMS = frozenset(_ORD_FORMS)


def ordinal_day(phrase: str) -> int | None:
    """«пятого» → 5, «двадцать пятому» → 25, «тридцать первое» → 31; None if not a day 1..31."""
    parts = phrase.split()
    if len(parts) == 1:
        return _ORD_FORMS.get(parts[0])
    if len(parts) == 2:
        tens = _ORD_TENS.get(parts[0])
        unit = _ORD_FORMS.get(parts[1])
        if tens is None or unit is None or unit > 9:
            return None
        day = tens + unit
        return day if day <= 31 else None
    return None


def _alt(forms) -> str:
    return "|".join(sorted(set(forms), key=lambda s: (-len(s), s)))


#: One ordinal day phrase, e.g. «пятого», «двадцать пятому». Word-bounded on both sides.
# Stem + ending rather than ~100 spelled-out forms: an order of magnitude cheaper for the regex
# engine; the rare wrong combination («третое») is rejected by :func:`ordinal_day`.
ORDINAL_DAY_RE = (
    rf"(?:\b(?:двадцать|тридцать)\s+)?\b(?:{_alt(_ORD_STEMS)}|трет)(?:ьего|ьему|ого|ому|ье|ьим|ьем|ое|ым|ом)\b"
)

#: Every cardinal word usable in a duration («три», «двадцать», «полторы»), without multipliers.
CARDINAL_WORDS = frozenset(w for w, (k, _) in CARDINALS.items() if k in (UNIT, TEEN, TEN, HUNDRED, HALF))

#: The same words as a regex alternative (kept for callers; the date extractor matches a
#: generic word and checks it against :data:`CARDINAL_WORDS`, which compiles much faster).
CARDINAL_WORD_RE = r"\b(?:%s)\b" % _alt(CARDINAL_WORDS)
