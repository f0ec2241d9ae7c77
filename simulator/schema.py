"""The scenario file format as pydantic models: validation, and the JSON Schema editors autocomplete from."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from scoring.rulebook_schema import MarkerName, MarkerSpec, RuleId, RuleSpec

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
Cond = Annotated[str, StringConstraints(min_length=1, max_length=500)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Contact(_Strict):
    name: Text
    role: Text
    notes: str = ""


class Debt(_Strict):
    amount: float = Field(gt=0, description="Сумма долга в рублях")
    invoice: Text = Field(description="Счёт или договор, например «счёт № 2417 от 15.10.2026»")
    due: dt.date = Field(description="Срок оплаты по договору")
    days_overdue: int | None = Field(None, ge=0, description="Дней просрочки; по умолчанию считается от today")


class Briefing(_Strict):
    company: Text = Field(description="Наша компания и роль стажёра")
    client: Text = Field(description="Компания-должник: размер, положение на рынке")
    history: Text = Field(description="История отношений с клиентом")
    contacts: list[Contact] = Field(min_length=1)
    debt: Debt
    allowed: Text = Field(description="Что разрешает руководство: лимиты, когда подключаются юристы")
    goal: Text = Field(description="Цель звонка")


class Speaker(_Strict):
    name: Text
    role: Text
    traits: list[Text] = Field(default_factory=list)


class Var(_Strict):
    start: float = 0
    min: float = 0
    max: float = 100


class State(_Strict):
    vars: dict[Name, Var] = Field(description="Числовые переменные; trust и pressure обязательны")
    flags: list[Name] = Field(default_factory=list, description="Логические флаги, в начале false")


class Variant(_Strict):
    text: Text
    if_: Cond | None = Field(None, alias="if")


Line = Text | Variant


class Reaction(_Strict):
    """Applied on every trainee turn it matches, in addition to the transition taken."""

    when: list[MarkerName] = Field(default_factory=list, description="Любой из маркеров")
    all_: list[MarkerName] = Field(default_factory=list, alias="all", description="Все маркеры сразу")
    if_: Cond | None = Field(None, alias="if")
    effects: dict[Name, float] = Field(default_factory=dict, description="Прибавить к переменным")
    set: dict[Name, float | bool] = Field(default_factory=dict, description="Присвоить переменным и флагам")


class Transition(Reaction):
    say: list[Line] = Field(default_factory=list, description="Что ответит персонаж (вместо реплики узла)")
    goto: Name | None = None
    end: Id | None = None
    note: str = ""


class Node(_Strict):
    speaker: Name | None = None
    say: list[Line] = Field(min_length=1, max_length=50)
    transitions: list[Transition] = Field(default_factory=list, max_length=100)
    fallback: list[Line] = Field(default_factory=list, max_length=50)
    next: Name | None = Field(None, description="Сразу перейти к другому узлу (передать трубку)")
    note: str = ""


class Ending(_Strict):
    id: Id
    kind: Literal["success", "partial", "failure"]
    title: Text
    debrief: Text
    say: list[Line] = Field(default_factory=list)


class Finish(_Strict):
    if_: Cond | None = Field(None, alias="if")
    end: Id


class Success(_Strict):
    within_days: int | None = Field(None, ge=0, le=365)
    min_amount_percent: float | None = Field(None, gt=0, le=100)
    min_trust: float | None = None


class StepExpect(_Strict):
    node: Name | None = None
    state: Cond | None = None
    markers: list[MarkerName] = Field(default_factory=list)


class TestExpect(_Strict):
    ending: Id | None = None
    kind: Literal["success", "partial", "failure"] | None = None
    steps: dict[int, StepExpect] = Field(default_factory=dict)
    min_score: int | None = Field(None, ge=0, le=100)
    max_score: int | None = Field(None, ge=0, le=100)


class ScenarioTest(_Strict):
    name: Text
    seed: int = 1
    say: list[Text] = Field(min_length=1, max_length=100)
    expect: TestExpect


class ScenarioSpec(_Strict):
    id: Id
    title: Text
    difficulty: int = Field(ge=1, le=3)
    tags: list[Text] = Field(default_factory=list)
    version: int = Field(1, ge=1)
    today: dt.date
    briefing: Briefing
    speakers: dict[Name, Speaker] = Field(min_length=1)
    state: State
    turn_limit: int = Field(ge=2, le=100)
    hidden: list[Text] = Field(default_factory=list)
    markers: dict[MarkerName, MarkerSpec] = Field(default_factory=dict)
    reactions: list[Reaction] = Field(default_factory=list, max_length=100)
    interrupts: list[Transition] = Field(default_factory=list, max_length=100)
    defaults: list[Transition] = Field(default_factory=list, max_length=100)
    fallback: list[Line] = Field(min_length=1, max_length=50)
    start: Name
    nodes: dict[Name, Node] = Field(min_length=1, max_length=300)
    endings: list[Ending] = Field(min_length=1, max_length=30)
    finish: list[Finish] = Field(min_length=1, max_length=30)
    success: Success = Success()
    rules: list[RuleSpec] = Field(default_factory=list)
    weights: dict[RuleId, float] = Field(default_factory=dict)
    tests: list[ScenarioTest] = Field(default_factory=list, max_length=200)


def json_schema() -> dict:
    schema = ScenarioSpec.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "debitorka scenario"
    return schema
