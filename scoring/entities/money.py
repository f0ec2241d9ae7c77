"""Money amounts (in roubles) in Russian speech.

The normalised text (:func:`scoring.normalize.normalize`, length-preserving) is cut into tokens
with one compiled regex — numbers with their thousand separators, words, single punctuation
marks — and a small hand-written parser walks the tokens:

    amount   := chunk { chunk-with-a-smaller-multiplier } [ remainder-before-currency ]
    chunk    := digits [ multiplier ] | number-words        («450 тыс.», «2,5 млн», «двадцать две тысячи»)
    currency := рубль… | руб. | р. | ₽ | т.р. | тр          [ NN коп. ]

Which candidates count as money (the judgement calls):

* with a rouble unit → always (even «пятьсот рублей», «15.12 рублей»);
* with a multiplier (тыс/тысяч/млн/миллион/млрд/«к»/полмиллиона) → yes, unless a non-money
  noun follows («5 тысяч километров», «2 млн человек»); a lone «тысяча»/«миллион» with no
  number needs a rouble unit («тысяча извинений» is not money);
* a bare number with no unit → only if ≥ 1000 and either written with thousand separators
  («450 000», «450.000») or plain digits preceded by a money word within four words
  («долг 450000»); plain 1900–2100 is a year, never money; nothing glued to ./:/-/+ or a
  «№», nothing right after a document word (договор, счёт, фактура, заказ, ИНН, телефон…);
* number words without a multiplier or unit are never money («пятнадцать процентов»);
* not roubles → not a mention («50 000 долларов», «€300»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from scoring.normalize import normalize

from .numerals import CARDINALS, MULT, MULTIPLIERS, parse_cardinal

__all__ = ["MoneyMention", "find_money"]


@dataclass(frozen=True, slots=True)
class MoneyMention:
    start: int
    end: int
    text: str
    amount: Decimal  # in roubles


_TOK_RE = re.compile(
    r"(?P<n>\d{1,3}(?:[ \u2007\u200a.]\d{3}(?!\d))+(?:[.,]\d{1,2}(?!\d))?|\d+(?:[.,]\d+)?)"
    r"|(?P<w>[а-яa-z]+)"
    r"|(?P<p>\S)"
)
_PHONE_RE = re.compile(
    r"(?:\+7|(?<![\w.,])8)[\s(\-]*\d{3}[\s)\-]*\d{3}[\s\-]*\d{2}[\s\-]*\d{2}(?!\d)"
    r"|(?<![\w.,])\d{3}-\d{2}-\d{2}(?!\d)"
)
_NON_DIGIT_RE = re.compile(r"\D")

_CURRENCY = frozenset(
    ("рубль", "рубля", "рублей", "рублям", "рублями", "рублях", "рублю", "рублем", "рубли",
     "руб", "р", "rub", "rur", "рэ")
)
_ABBR_DOT = frozenset(("руб", "р", "тыс", "млн", "млрд", "коп", "т", "тр"))
_FOREIGN = frozenset(
    ("доллар", "доллара", "долларов", "долл", "бакса", "баксов", "usd", "евро", "eur", "юань",
     "юаня", "юаней", "cny", "тенге", "гривен")
)
_FOREIGN_SYM = frozenset("$€¥£")
_KOPECK = frozenset(("коп", "копеек", "копейки", "копейка", "копейку"))
_THOUSAND_ROUBLES = frozenset(("тр", "тыр"))
_NON_MONEY_RE = re.compile(
    r"(?:дн(?:я|ей|и)?|день|сут(?:ки|ок)|недел\w*|месяц\w*|год\w*|лет|г|процент\w*|проц|шт|штук\w*"
    r"|человек\w*|чел|раз|раза|км|кг|м|метр\w*|километр\w*|тонн\w*|литр\w*|минут\w*|мин|час\w*"
    r"|секунд\w*|числ\w*|позици\w*|единиц\w*|экземпляр\w*|страниц\w*|клиент\w*|сотрудник\w*"
    r"|звонк\w*|шаг\w*|пункт\w*|балл\w*|просмотр\w*)"
)
_DOC_PREFIXES = (
    "договор", "счет", "сч", "фактур", "накладн", "заказ", "акт", "инн", "кпп", "огрн", "бик",
    "тел", "код", "артикул", "лицев", "платежк", "поручени", "заявк", "квартир", "дом", "офис",
    "номер", "ном", "n", "no", "id", "претензи", "исх", "вх", "рег", "протокол", "дело", "дела",
)
_MONEY_CUES = (
    "сумм", "долг", "задолж", "оплат", "плат", "заплат", "перевед", "перевож", "перевод",
    "перечисл", "погас", "остат", "итог", "аванс", "предоплат", "недоплат", "выплат", "верн",
    "отдад", "отдам", "отда", "внес", "закро", "закрыть", "кин", "скин", "должн", "должен",
    "стоимост", "цен", "руб", "транш", "частями", "часть",
)


def _dec(s: str) -> Decimal:
    return Decimal(s.replace(",", "."))


_GROUPED_RE = re.compile(r"(?P<int>\d{1,3}(?:[ \u2007\u200a.]\d{3})+)(?:[.,](?P<frac>\d{1,2}))?")
_ONE_DOT_RE = re.compile(r"\d{1,3}\.\d{3}")


def _digits_value(raw: str, before_mult: bool) -> tuple[Decimal, bool]:
    """Value of a number token and whether it was written with thousand separators."""
    m = _GROUPED_RE.fullmatch(raw)
    if m is None:
        return _dec(raw), False
    if before_mult and _ONE_DOT_RE.fullmatch(raw):
        return _dec(raw), False  # «2.500 млн» is 2.5 million
    ints = _NON_DIGIT_RE.sub("", m.group("int"))
    frac = m.group("frac")
    return Decimal(ints + "." + frac if frac else ints), True


def _clean(amount: Decimal) -> Decimal:
    if amount == amount.to_integral_value():
        return Decimal(int(amount))
    return amount.quantize(Decimal("0.01"))


class _Parser:
    __slots__ = ("t", "kinds", "texts", "starts", "ends", "n", "blocked")

    def __init__(self, t: str) -> None:
        self.t = t
        kinds, texts, starts, ends = [], [], [], []
        for m in _TOK_RE.finditer(t):
            kinds.append(m.lastgroup)
            texts.append(m.group())
            starts.append(m.start())
            ends.append(m.end())
        self.kinds, self.texts, self.starts, self.ends = kinds, texts, starts, ends
        self.n = len(kinds)
        self.blocked = [m.span() for m in _PHONE_RE.finditer(t)] if len(kinds) > 3 else []

    # -- small token helpers --
    def word(self, i: int) -> str | None:
        return self.texts[i] if i < self.n and self.kinds[i] == "w" else None

    def glued_dot(self, i: int) -> bool:
        """Token i is a '.' glued to the previous token (abbreviation dot)."""
        return (
            i < self.n and self.kinds[i] == "p" and self.texts[i] == "." and self.starts[i] == self.ends[i - 1]
        )

    def multiplier(self, i: int) -> tuple[int, int, bool] | None:
        """Multiplier at token i → (value, next index, implies roubles)."""
        w = self.word(i)
        if w is None:
            return None
        if w in MULTIPLIERS:
            j = i + 1
            if w in _ABBR_DOT and self.glued_dot(j):
                j += 1
            return MULTIPLIERS[w], j, False
        if w in _THOUSAND_ROUBLES:
            j = i + 2 if self.glued_dot(i + 1) else i + 1
            return 1000, j, True
        glued = self.starts[i] == self.ends[i - 1]
        if w in ("к", "k") and glued:
            return 1000, i + 1, False
        if w == "т":  # «450т.р.», «450 т.р.»
            j = i + 2 if self.glued_dot(i + 1) else i + 1
            nxt = self.word(j)
            if nxt is not None and nxt in _CURRENCY:
                return 1000, j, False
        return None

    def quantity(self, i: int) -> tuple[Decimal, int, int, bool, bool] | None:
        """Number (digits or words) at i with an optional multiplier.

        Returns (value, next index, multiplier used, grouped digits, implies roubles).
        The multiplier is 1 without one, 0 for a bare multiplier word («тысяча»).
        """
        kind = self.kinds[i]
        if kind == "n":
            raw = self.texts[i]
            mult = self.multiplier(i + 1)
            value, grouped = _digits_value(raw, mult is not None)
            if mult is None:
                return value, i + 1, 1, grouped, False
            return value * mult[0], mult[1], mult[0], grouped, mult[2]
        if kind != "w" or self.texts[i] not in CARDINALS:
            return None
        words = []
        k = i
        while k < self.n and self.kinds[k] == "w":
            words.append(self.texts[k])
            k += 1
            if len(words) > 12:
                break
        value, used, biggest = parse_cardinal(words)
        if value is None:
            return None
        j = i + used
        bare_mult = used == 1 and CARDINALS[words[0]][0] == MULT  # «тысяча» alone
        if biggest == 1:
            mult = self.multiplier(j)
            if mult is not None and mult[0] > 1:
                return value * mult[0], mult[1], mult[0], False, mult[2]
        return value, j, 0 if bare_mult else biggest, False, False

    def currency(self, j: int) -> tuple[int, str | None]:
        """Rouble unit at j → (next index, 'rub' | 'foreign' | None)."""
        if j >= self.n:
            return j, None
        kind, tx = self.kinds[j], self.texts[j]
        if kind == "p":
            if tx == "₽":
                return j + 1, "rub"
            if tx in _FOREIGN_SYM:
                return j + 1, "foreign"
            return j, None
        if kind != "w":
            return j, None
        if tx in _CURRENCY:
            k = j + 1
            if tx in _ABBR_DOT and self.glued_dot(k):
                k += 1
            return k, "rub"
        if tx in _FOREIGN:
            return j + 1, "foreign"
        return j, None

    def kopecks(self, j: int) -> tuple[Decimal, int]:
        if j + 1 < self.n and self.kinds[j] == "n" and self.texts[j].isdigit() and len(self.texts[j]) <= 2:
            w = self.word(j + 1)
            if w in _KOPECK:
                k = j + 2
                if w == "коп" and self.glued_dot(k):
                    k += 1
                return Decimal(self.texts[j]) / 100, k
        return Decimal(0), j

    # -- context checks --
    def digits_glued_badly(self, i: int) -> bool:
        """Digits at i glued to something that makes them a date, time, code or signed count."""
        t = self.t
        s, e = self.starts[i], self.ends[i]
        if s > 0 and t[s - 1] in ".,:/+-№#_":
            return True
        if s > 0 and t[s - 1].isalpha():
            return True  # «A123», «№123» after normalisation quirks
        if e < len(t):
            c = t[e]
            nxt = t[e + 1] if e + 1 < len(t) else ""
            if c in ":/" or (c in ".,-" and (nxt.isdigit() or nxt.isalpha())) or c == "%":
                return True
        return False

    def after_number_sign(self, i: int) -> bool:
        if i == 0:
            return False
        if self.kinds[i - 1] == "p" and self.texts[i - 1] in "№#":
            return True
        w = self.word(i - 1)
        return w is not None and w in ("n", "no", "номер", "номеру", "номером", "ном")

    def after_document_word(self, i: int) -> bool:
        for k in (i - 1, i - 2):
            if k < 0:
                return False
            kind, tx = self.kinds[k], self.texts[k]
            if kind == "w":
                if tx.startswith(_DOC_PREFIXES):
                    return True
                if k == i - 1 and tx not in ("n", "no"):
                    return False
            elif not (kind == "p" and tx in "№#-"):
                return False
        return False

    def has_money_cue(self, i: int) -> bool:
        seen = 0
        k = i - 1
        while k >= 0 and seen < 4:
            if self.kinds[k] == "w":
                seen += 1
                if self.texts[k].startswith(_MONEY_CUES):
                    return True
            elif self.kinds[k] == "p" and self.texts[k] in ".!?":
                return False
            k -= 1
        return False

    def non_money_follows(self, j: int) -> bool:
        if j >= self.n:
            return False
        if self.kinds[j] == "p":
            return self.texts[j] == "%"
        return self.kinds[j] == "w" and _NON_MONEY_RE.fullmatch(self.texts[j]) is not None

    def is_blocked(self, s: int, e: int) -> bool:
        return any(s < be and bs < e for bs, be in self.blocked)

    # -- the amount grammar --
    def parse_at(self, i: int) -> tuple[int, int, int, Decimal] | None:
        """Try an amount starting at token i → (next index, start, end, amount) or None."""
        first_kind = self.kinds[i]
        if first_kind == "n" and (self.digits_glued_badly(i) or self.after_number_sign(i)):
            return None
        q = self.quantity(i)
        if q is None:
            return None
        total, j, mult, grouped, roubles = q
        if first_kind == "n" and self.digits_glued_badly(j - 1) and mult == 1:
            return None
        last_mult = mult if mult > 1 else 1
        # further chunks with smaller multipliers: «3 млн 200 тыс.», «2 миллиона триста тысяч»
        while last_mult > 1 and j < self.n and not roubles:
            if self.kinds[j] == "n" and self.digits_glued_badly(j):
                break
            q2 = self.quantity(j)
            if q2 is None:
                break
            v2, j2, m2, _, r2 = q2
            if 1 < m2 < last_mult:
                total += v2
                j, last_mult, roubles = j2, m2, r2
                continue
            if m2 == 1 and v2 < last_mult and v2 == v2.to_integral_value():
                k, cur = self.currency(j2)
                if cur == "rub":
                    total += v2
                    j = j2
            break
        k, cur = self.currency(j) if not roubles else (j, "rub")
        if cur == "foreign":
            return None
        if cur == "rub":
            kop, k = self.kopecks(k)
            total += kop
            end_idx = k
        else:
            end_idx = j
            if self.non_money_follows(j):
                return None
            if mult == 0:  # «тысяча» alone
                return None
            if mult == 1:
                if first_kind != "n" or total < 1000:
                    return None
                if self.after_document_word(i):
                    return None
                if not grouped:
                    v = total
                    if 1900 <= v <= 2100 or not self.has_money_cue(i):
                        return None
                # «450 000 12 34» looks like a phone, not an amount
                if j < self.n and self.kinds[j] == "n" and self.starts[j] - self.ends[j - 1] <= 1:
                    return None
        if total <= 0:
            return None
        start, end = self.starts[i], self.ends[end_idx - 1]
        if self.blocked and self.is_blocked(start, end):
            return None
        return end_idx, start, end, _clean(total)


def find_money(text: str) -> list[MoneyMention]:
    """Rouble amounts in ``text``, sorted by start and non-overlapping."""
    t = normalize(text)
    p = _Parser(t)
    out: list[MoneyMention] = []
    kinds, texts = p.kinds, p.texts
    i = 0
    n = p.n
    while i < n:
        k = kinds[i]
        if k == "n" or (k == "w" and texts[i] in CARDINALS):
            r = p.parse_at(i)
            if r is not None:
                j, s, e, amount = r
                out.append(MoneyMention(s, e, text[s:e], amount))
                i = j
                continue
        i += 1
    return out
