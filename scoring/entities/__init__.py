"""Entity extractors for Russian speech: dates (resolved against «today») and rouble amounts.

Both work on :func:`scoring.normalize.normalize` output with compiled regexes and hand-written
closed classes (no morphology engine), so they are cheap enough to run on every utterance.
"""

from .dates import DateMention, find_dates
from .money import MoneyMention, find_money
from .numerals import cardinal_value, ordinal_day, parse_cardinal

__all__ = [
    "DateMention",
    "MoneyMention",
    "find_dates",
    "find_money",
    "parse_cardinal",
    "cardinal_value",
    "ordinal_day",
]
