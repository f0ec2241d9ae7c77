"""Rules carry their own examples: passing and failing mini-transcripts, checked by lint and tests."""

from __future__ import annotations

from datetime import date

from .report import score_turns
from .rulebook import Rulebook
from .transcript import parse_transcript

EXAMPLE_TODAY = date(2026, 11, 23)


def check_rule_examples(rulebook: Rulebook, today: date = EXAMPLE_TODAY) -> list[str]:
    problems = []
    for rule in rulebook.rules:
        for expected, examples in ((True, rule.examples_pass), (False, rule.examples_fail)):
            for ex in examples:
                try:
                    turns = parse_transcript(ex, f"правило {rule.id}")
                except Exception as e:  # noqa: BLE001 - reported, not raised
                    problems.append(f"правило {rule.id}: пример не разбирается: {e}")
                    continue
                one = Rulebook(rulebook.markers, [rule], rulebook.source, rulebook.digest)
                got = score_turns(turns, one, today).results[0].passed
                if got != expected:
                    verdict = "проходит" if got else "не проходит"
                    first = ex.strip().splitlines()[0][:60]
                    problems.append(f"правило {rule.id}: пример {'pass' if expected else 'fail'} {verdict}: «{first}…»")
    return problems
