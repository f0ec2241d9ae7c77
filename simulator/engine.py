"""The dialogue engine: a persona that reacts to how things are said. Pure Python, deterministic per seed."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date

from scoring.analysis import Analysis, analyze
from scoring.report import Commitment, Report, find_commitment, score_turns
from scoring.transcript import Turn

from .conditions import Node as Condition, evaluate, parse_condition
from .scenario import MAX_NEXT_CHAIN, Scenario
from .schema import Ending, Line, Transition, Variant

#: Trainee lines longer than this are cut (with a notice); a phone call has no essays.
MAX_INPUT = 1000
_TEMPLATE = re.compile(r"\{(\w+)\}")


@dataclass
class Reply:
    """What happened on one trainee turn."""

    lines: list[tuple[str, str, str]]  # (speaker id, speaker name, text) — usually one
    analysis: Analysis | None
    node: str
    state_before: dict[str, float | bool]
    state: dict[str, float | bool]
    ending: Ending | None = None
    notice: str | None = None
    transition: str | None = None  # "interrupt", "node", "default", "fallback", "finish"

    @property
    def text(self) -> str:
        return " ".join(t for _, _, t in self.lines)

    @property
    def speaker(self) -> str:
        return self.lines[-1][1] if self.lines else ""

    @property
    def markers(self) -> list[str]:
        return self.analysis.markers if self.analysis else []

    @property
    def changes(self) -> dict[str, float | bool]:
        return {k: v for k, v in self.state.items() if self.state_before.get(k) != v}


@dataclass
class Outcome:
    ending: Ending
    criteria: dict[str, bool | None]
    trust: float
    trust_history: list[float]
    hidden: list[str]

    def to_dict(self) -> dict:
        e = self.ending
        return {"ending": {"id": e.id, "kind": e.kind, "title": e.title, "debrief": e.debrief},
                "criteria": self.criteria, "trust": self.trust, "trust_history": self.trust_history,
                "hidden": self.hidden}


@dataclass
class Session:
    scenario: Scenario
    seed: int = 1
    turns: list[Turn] = field(default_factory=list)
    analyses: list[Analysis] = field(default_factory=list)
    nodes: list[str | None] = field(default_factory=list)  # node after each turn (None for trainee turns)

    def __post_init__(self):
        spec = self.scenario.spec
        self.rng = random.Random(self.seed)
        self.state: dict[str, float | bool] = {k: v.start for k, v in spec.state.vars.items()}
        self.state.update({f: False for f in spec.state.flags})
        self.node = spec.start
        self.visited = {spec.start}
        self.ending: Ending | None = None
        self.trainee_turns = 0
        self.trust_history: list[float] = [float(self.state["trust"])]
        self._last_line: dict[str, str] = {}
        self._opened = False
        #: The date (and amount) the trainee's last turns commit to, as scoring.report.find_commitment
        #: finds it. It depends on trainee turns only, so it is found once per trainee turn (in
        #: :meth:`say`) and read by conditions, templates and criteria.
        self.commitment: Commitment | None = find_commitment(self.turns, self.analyses) if self.turns else None

    # -- public API ---------------------------------------------------------------------------
    @property
    def today(self) -> date:
        return self.scenario.spec.today

    @property
    def turns_left(self) -> int:
        return max(0, self.scenario.spec.turn_limit - self.trainee_turns)

    @property
    def finished(self) -> bool:
        return self.ending is not None

    def speaker_name(self, speaker_id: str | None = None) -> str:
        spec = self.scenario.spec
        sid = speaker_id or self._speaker_of(self.node)
        return spec.speakers[sid].name

    def opening(self) -> Reply:
        """The persona picks up the phone."""
        if self._opened:
            raise RuntimeError("opening() already called")
        self._opened = True
        before = dict(self.state)
        lines = self._enter(self.node, None)
        return Reply(lines, None, self.node, before, dict(self.state))

    def say(self, text: str) -> Reply:
        if not self._opened:
            self.opening()
        before = dict(self.state)
        if self.ending is not None:
            return Reply([], None, self.node, before, before, self.ending, "Звонок уже завершён.")
        text = " ".join((text or "").split())
        if not text:
            return Reply([], None, self.node, before, before, None, "Пустая реплика — скажите что-нибудь.")
        notice = None
        if len(text) > MAX_INPUT:
            text = text[:MAX_INPUT]
            notice = f"Реплика обрезана до {MAX_INPUT} символов."
        analysis = analyze(text, self.scenario.rulebook.markers, self.today)
        self.turns.append(Turn("trainee", text, "Менеджер"))
        self.analyses.append(analysis)
        self.nodes.append(None)
        self.trainee_turns += 1
        self.commitment = find_commitment(self.turns, self.analyses)
        spec = self.scenario.spec

        for r in spec.reactions:
            if self._matches(r, analysis):
                self._apply(r)

        lines, how = None, None
        chosen = None
        for how_, group in (("interrupt", spec.interrupts), ("node", spec.nodes[self.node].transitions),
                            ("default", spec.defaults)):
            chosen = next((t for t in group if self._matches(t, analysis)), None)
            if chosen is not None:
                how = how_
                break
        if analysis.has("goodbye") and (chosen is None or chosen.end is None):
            # A goodbye ends the call: the transition still counts (its effects, its node), then `finish` decides.
            if chosen is not None:
                self._apply(chosen)
                if chosen.goto is not None:
                    self._move(chosen.goto)
            lines, how = self._finish(), "finish"
        elif chosen is not None:
            self._apply(chosen)
            lines = self._take(chosen)
        else:
            how = "fallback"
            pool = self._fallback_pool()
            lines = [self._line(self._speaker_of(self.node), pool)]
        if self.ending is None and self.trainee_turns >= spec.turn_limit:
            lines = lines + self._finish()
            how = how + "+limit"
        self.trust_history.append(float(self.state["trust"]))
        for sid, name, line in lines:
            self.turns.append(Turn("counterpart", line, name))
            self.analyses.append(analyze(line, self.scenario.rulebook.markers, self.today))
            self.nodes.append(self.node)
        return Reply(lines, analysis, self.node, before, dict(self.state), self.ending, notice, how)

    def hang_up(self) -> Reply:
        """The trainee ends the call (a key or button in the app)."""
        before = dict(self.state)
        if self.ending is None:
            lines = self._finish()
            for sid, name, line in lines:
                self.turns.append(Turn("counterpart", line, name))
                self.analyses.append(analyze(line, self.scenario.rulebook.markers, self.today))
                self.nodes.append(self.node)
            return Reply(lines, None, self.node, before, dict(self.state), self.ending, None, "finish")
        return Reply([], None, self.node, before, before, self.ending)

    def report(self) -> Report:
        return score_turns(self.turns, self.scenario.rulebook, self.today, list(self.analyses))

    def outcome(self) -> Outcome | None:
        if self.ending is None:
            return None
        return Outcome(self.ending, self.criteria(), float(self.state["trust"]), list(self.trust_history),
                       list(self.scenario.spec.hidden))

    def criteria(self) -> dict[str, bool | None]:
        """The scenario's success criteria checked against the commitment the call closed on."""
        s = self.scenario.spec.success
        c = self.commitment
        out: dict[str, bool | None] = {"commitment": c is not None}
        if s.within_days is not None:
            out["within_days"] = c is not None and (c.date - self.today).days <= s.within_days
        if s.min_amount_percent is not None:
            debt = self.scenario.spec.briefing.debt.amount
            out["amount"] = c is not None and c.amount is not None and float(c.amount) >= debt * s.min_amount_percent / 100
        if s.min_trust is not None:
            out["trust"] = float(self.state["trust"]) >= s.min_trust
        out["met"] = all(v for k, v in out.items())
        return out

    def check(self, condition: str | Condition) -> bool:
        """Whether a condition in the scenario's ``if:`` language holds now, judged on the trainee's last turn.

        The same names (state, ``turn``, ``committed``, ``date_days`` …) and functions (``has``, ``said``,
        ``days_to`` …) as the engine's own ``if:`` checks, so scenario tests (``expect: {2: {state: …}}``
        in :mod:`simulator.playtest`) and other tools ask the session instead of reaching into its
        internals. A string is one of the scenario's conditions (already parsed) or is parsed here
        (:class:`simulator.conditions.ConditionError` if it does not parse).
        """
        node = condition
        if isinstance(condition, str):
            node = self.scenario.conditions.get(condition) or parse_condition(condition)
        analysis = self._last_trainee_analysis()
        return bool(evaluate(node, self._names(analysis), self._calls(analysis)))

    # -- internals ----------------------------------------------------------------------------
    def _last_trainee_analysis(self) -> Analysis | None:
        return next((a for t, a in zip(reversed(self.turns), reversed(self.analyses)) if t.is_trainee), None)

    def _speaker_of(self, node: str) -> str:
        sp = self.scenario.spec.nodes[node].speaker
        return sp or next(iter(self.scenario.spec.speakers))

    def _names(self, analysis: Analysis | None) -> dict:
        spec = self.scenario.spec
        names = dict(self.state)
        c = self.commitment
        dates = analysis.concrete_dates if analysis else []
        names.update(
            turn=self.trainee_turns, turns_left=self.turns_left,
            amount=float(analysis.money[-1].amount) if analysis and analysis.money else None,
            debt=spec.briefing.debt.amount, committed=c is not None,
            commitment_amount=float(c.amount) if c and c.amount is not None else None,
            date_days=(dates[-1].value - self.today).days if dates else None,  # the last date said wins
        )
        return names

    def _calls(self, analysis: Analysis | None) -> dict:
        trainee = [a for t, a in zip(self.turns, self.analyses) if t.is_trainee]

        def days_to(what: str):
            if what == "date":
                ds = analysis.concrete_dates if analysis else []
                return (ds[-1].value - self.today).days if ds else None
            c = self.commitment
            return (c.date - self.today).days if c else None

        return {
            "has": lambda m: bool(analysis and analysis.has(m)),
            "said": lambda m: any(a.has(m) for a in trainee),
            "count": lambda m: sum(1 for a in trainee if a.has(m)),
            "days_to": days_to,
            "visited": lambda n: n in self.visited,
        }

    def _true(self, src: str | None, analysis: Analysis | None) -> bool:
        if src is None:
            return True
        return bool(evaluate(self.scenario.conditions[src], self._names(analysis), self._calls(analysis)))

    def _matches(self, t, analysis: Analysis) -> bool:
        if t.when and not any(analysis.has(m) for m in t.when):
            return False
        if t.all_ and not all(analysis.has(m) for m in t.all_):
            return False
        return self._true(t.if_, analysis)

    def _apply(self, t) -> None:
        spec = self.scenario.spec
        for k, d in t.effects.items():
            v = spec.state.vars[k]
            self.state[k] = min(v.max, max(v.min, float(self.state[k]) + d))
        for k, val in t.set.items():
            if k in spec.state.vars:
                v = spec.state.vars[k]
                self.state[k] = min(v.max, max(v.min, float(val)))
            else:
                self.state[k] = bool(val)

    def _take(self, t: Transition) -> list[tuple[str, str, str]]:
        if t.end is not None:
            self._end(self.scenario.ending(t.end))
            pre = [self._line(self._speaker_of(self.node), t.say)] if t.say else []
            return pre + self._ending_lines()
        if t.goto is not None:
            if t.say:
                first = [self._line(self._speaker_of(t.goto), t.say)]
                self._move(t.goto)
                return first + self._follow_next(t.goto)
            return self._enter(t.goto, None)
        return [self._line(self._speaker_of(self.node), t.say or self._fallback_pool())]

    def _fallback_pool(self) -> list[Line]:
        """The node's own fallbacks; with fewer than two, the scenario's join them so lines can vary."""
        own = self.scenario.spec.nodes[self.node].fallback
        return own if len(own) >= 2 else own + self.scenario.spec.fallback

    def _move(self, node: str) -> None:
        self.node = node
        self.visited.add(node)

    def _enter(self, node: str, _unused) -> list[tuple[str, str, str]]:
        self._move(node)
        out = [self._line(self._speaker_of(node), self.scenario.spec.nodes[node].say)]
        return out + self._follow_next(node)

    def _follow_next(self, node: str) -> list[tuple[str, str, str]]:
        out = []
        hops = 0
        while self.scenario.spec.nodes[node].next and hops < MAX_NEXT_CHAIN:  # loop guard
            node = self.scenario.spec.nodes[node].next
            self._move(node)
            out.append(self._line(self._speaker_of(node), self.scenario.spec.nodes[node].say))
            hops += 1
        return out

    def _finish(self) -> list[tuple[str, str, str]]:
        for f in self.scenario.spec.finish:
            if self._true(f.if_, None):
                self._end(self.scenario.ending(f.end))
                return self._ending_lines()
        self._end(self.scenario.ending(self.scenario.spec.finish[-1].end))
        return self._ending_lines()

    def _end(self, ending: Ending) -> None:
        self.ending = ending

    def _ending_lines(self) -> list[tuple[str, str, str]]:
        if not self.ending.say:
            return []
        return [self._line(self._speaker_of(self.node), self.ending.say)]

    def _line(self, speaker: str, pool: list[Line]) -> tuple[str, str, str]:
        texts = []
        for v in pool:
            if isinstance(v, Variant):
                if self._true(v.if_, self.analyses[-1] if self.analyses else None):
                    texts.append(v.text)
            else:
                texts.append(v)
        if not texts:
            texts = [v if isinstance(v, str) else v.text for v in pool]
        last = self._last_line.get(speaker)
        choices = [t for t in texts if t != last] or texts
        raw = self.rng.choice(choices)
        self._last_line[speaker] = raw
        return speaker, self.scenario.spec.speakers[speaker].name, self._fill(raw)

    def _fill(self, text: str) -> str:
        spec = self.scenario.spec
        debt = spec.briefing.debt
        c = self.commitment
        last = self._last_trainee_analysis()
        said = last.concrete_dates if last else []
        values = {
            "debt": f"{debt.amount:,.0f}".replace(",", " ") + " ₽",
            "invoice": debt.invoice,
            "due": debt.due.strftime("%d.%m.%Y"),
            "name": spec.briefing.contacts[0].name,
            "commitment_date": c.date.strftime("%d.%m") if c else "",
            "date": said[-1].value.strftime("%d.%m") if said else "",
        }
        return _TEMPLATE.sub(lambda m: values.get(m.group(1), m.group(0)), text)
