"""The rulebook file format as pydantic models (imported only when a file must be validated)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
MarkerName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PatternSpec(_Strict):
    seq: Text
    skip: int = Field(0, ge=0, le=8)


class MarkerSpec(_Strict):
    description: str = ""
    patterns: list[Text | PatternSpec] = Field(min_length=1, max_length=500)
    exceptions: list[Text | PatternSpec] = Field(default_factory=list, max_length=200)
    examples: list[Text] = Field(min_length=1, max_length=200)
    counterexamples: list[Text] = Field(default_factory=list, max_length=200)


class Scope(_Strict):
    first: int | None = Field(None, ge=1, le=100)
    last: int | None = Field(None, ge=1, le=100)


class RuleExamples(_Strict):
    passing: list[Text] = Field(default_factory=list, alias="pass")
    failing: list[Text] = Field(default_factory=list, alias="fail")


class RuleSpec(_Strict):
    id: RuleId
    axis: Literal["money", "relationship", "speech"]
    weight: float = Field(gt=0, le=100)
    kind: Literal["require", "forbid", "respond"]
    markers: list[MarkerName] = Field(min_length=1, max_length=50)
    after: list[MarkerName] = Field(default_factory=list, max_length=50)
    scope: Scope | None = None
    title: str = ""
    message: Text
    suggestion: str | None = None
    examples: RuleExamples | None = None


class RulebookSpec(_Strict):
    version: Literal[1] = 1
    extends: Literal["default", "none"] = "none"
    markers: dict[MarkerName, MarkerSpec] = Field(default_factory=dict)
    rules: list[RuleSpec] = Field(default_factory=list, max_length=500)
    weights: dict[RuleId, float] = Field(default_factory=dict)
