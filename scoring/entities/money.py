"""Money amounts (in roubles) in Russian speech.

The normalised text (:func:`scoring.normalize.normalize`, length-preserving) is cut into tokens
with one regex (compiled on first use) — numbers with their thousand separators, words, single
punctuation marks — and a small hand-written parser walks the tokens:

    amount   := chunk { chunk-with-a-smaller-multiplier } [ remainder-before-currency ]
    chunk    := digits [ multiplier ] | number-words        («450 тыс.», «2,5 млн», «двадцать две тысячи»)
    currency := рубль… | руб. | р. | ₽ | т.р. | тр          [ NN коп. ]

Which candidates count as money (the judgement calls):

* with a rouble unit → always (even «пятьсот рублей», «15.12 рублей»);
* with a multiplier (тыс/тысяч/млн/миллион/млрд/«к»/полмиллиона) → yes, unless a non-money
  noun follows («5 тысяч километров», «2 млн человек»); a lone «тысяча»/«миллион» with no
  number needs a rouble unit («тысяча извинений» is not money);
* a bare number with no unit → only if ≥ 1000 and either written with thousand separators
  («450 000», «450.000», «долг 450 000») or plain digits that are clearly an amount;
  never when glued to ./:/-/+ or a «№», nor right after a document word (договор, счёт,
  фактура, заказ, акт, УПД, ТТН, накладная, заявка, платёжка/поручение, п/п, спецификация,
  приложение, номер, артикул, код, ИНН, КПП, ОГРН, БИК, р/с, телефон…: «по УПД 5521»);
* plain digits («5521», «450000») are clearly an amount when, looking back at most four
  words within the sentence and with no document word in between:
  - a strong cue comes first: «сумма/на сумму», «в размере», «составляет», «итого», a
    payment verb («оплатить/оплатим», «заплатить», «перевести/переведём», «перечислить»,
    «погасить», «внести», «вернуть», «отдать», «скинуть») or «должны/должен»; or a weak cue
    with «в»/«на» right before the number («долг в 5521»); or a document with «на» right
    before it («счёт на 45000», «платёжку на 450000»);
  - or a weak cue comes first (долг, задолженность, остаток, оплата, аванс, стоимость…) and
    the number is round, a multiple of 100: «долг 450000» is money, «долг 5521» is not (too
    much like an invoice or contract number said without «№»);
  plain 1900–2100 is a year, and ten plain digits or more an ИНН/ОГРН/account: never money;
* number words without a multiplier or unit are never money («пятнадцать процентов»);
* «миллион двести» (words, ending the amount, no currency unit right after it) is the
  colloquial 1 200 000: the next multiplier down is left out, so a trailing hundreds/tens/units
  group after миллион/миллиард is read in thousands/millions («два миллиона триста» =
  2 300 000, «2 млн двести» = 2 200 000, «миллион двести тыс.» = 1 200 000). Right before a
  rouble unit the literal reading stands («миллион двести сорок рублей» = 1 000 240, as in
  «один миллион двести сорок рублей» read off an invoice); with a non-integral head
  («полтора миллиона двести») too, and digits after a multiplier are never read this way
  («2 млн 300» is 2 000 000, «2 млн 15 декабря» must not become 2 015 000);
* not roubles → not a mention («50 000 долларов», «€300»).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from scoring.normalize import normalized

from .numerals import CARDINALS, MULT, MULTIPLIERS, LazyRe, parse_cardinal_tail

__all__ = ["MoneyMention", "find_money"]


@dataclass(frozen=True, slots=True)
class MoneyMention:
    start: int
    end: int
    text: str
    amount: Decimal  # in roubles


_TOK_RE = LazyRe(
    r"(?P<n>\d{1,3}(?:[ \u2007\u200a.]\d{3}(?!\d))+(?:[.,]\d{1,2}(?!\d))?|\d+(?:[.,]\d+)?)"
    r"|(?P<w>[а-яa-z]+)"
    r"|(?P<p>\S)"
)
_PHONE_RE = LazyRe(
    r"(?:\+7|(?<![\w.,])8)[\s(\-]*\d{3}[\s)\-]*\d{3}[\s\-]*\d{2}[\s\-]*\d{2}(?!\d)"
    r"|(?<![\w.,])\d{3}-\d{2}-\d{2}(?!\d)"
)
_NON_DIGIT_RE = LazyRe(r"\D")

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
_NON_MONEY_RE = LazyRe(
    r"(?:дн(?:я|ей|и)?|день|сут(?:ки|ок)|недел\w*|месяц\w*|год\w*|лет|г|процент\w*|проц|шт|штук\w*"
    r"|человек\w*|чел|раз|раза|км|кг|м|метр\w*|километр\w*|тонн\w*|литр\w*|минут\w*|мин|час\w*"
    r"|секунд\w*|числ\w*|позици\w*|единиц\w*|экземпляр\w*|страниц\w*|клиент\w*|сотрудник\w*"
    r"|звонк\w*|шаг\w*|пункт\w*|балл\w*|просмотр\w*)"
)
# A number right after one of these is a document's number, never an amount («УПД 5521»).
_DOC_PREFIXES = (
    "договор", "счет", "сч", "фактур", "накладн", "заказ", "акт", "инн", "кпп", "огрн", "бик",
    "тел", "код", "артикул", "лицев", "платежк", "поручени", "заявк", "квартир", "дом", "офис",
    "номер", "ном", "n", "no", "id", "претензи", "исх", "вх", "рег", "протокол", "дело", "дела",
    "упд", "ттн", "тн", "спецификаци", "приложени", "реестр", "выписк", "позици",
)
# «п/п 5521», «р/с 4070…», «л/с», «к/с»: two letters around a slash.
_SLASH_DOCS = frozenset((("п", "п"), ("р", "с"), ("л", "с"), ("к", "с")))
# The same documents, but safe to look for a few words back (no short prefixes that start
# ordinary words, like «акт» → «актуально», «дом» → «домой»).
_DOC_SCAN_PREFIXES = (
    "договор", "счет", "фактур", "накладн", "заказ", "упд", "ттн", "инн", "кпп", "огрн", "бик",
    "артикул", "лицев", "платежк", "поручени", "заявк", "спецификаци", "приложени", "номер",
    "претензи", "протокол", "реестр",
)
_DOC_SCAN_WORDS = frozenset(("акт", "акта", "акту", "актом", "акте", "код", "кода", "коду", "сч", "тн"))
# Words that introduce an amount: a plain number after them is money («на сумму 5521»,
# «в размере 5521», «оплатим 5521», «вы должны 5521»). Verb stems only, not the nouns
# («оплата», «перевод», «погашение» are weak cues below).
_STRONG_CUES = (
    "сумм", "размер", "составля", "составил", "составит", "итого",
    "оплати", "оплачу", "оплатя", "заплати", "заплачу", "заплатя", "доплати", "доплачу",
    "выплати", "выплачу", "плати", "плачу", "перевест", "переведе", "переведу", "перевел",
    "перечисли", "перечислю", "перечислят", "погаси", "погашу", "погасят", "внест", "внесе",
    "внесл", "внесу", "верну", "верне", "отдат", "отдади", "отдам", "отдал", "скину", "скине",
    "должн", "должен",
)
# Words that make a number likely money, but not certainly («долг 5521» may be a document):
# after them only a round number counts («долг 450000»), or any number after «в»/«на»
# («долг в 5521»).
_MONEY_CUES = (
    "долг", "задолж", "оплат", "плат", "заплат", "перевед", "перевож", "перевод",
    "перечисл", "погас", "остат", "итог", "аванс", "предоплат", "недоплат", "выплат", "верн",
    "отдад", "отдам", "отда", "внес", "закро", "закрыть", "кин", "скин",
    "стоимост", "цен", "руб", "транш", "частями", "часть",
)


def _dec(s: str) -> Decimal:
    return Decimal(s.replace(",", "."))


_GROUPED_RE = LazyRe(r"(?P<int>\d{1,3}(?:[ \u2007\u200a.]\d{3})+)(?:[.,](?P<frac>\d{1,2}))?")
_ONE_DOT_RE = LazyRe(r"\d{1,3}\.\d{3}")


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
        ms = list(_TOK_RE.finditer(t))  # comprehensions below: half the cost of one appending loop
        self.kinds = kinds = [m.lastgroup for m in ms]
        self.texts = [m.group() for m in ms]
        self.starts = [m.start() for m in ms]
        self.ends = [m.end() for m in ms]
        self.n = len(kinds)
        self.blocked = [m.span() for m in _PHONE_RE.finditer(t)] if self._may_hold_phone() else []

    def _may_hold_phone(self) -> bool:
        """A phone number is a run of seven digits or more, or digit groups with only ( ) - + between them."""
        prev_n = False
        for k, x in zip(self.kinds, self.texts):
            if k == "n":
                if prev_n or len(x) >= 7:
                    return True
                prev_n = True
            elif k != "p" or x not in "()-+":
                prev_n = False
        return False

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
        value, used, biggest, tail, tail_mult = parse_cardinal_tail(words)
        if value is None:
            return None
        j = i + used
        bare_mult = used == 1 and CARDINALS[words[0]][0] == MULT  # «тысяча» alone
        if biggest == 1:
            mult = self.multiplier(j)
            if mult is not None and mult[0] > 1:
                return value * mult[0], mult[1], mult[0], False, mult[2]
        elif tail_mult >= 1_000_000 and tail == int(tail) and (value - tail) % tail_mult == 0:
            # «миллион двести»: the next multiplier down is left out. «миллион двести тыс.»
            # says it (abbreviated); with no unit after it the tail is thousands; right before
            # a currency unit the literal reading stands («миллион двести рублей» = 1 000 200).
            head = value - tail
            mult = self.multiplier(j)
            if mult is not None and 1 < mult[0] < tail_mult:
                return head + tail * mult[0], mult[1], mult[0], False, mult[2]
            if self.currency(j)[1] is None:
                # the smallest multiplier said (or implied) so far, for the chunks that follow
                return head + tail * (tail_mult // 1000), j, tail_mult // 1000, False, False
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
        if (
            i >= 3
            and self.texts[i - 2] == "/"
            and (self.word(i - 3), self.word(i - 1)) in _SLASH_DOCS
        ):
            return True  # «п/п 5521»
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

    def amount_cue(self, i: int) -> int:
        """How strongly the words before token i announce an amount: 2, 1 or 0.

        Looks back at most four words within the sentence. 2: a strong cue («на сумму»,
        «в размере», «оплатим», «должны»), a weak one with «в»/«на» right before the number
        («долг в 5521») or a document with «на» («счёт на 45000»); 1: a weak cue
        («долг 450000»); 0: none, or a document word between the cue and the number
        («долг по договору 450000», «оплатим по счёту от вторника 5521»).
        """
        seen = 0
        k = i - 1
        prep = self.word(i - 1)
        while k >= 0 and seen < 4:
            kind, tx = self.kinds[k], self.texts[k]
            if kind == "w":
                seen += 1
                if tx in _DOC_SCAN_WORDS or tx.startswith(_DOC_SCAN_PREFIXES):
                    # «счёт на 45000», «платёжку на 450000»: a document's amount
                    return 2 if prep == "на" and k == i - 2 else 0
                if tx.startswith(_STRONG_CUES):
                    return 2
                if tx.startswith(_MONEY_CUES):
                    return 2 if prep in ("в", "на") else 1
            elif kind == "p" and tx in ".!?":
                return 0
            elif kind == "p" and tx == "/" and k >= 1 and (self.word(k - 1), self.word(k + 1)) in _SLASH_DOCS:
                return 0
            k -= 1
        return 0

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
                elif (
                    cur is None
                    and self.kinds[j] == "w"
                    and last_mult >= 1_000_000
                    and v2 < 1000
                    and total > 0
                    and total % last_mult == 0
                    and not self.non_money_follows(j2)
                ):
                    # «2 млн двести», like «два миллиона двести»: the thousands word is left
                    # out. Digits are not read this way («2 млн 15 декабря»).
                    total += v2 * (last_mult // 1000)
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
                    if 1900 <= total <= 2100:
                        return None  # a year
                    if total >= 1_000_000_000:
                        return None  # ten plain digits and more: an ИНН, ОГРН, account number
                    cue = self.amount_cue(i)
                    if cue == 0 or (cue == 1 and total % 100):
                        return None  # «долг 5521» may be a document number; «долг 450000» is money
                # «450 000 12 34» looks like a phone, not an amount
                if j < self.n and self.kinds[j] == "n" and self.starts[j] - self.ends[j - 1] <= 1:
                    return None
        if total <= 0:
            return None
        start, end = self.starts[i], self.ends[end_idx - 1]
        if self.blocked and self.is_blocked(start, end):
            return None
        return end_idx, start, end, _clean(total)


def find_money(text: str, *, norm: str | None = None) -> list[MoneyMention]:
    """Rouble amounts in ``text``, sorted by start and non-overlapping.

    ``norm`` is ``normalize(text)`` when the caller already has it (see
    :func:`scoring.entities.find_dates`); it must be exactly that, else ValueError.
    """
    p = _Parser(normalized(text, norm))
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
