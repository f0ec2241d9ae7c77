"""What the report screen shows, built from a live call or a saved one. No Textual."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scoring.report import Report
    from simulator.engine import Outcome, Session
    from simulator.scenario import Scenario
    from simulator.sessions import SessionRecord


@dataclass
class CallResult:
    record: SessionRecord
    report: Report
    outcome: Outcome | None  # None: the call never reached an ending
    scenario: Scenario | None  # None: the scenario is gone; retry is then impossible
    notice: str | None = None

    @property
    def title(self) -> str:
        return self.record.scenario_title

    @property
    def seed(self) -> int:
        return self.record.seed

    @property
    def mode(self) -> str:
        return self.record.mode

    @property
    def trust_history(self) -> list[float]:
        return list(self.outcome.trust_history) if self.outcome else list(self.record.trust_history)

    @property
    def scenario_path(self) -> Path | None:
        return Path(self.scenario.path) if self.scenario is not None else None


def from_session(session: Session, record: SessionRecord) -> CallResult:
    return CallResult(record, session.report(), session.outcome(), session.scenario)


def from_record(record: SessionRecord) -> CallResult:
    """A saved call: replayed through its scenario when it is unchanged, else its turns scored as saved."""
    from simulator import sessions

    from . import loader

    try:
        scenario = sessions.load_scenario_for(record)
        scenario = loader.load_full(scenario.path)
    except sessions.SessionError as e:
        return CallResult(record, sessions.score_turns_of(record), None, None,
                          f"{e}. Оценены сохранённые реплики по общим правилам.")
    if not sessions.matches_scenario(record, scenario):
        return CallResult(record, sessions.score_turns_of(record, scenario), None, scenario,
                          "Сценарий изменился после этого звонка: оценены сохранённые реплики.")
    session = sessions.resume(record, scenario)
    if not record.is_finished:
        return CallResult(record, session.report(), None, scenario,
                          "Звонок не завершён: оценены реплики, сказанные до обрыва.")
    return from_session(session, record)
