"""Group codes: short, said aloud in a classroom, typed on any keyboard layout.

The alphabet leaves out look-alikes (0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B). A code typed in Cyrillic is
understood too: letters that look the same (К7М2Н → K7M2H) or, failing that, the keys pressed with
the Russian layout on (л7ь2й → K7M2Q).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from scoring.errors import InputError

ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"
CODE_LENGTH = 5

_LOOKALIKE = str.maketrans("АВЕКМНОРСТУХ", "ABEKMHOPCTYX")
_LAYOUT = str.maketrans("ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ", "QWERTYUIOPASDFGHJKLZXCVBNM")


@dataclass(frozen=True, slots=True)
class Group:
    code: str
    title: str
    scenario: str
    seed: int
    mode: str  # "practice" | "exam"
    created: str
    scenario_digest: str | None = None

    @property
    def exam(self) -> bool:
        return self.mode == "exam"

    def to_dict(self) -> dict:
        return {"code": self.code, "title": self.title, "scenario": self.scenario,
                "scenario_digest": self.scenario_digest, "seed": self.seed, "mode": self.mode,
                "created": self.created}


def new_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def code_candidates(raw: str) -> list[str]:
    """What the user may have meant, most likely first (empty if it cannot be a code)."""
    s = "".join(ch for ch in str(raw or "") if not ch.isspace() and ch not in "-_").upper()
    out = []
    for cand in (s, s.translate(_LOOKALIKE), s.translate(_LAYOUT)):
        if cand and len(cand) <= 16 and all(ch.isascii() and ch.isalnum() for ch in cand) and cand not in out:
            out.append(cand)
    return out


def resolve_group(code: str, store) -> tuple[str, int, bool]:
    """``(scenario id, seed, exam)`` of a group for ``debitorka play --group CODE``; InputError if unknown."""
    g = store.get_group(code)
    if g is None:
        raise unknown_group(code)
    return g.scenario, g.seed, g.exam


def unknown_group(code: str) -> InputError:
    return InputError(f"группа «{code}» не найдена в базе результатов; проверьте код "
                      "(его показывает тренер: debitorka group list) и параметр --db")
