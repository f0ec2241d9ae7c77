"""Money amounts (in roubles) in Russian speech.

The normalised text (:func:`scoring.normalize.normalize`, length-preserving) is cut into tokens
with one regex (compiled on first use) — numbers with their thousand separators, words, single
punctuation marks — and a small hand-written parser walks the tokens. Only the stretches that
may hold an amount are tokenised (around each number or number word), and the commonest shape,
digits with a rouble unit, is read with one regex match instead (see :func:`find_money`):

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

import re
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from scoring.normalize import normalized

from .numerals import CARDINALS, MULT, MULTIPLIERS, LazyRe, parse_cardinal_tail

__all__ = ["MoneyMention", "find_money"]


class MoneyMention(NamedTuple):  # a tuple: cheap to make, immutable
    start: int
    end: int
    text: str
    amount: Decimal  # in roubles


class _LazyFindall(LazyRe):
    """:class:`LazyRe` with ``findall`` too."""

    def _compile(self):
        rx = super()._compile()
        self.findall = rx.findall
        return rx

    def findall(self, *args):
        return self._compile().findall(*args)


_GROUPS = r"(?:[ \u2007\u200a.]\d{3}(?!\d))+(?:[.,]\d{1,2}(?!\d))?"  # «450 000», «1.234.567,89»
_NUMBER = rf"\d{{1,3}}{_GROUPS}|\d+(?:[.,]\d+)?"
_NUMBER_REST = rf"\d{{0,2}}{_GROUPS}|\d*(?:[.,]\d+)?"  # the same, after its first digit
# A token: a word, a number or any other single non-space character, with the whitespace before
# it as group 1 (so that ``findall`` gives the offsets too, cheaper than match objects). Groups
# 2, 3 and 5 are the word, number and other character, only one of them non-empty; group 4 never
# matches here (it is ``_WINDOW_TOK_RE``'s barrier, so that both feed :meth:`_Parser._append`).
# (Words first: a word and a number cannot both match at one place, and words are the commoner.)
_TOK_RE = _LazyFindall(rf"(\s*)(?:([а-яa-z]+)|({_NUMBER})|((?!))|(\S))")
# A phone number: «+7 (912) 345-67-89», «8 800 555 35 35», «123-45-67», that is
#     (?:\+7|(?<![\w.,])8)REST | (?<![\w.,])\d{3}-\d{2}-\d{2}(?!\d)
# written with one character class first (and lookbehinds on that character), so that the
# engine skips to the next «+» or digit in C instead of trying every position.
_PHONE_REST = r"[\s(\-]*\d{3}[\s)\-]*\d{3}[\s\-]*\d{2}[\s\-]*\d{2}(?!\d)"
_PHONE_RE = LazyRe(
    rf"[+\d](?:(?<=\+)7{_PHONE_REST}|(?<=8)(?<![\w.,]8){_PHONE_REST}"
    r"|(?<=\d)(?<![\w.,]\d)\d{2}-\d{2}-\d{2}(?!\d))"
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


_ZERO = Decimal(0)
_CENT = Decimal("0.01")


def _dec(s: str) -> Decimal:
    return Decimal(s.replace(",", "."))


_GROUPED_RE = LazyRe(r"(?P<int>\d{1,3}(?:[ \u2007\u200a.]\d{3})+)(?:[.,](?P<frac>\d{1,2}))?")
_ONE_DOT_RE = LazyRe(r"\d{1,3}\.\d{3}")


@lru_cache(maxsize=1024)  # a call says the same few numbers over and over
def _digits_value(raw: str, before_mult: bool) -> tuple[int | Decimal, bool]:
    """Value of a number token and whether it was written with thousand separators.

    A whole number of at most 15 digits comes as an int: Decimal arithmetic costs several times
    int arithmetic, and below 10**15, times a multiplier (10**9 at most) and summed over a few
    chunks, values stay far below 10**28, where the default decimal context (28 digits) would
    start rounding, so both give the same numbers; the amount becomes a Decimal at the end, in
    :func:`_clean`. Fractions and longer numbers stay Decimal and are rounded as before."""
    m = _GROUPED_RE.fullmatch(raw)
    if m is None:
        if "." not in raw and "," not in raw and len(raw) < 16:
            return int(raw), False  # (int() reads the same Unicode digits as Decimal())
        return _dec(raw), False
    if before_mult and _ONE_DOT_RE.fullmatch(raw):
        return _dec(raw), False  # «2.500 млн» is 2.5 million
    ints = _NON_DIGIT_RE.sub("", m.group("int"))
    frac = m.group("frac")
    if frac:
        return Decimal(ints + "." + frac), True
    return (int(ints) if len(ints) < 16 else Decimal(ints)), True


def _clean(amount: int | Decimal) -> Decimal:
    if type(amount) is int:
        return Decimal(amount)
    whole = int(amount)
    if whole == amount:
        return Decimal(whole)
    return amount.quantize(_CENT)


@lru_cache(maxsize=1024)
def _cardinal(words: tuple[str, ...]) -> tuple[int | Decimal | None, int, int, int | Decimal, int]:
    """:func:`parse_cardinal_tail`, cached (a call repeats its number words too), with whole
    values as ints like :func:`_digits_value` (number words say less than 10**12)."""
    value, used, biggest, tail, tail_mult = parse_cardinal_tail(words)  # (a tuple will do)
    if value is not None and value == value.to_integral_value():
        value = int(value)
        if tail == tail.to_integral_value():  # (always, as the value is whole, but say it)
            tail = int(tail)
    return value, used, biggest, tail, tail_mult


class _NeedContext(Exception):
    """The parse needs the words before its window (rare: a bare number of 1000 or more)."""


_new = tuple.__new__  # tuple.__new__(MoneyMention, …) costs half of MoneyMention(…)

# A character right before a number that glues it to something: «15.12», «+5», «№5», «A5».
_GLUED_BEFORE = ".,:/+-№#_"
# The last characters of what _NUMBER_SIGN_BEFORE_RE looks for (№, #, n, no, номер, номеру,
# номером, ном): with any other right before the whitespace ahead of a number, there is no sign.
_SIGN_LAST = "№#noрум"
# Words that may begin a multiplier after digits (see :meth:`_Parser.multiplier`).
_MULT_WORDS = frozenset(MULTIPLIERS) | _THOUSAND_ROUBLES | {"к", "k", "т"}


def _number_excluded(t: str, s: int, e: int, signs: bool = True) -> bool:
    """The number token t[s:e] can start no amount: glued to something that makes it a date,
    time, code or signed count, or (with ``signs``) after «№», «#» or n/no/номер/номеру/номером/ном
    (read off the reversed text: no tokens needed)."""
    c = t[s - 1] if s else ""
    # (letters: «A123», «№123» after normalisation quirks)
    if c != " " and c and (c in _GLUED_BEFORE or c.isalpha()):
        return True
    if e < len(t):
        a = t[e]
        if a in ":/%":
            return True
        if a in ".,-":  # «15.12», «2,5», «5-го»; not at a sentence's end («оплатим 450000.»)
            nxt = t[e + 1 : e + 2]
            if nxt.isdigit() or nxt.isalpha():
                return True
    # A sign must be followed by whitespace (glued to the digits it is a glued character, ruled
    # out above). The regex runs only when the character before that whitespace may end a sign:
    # for most numbers it is the last letter of an ordinary word.
    return (
        signs
        and s > 1
        and c.isspace()  # (str.isspace and the regex \s agree on every character)
        and ((b := t[s - 2]) in _SIGN_LAST or b.isspace())
        and _NUMBER_SIGN_BEFORE_RE.match(t[s - 1 :: -1]) is not None
    )


class _Parser:
    """The parser for one text, over the tokens of one window of it at a time (see
    :func:`find_money` for how windows are cut)."""

    __slots__ = ("t", "cands", "lo", "kinds", "texts", "starts", "ends", "n", "blocked", "_rt")

    def __init__(self, t: str, cands: list[re.Match[str]]) -> None:
        self.t = t
        self.cands = cands  # _CANDIDATE_RE's matches: every number token in t, most cardinals
        self.blocked: list[tuple[int, int]] | None = None  # phone spans, found on first need
        self._rt: str | None = None  # t reversed, for :meth:`back4`; made on first need (rare)

    def load(self, pos: int, endpos: int) -> None:
        """Tokenise t[pos:endpos]; pos and endpos must fall on token boundaries of the whole text.

        Kinds: "w" word, "n" number, "p" any other character."""
        self.lo = pos
        self.kinds, self.texts, self.starts, self.ends = [], [], [], []
        self._append(_TOK_RE.findall(self.t, pos, endpos), pos)

    def load_window(self, kind: str, c: int, e: int) -> int:
        """:meth:`load` from the token t[c:e] of ``kind`` (found by the candidate scan) to the next
        barrier; returns where the window ends. One regex call finds both (``_WINDOW_TOK_RE``)."""
        t = self.t
        self.lo = c
        self.kinds, self.texts, self.starts, self.ends = [kind], [t[c:e]], [c], [e]
        end = self._append(_WINDOW_TOK_RE.findall(t, e), e)
        return len(t) if end is None else end

    def _append(self, found: list[tuple[str, str, str, str, str]], pos: int) -> int | None:
        """Add the tokens ``findall`` found from pos on; returns where a barrier token starts
        (it ends the list), else None."""
        kinds, texts, starts, ends = self.kinds, self.texts, self.starts, self.ends
        for gap, w, num, bar, other in found:
            pos += len(gap)
            if w:
                kinds.append("w")
                tx = w
            elif num:
                kinds.append("n")
                tx = num
            elif other:
                kinds.append("p")
                tx = other
            else:  # the barrier (the last match: it took the rest of the text)
                self.n = len(kinds)
                return pos
            texts.append(tx)
            starts.append(pos)
            pos += len(tx)
            ends.append(pos)
        self.n = len(kinds)
        return None

    def back4(self, pos: int) -> int:
        """Start of the fourth word token before offset pos (a token boundary), else 0."""
        rt = self._rt
        if rt is None:
            rt = self._rt = self.t[::-1]
        m = _BACK4_RE.match(rt, len(rt) - pos)
        return 0 if m is None else len(rt) - m.end()

    def has_context(self, i: int) -> bool:
        """The window holds what :meth:`after_document_word` and :meth:`amount_cue` read before
        token i: the text from its start, or four words (they look no further back)."""
        return self.lo == 0 or self.kinds[:i].count("w") >= 4

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
        if i >= self.n or self.kinds[i] != "w":
            return None
        w = self.texts[i]
        if w in MULTIPLIERS:
            j = i + 1
            if w in _ABBR_DOT and self.glued_dot(j):
                j += 1
            return MULTIPLIERS[w], j, False
        if w in _THOUSAND_ROUBLES:
            j = i + 2 if self.glued_dot(i + 1) else i + 1
            return 1000, j, True
        if w in ("к", "k") and self.starts[i] == self.ends[i - 1]:  # glued: «5к»
            return 1000, i + 1, False
        if w == "т":  # «450т.р.», «450 т.р.»
            j = i + 2 if self.glued_dot(i + 1) else i + 1
            nxt = self.word(j)
            if nxt is not None and nxt in _CURRENCY:
                return 1000, j, False
        return None

    def quantity(self, i: int) -> tuple[int | Decimal, int, int, bool, bool] | None:
        """Number (digits or words) at i with an optional multiplier.

        Returns (value, next index, multiplier used, grouped digits, implies roubles).
        The multiplier is 1 without one, 0 for a bare multiplier word («тысяча»).
        The value is an int or a Decimal (see :func:`_digits_value`).
        """
        kinds, texts = self.kinds, self.texts
        kind = kinds[i]
        if kind == "n":
            j = i + 1
            # (most numbers have none: a set lookup before the call)
            mult = self.multiplier(j) if j < self.n and texts[j] in _MULT_WORDS else None
            value, grouped = _digits_value(texts[i], mult is not None)
            if mult is None:
                return value, j, 1, grouped, False
            m = mult[0]
            return value * m, mult[1], m, grouped, mult[2]
        if kind != "w" or texts[i] not in CARDINALS:
            return None
        n = self.n
        k = i
        while k < n and kinds[k] == "w":
            k += 1
            if k - i > 12:
                break
        words = tuple(texts[i:k])
        value, used, biggest, tail, tail_mult = _cardinal(words)
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
        if kind == "w":
            if tx in _CURRENCY:
                k = j + 1
                if tx in _ABBR_DOT and self.glued_dot(k):
                    k += 1
                return k, "rub"
            if tx in _FOREIGN:
                return j + 1, "foreign"
        elif kind == "p":
            if tx == "₽":
                return j + 1, "rub"
            if tx in _FOREIGN_SYM:
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
        return _ZERO, j

    # -- context checks --
    def digits_glued_badly(self, i: int) -> bool:
        """The number token i is glued to something that makes it a date, time, code or signed
        count (see :func:`_number_excluded`)."""
        return _number_excluded(self.t, self.starts[i], self.ends[i], False)

    def number_excluded(self, s: int, e: int) -> bool:
        """:func:`_number_excluded` in this text."""
        return _number_excluded(self.t, s, e)

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

    def parse_simple(self, c: int, e: int, joined: bool, text: str, out: list[MoneyMention]) -> int | None:
        """The commonest amount, at the number t[c:e] (not :meth:`number_excluded`): digits, maybe
        a multiplier word, a rouble unit and no number after it (``_SIMPLE_TAIL_RE``), read
        without tokenising a window. Adds it to ``out`` and returns its end; None (nothing added)
        when the text there is not that shape or the amount is zero or in a phone number, for
        :meth:`parse_window` to decide. ``joined``: the number before it is joined to it
        (group «joined» of ``_CANDIDATE_RE``).

        It is what :meth:`parse_window` would find first there. The caller goes on from its end:
        every later number or cardinal word gets a window of its own, which comes to the same
        as reading on in this one (windows are slices of the whole text's tokens)."""
        t = self.t
        m = _SIMPLE_TAIL_RE.match(t, e)
        if m is None:
            return None
        mult = m.group(1)
        if mult is None:
            total = _digits_value(t[c:e], False)[0]
        else:
            total = _digits_value(t[c:e], True)[0] * _SIMPLE_MULT[mult]
        if type(total) is not int:
            total += _ZERO  # (as in :meth:`parse_at`: rounds a Decimal of more than 28 digits)
        if total <= 0:
            return None
        end = m.end()
        # A phone number overlapping the amount would hold some of its digits (what follows them
        # cannot belong to one), so it lies within them or runs on from the number before: only
        # then can it be there (the same count as :meth:`phones`).
        if joined or e - c - t.count(" ", c, e) >= 7:
            if self.in_phone(c, end):
                return None
        out.append(_new(MoneyMention, (c, end, text[c:end], _clean(total))))
        return end

    def parse_window(self, kind: str, c: int, e: int, text: str, out: list[MoneyMention]) -> int:
        """Parse the window from the token t[c:e] (a number or a cardinal word: ``kind``) to the
        next barrier, adding the amounts found to ``out``; returns the window's end.

        A number at c has passed :meth:`number_excluded` already."""
        t = self.t
        end = self.load_window(kind, c, e)
        kinds, texts, starts, ends, n = self.kinds, self.texts, self.starts, self.ends, self.n
        i = 0
        while i < n:
            k = kinds[i]
            if (
                (k == "n" and (i == 0 or not _number_excluded(t, starts[i], ends[i])))  # (0: checked)
                or (k == "w" and texts[i] in CARDINALS)
            ):
                try:
                    r = self.parse_at(i)
                except _NeedContext:  # tokenise back from four words before it, and again
                    s = starts[i]
                    self.load(self.back4(s), end)
                    kinds, texts, starts, ends, n = self.kinds, self.texts, self.starts, self.ends, self.n
                    i = starts.index(s)
                    r = self.parse_at(i)
                if r is not None:
                    j, s, e, amount = r
                    out.append(_new(MoneyMention, (s, e, text[s:e], amount)))
                    i = j
                    continue
            i += 1
        return end

    def phones(self) -> list[tuple[int, int]]:
        """Spans of the phone numbers in t.

        A phone number has seven digits or more, in one number token or spread over several
        with only whitespace and ( ) - + between them; most texts have neither and need no
        search.
        """
        t = self.t
        for m in self.cands:
            kind = m.lastgroup
            if kind == "joined":
                break
            if kind is None:
                s, e = m.span()
                # (other separators counted as digits: fine; most numbers are too short to count)
                if e - s >= 7 and e - s - t.count(" ", s, e) >= 7:
                    break
        else:
            return []
        return [m.span() for m in _PHONE_RE.finditer(t)]

    def in_phone(self, s: int, e: int) -> bool:
        """t[s:e] overlaps a phone number (:meth:`phones`, searched on first need)."""
        blocked = self.blocked
        if blocked is None:
            blocked = self.blocked = self.phones()
        return bool(blocked) and any(s < be and bs < e for bs, be in blocked)  # (most texts: none)

    # -- the amount grammar --
    def parse_at(self, i: int) -> tuple[int, int, int, Decimal] | None:
        """Try an amount starting at token i → (next index, start, end, amount) or None.

        The caller has ruled out a number token at i that :meth:`number_excluded`. Raises
        _NeedContext when the window does not reach far enough back (see :meth:`has_context`).
        The sum is an int while every part is one (see :func:`_digits_value`), else a Decimal.
        """
        kinds, texts, n = self.kinds, self.texts, self.n
        first_kind = kinds[i]
        j = i + 1
        if first_kind == "n" and (j == n or texts[j] not in _MULT_WORDS):
            # The commonest start, digits with no multiplier: :meth:`quantity` without the call.
            total, grouped = _digits_value(texts[i], False)
            mult, roubles = 1, False
        else:
            q = self.quantity(i)
            if q is None:
                return None
            total, j, mult, grouped, roubles = q
        last_mult = mult if mult > 1 else 1
        # further chunks with smaller multipliers: «3 млн 200 тыс.», «2 миллиона триста тысяч»
        while last_mult > 1 and j < n and not roubles:
            if kinds[j] == "n" and self.digits_glued_badly(j):
                break
            q2 = self.quantity(j)
            if q2 is None:
                break
            v2, j2, m2, _, r2 = q2
            if 1 < m2 < last_mult:
                total += v2
                j, last_mult, roubles = j2, m2, r2
                continue
            if m2 == 1 and v2 < last_mult and (type(v2) is int or v2 == v2.to_integral_value()):
                k, cur = self.currency(j2)
                if cur == "rub":
                    total += v2
                    j = j2
                elif (
                    cur is None
                    and kinds[j] == "w"
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
        if cur == "rub":
            if k + 1 < n and kinds[k] == "n":  # «NN коп.» may follow
                kop, k = self.kopecks(k)
                total += kop
            elif type(total) is not int:
                # Adding zero kopecks still rounds a Decimal of more than 28 digits: keep that.
                total += _ZERO
            end_idx = k
        elif cur == "foreign":
            return None
        else:
            end_idx = j
            if self.non_money_follows(j):
                return None
            if mult == 0:  # «тысяча» alone
                return None
            if mult == 1:
                if first_kind != "n" or total < 1000:
                    return None
                if not self.has_context(i):
                    raise _NeedContext
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
                if j < n and kinds[j] == "n" and self.starts[j] - self.ends[j - 1] <= 1:
                    return None
        if total <= 0:
            return None
        start, end = self.starts[i], self.ends[end_idx - 1]
        if self.in_phone(start, end):
            return None
        return end_idx, start, end, _clean(total)


def _trie(words) -> str:
    """A regex alternative matching exactly ``words``, as a trie: at each branch the engine
    rejects a wrong alternative on its first letter, where a flat «a|b|c…» of ~200 words would
    try them all."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:  # a word may also end here: the rest is optional
            body = (body if len(body) == 1 else "(?:" + body + ")") + "?"
        return body

    return emit(root)


_CARDINAL_RE = _trie(CARDINALS) + r"(?![а-яa-z])"
# Where an amount may start, in one scan of the text: a whole number token (scanning from a
# token boundary, the first digit met starts one), or a cardinal word after a non-letter (so a
# whole word token; group «w»). One character class first, so the engine skips letters in C.
# The scan steps over a word glued right after a number («5тысяч») and over one opening the
# text: ``_CARDINAL_AT_RE`` catches those. Group «joined» (empty) marks a number followed by
# the next one with only whitespace and ( ) - + between, for :meth:`_Parser.phones`.
_CANDIDATE_RE = LazyRe(
    rf"[^а-яa-z](?:(?<=\d)(?:{_NUMBER_REST})(?:(?=[\s()\-+]*\d)(?P<joined>))?|(?P<w>{_CARDINAL_RE}))"
)
# _CANDIDATE_RE for a text without number words: numbers only, a digit first, so the engine skips
# to the next digit in C. The words' branch costs more than its own run time: its trie is tried at
# every non-letter, and its compiled code crowds the CPU caches the rest of the scoring needs.
_NUMBER_CANDIDATE_RE = LazyRe(rf"\d(?:{_NUMBER_REST})(?:(?=[\s()\-+]*\d)(?P<joined>))?")
_CARDINAL_AT_RE = LazyRe(_CARDINAL_RE)
_CARDINAL_FIRST = frozenset(w[0] for w in CARDINALS)  # (a text starting otherwise needs no regex call)
# A barrier: a single-character token that the grammar neither steps over (as it does «.» after
# an abbreviation, «₽» and foreign currency signs) nor reads as anything but "not a word, not
# a number" (as it reads «%»). A parse never reaches past one, and seeing one is the same to
# it as the text ending there. A comma is one unless a digit follows («2,5» is a number token).
# No token runs over a barrier (none holds such a character), so the tokens before one are the
# same whether the text ends there or goes on.
_BARRIER = r"[^а-яa-z\s\d.₽$€¥£%](?!(?<=,)\d)"
# _TOK_RE with a barrier as a token of its own (group 4) that takes the rest of the text along,
# so that ``findall`` stops there: the tokens of a window and its end in one call.
_WINDOW_TOK_RE = _LazyFindall(rf"(\s*)(?:([а-яa-z]+)|({_NUMBER})|({_BARRIER})(?s:.*)|(\S))")
# Back over four word tokens in the reversed text (possessive, so no word is split in two).
_BACK4_RE = LazyRe(r"(?:[^а-яa-z]*+[а-яa-z]++){4}")
# In the reversed text: the token just before a number is «№», «#» or a word spelt
# n, no, номер, номеру, номером, ном (a whole word: no letter after it in reverse).
_NUMBER_SIGN_BEFORE_RE = LazyRe(r"\s*+(?:[№#]|(?:n|on|ремон|уремон|моремон|мон)(?![а-яa-z]))")


# After a number, the rest of the commonest amount («450 000 рублей», «450 тыс. руб.», «75 000 ₽»,
# «2,5 млн рублей»), for :meth:`_Parser.parse_simple`: maybe a multiplier word, then a rouble
# unit, an abbreviation with the glued dot that :meth:`_Parser.multiplier` and
# :meth:`_Parser.currency` take along; no number token next (it might be kopecks). Group 1 is the
# multiplier (with its dot), a key of ``_SIMPLE_MULT``. «к», «т.р.», «тр» and the like are left to
# the full parser. Whole words only, and possessive: no dot or space is given back to let the
# number check pass.
_MULT_DOT = frozenset(MULTIPLIERS) & _ABBR_DOT
_CUR_DOT = _CURRENCY & _ABBR_DOT
_WORD_END = r"(?![а-яa-z])"
_SIMPLE_TAIL_RE = LazyRe(
    rf"(?:\s*+((?:{_trie(_MULT_DOT)}){_WORD_END}\.?+"
    rf"|(?:{_trie(frozenset(MULTIPLIERS) - _ABBR_DOT)}){_WORD_END}))?"
    rf"\s*+(?:(?:{_trie(_CUR_DOT)}){_WORD_END}\.?+|(?:{_trie(_CURRENCY - _ABBR_DOT)}){_WORD_END}|₽)(?!\s*\d)"
)
_SIMPLE_MULT = {**MULTIPLIERS, **{w + ".": MULTIPLIERS[w] for w in _MULT_DOT}}


_LETTERS_RE = _LazyFindall(r"[а-яa-z]+")
# Whitespace-separated chunks known to hold no number word, and known to hold one. Entries are only
# ever added, up to a bound; past it, a text with an unseen chunk takes the full scan.
_NO_NUMBER_WORD: set[str] = set()
_NUMBER_WORD: set[str] = set()
_NO_NUMBER_WORD_MAX = 50_000


def _no_number_word(chunks: list[str]) -> bool:
    """No chunk holds a number word. Exact: each word token of the parser, a maximal run of
    [а-яa-z], is a maximal run within one whitespace chunk. Speech repeats its words, so once warm
    this is one set look-up per chunk, in C, on strings the date extractor has hashed already."""
    if _NO_NUMBER_WORD.issuperset(chunks):
        return True
    if not _NUMBER_WORD.isdisjoint(chunks):
        return False
    if len(_NO_NUMBER_WORD) + len(_NUMBER_WORD) >= _NO_NUMBER_WORD_MAX:
        return False
    none = True
    for c in chunks:
        if c not in _NO_NUMBER_WORD:
            if CARDINALS.keys().isdisjoint(_LETTERS_RE.findall(c)):
                _NO_NUMBER_WORD.add(c)
            else:
                _NUMBER_WORD.add(c)
                none = False
    return none


_NEXT_WORD_RE = LazyRe(r"\s+([а-яa-z]+)")  # (a word glued to the number is no candidate of its own)


def _small_before_word(t: str, c: int, e: int) -> bool:
    """The number t[c:e] (not :func:`_number_excluded`) is below 1000, in plain digits, and followed,
    after whitespace, by a word that is no multiplier and no currency: «15 декабря», «20 дней». No
    amount starts at it — :meth:`_Parser.parse_at` rejects a bare number under 1000 — so it needs no
    window: every number or number word after it gets its own (as after :meth:`_Parser.parse_simple`).
    A word glued to the number («261полмиллиона») is no candidate of its own: that one takes the window."""
    if e - c > 3 or not t[c:e].isdigit() or not t[c:e].isascii():
        return False
    m = _NEXT_WORD_RE.match(t, e)
    return m is not None and (w := m.group(1)) not in _MULT_WORDS and w not in _CURRENCY and w not in _FOREIGN


def find_money(text: str, *, norm: str | None = None, chunks: list[str] | None = None) -> list[MoneyMention]:
    """Rouble amounts in ``text``, sorted by start and non-overlapping.

    ``norm`` is ``normalize(text)`` when the caller already has it (see
    :func:`scoring.entities.find_dates`); it must be exactly that, else ValueError. ``chunks``
    is ``norm.split()``, when the caller has it: a text with no number word in any chunk then
    takes a cheaper scan (``_NUMBER_CANDIDATE_RE``).

    Most of an utterance cannot hold an amount, so only windows of it are tokenised: from a
    number or cardinal word up to the next barrier (see ``_BARRIER``). A number ruled out by
    the characters around it («17:00», «№ 4512») needs no window at all, one followed by a
    multiplier and a rouble unit alone («450 000 рублей», «2,5 млн руб.») none either
    (:meth:`_Parser.parse_simple`), and the rare parse that reads the words before a number
    gets its window widened back. Each window is exactly a slice of what tokenising the whole
    text would give, so amounts come out the same.
    """
    t = normalized(text, norm)
    if chunks is not None and _no_number_word(chunks):
        cands = list(_NUMBER_CANDIDATE_RE.finditer(t))
        m = None
    else:
        cands = list(_CANDIDATE_RE.finditer(t))
        m = _CARDINAL_AT_RE.match(t) if t[:1] in _CARDINAL_FIRST else None
    p = _Parser(t, cands)
    out: list[MoneyMention] = []
    done = p.parse_window("w", 0, m.end(), text, out) if m else 0
    kind = None
    for m in cands:
        joined = kind == "joined"  # (the number before this one runs on into it)
        kind = m.lastgroup
        if kind != "w":  # a number
            c, e = m.span()
            if c < done:
                continue  # parsed with the window before
            if not _number_excluded(t, c, e):
                done = p.parse_simple(c, e, joined, text, out) or (
                    e if _small_before_word(t, c, e) else p.parse_window("n", c, e, text, out))
            elif t[e : e + 1].isalpha() and (w := _CARDINAL_AT_RE.match(t, e)):
                done = p.parse_window("w", e, w.end(), text, out)  # «№5тысяч»: the word the scan stepped over
        else:
            c = m.start("w")
            if c >= done:
                done = p.parse_window("w", c, m.end(), text, out)
    return out
