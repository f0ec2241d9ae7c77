"""The scenarios the picker offers: cheap to list (YAML + schema only, no morphology). No Textual."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.schema import ScenarioSpec


@dataclass(frozen=True)
class Entry:
    path: Path
    id: str
    spec: ScenarioSpec | None = None
    error: str | None = None

    @property
    def title(self) -> str:
        return self.spec.title if self.spec else self.id


def builtin_dir() -> Path:
    from importlib import resources

    return Path(str(resources.files("scenarios")))


def builtin_paths() -> list[Path]:
    return sorted(builtin_dir().glob("*.yaml"))


def resolve_ref(ref: str) -> Path:
    """A built-in scenario id or a path to a YAML file; raises InputError (Russian) when neither.

    Mirrors :func:`simulator.scenario.resolve` without importing pydantic, so `debitorka play x`
    can refuse a wrong name before the terminal is taken over.
    """
    from scoring.errors import InputError

    p = Path(ref)
    if p.suffix in (".yaml", ".yml") or p.exists():
        if not p.is_file():
            raise InputError("файл сценария не найден", ref)
        return p
    cand = builtin_dir() / f"{ref}.yaml"
    if cand.exists():
        return cand
    known = ", ".join(x.stem for x in builtin_paths()) or "—"
    raise InputError(f"нет сценария «{ref}»; есть: {known}")


def load_entry(path: Path) -> Entry:
    from pydantic import ValidationError

    from scoring.errors import InputError
    from scoring.yamlsafe import load_yaml, read_text
    from simulator.schema import ScenarioSpec

    try:
        data, _ = load_yaml(read_text(path), str(path))
        spec = ScenarioSpec.model_validate(data)
    except InputError as e:
        return Entry(path, path.stem, None, str(e))
    except ValidationError as e:
        return Entry(path, path.stem, None, f"{path}: ошибка в сценарии ({e.error_count()}); см. debitorka lint")
    return Entry(path, spec.id, spec, None)


def load_catalog(paths: list[Path]) -> list[Entry]:
    seen: set[Path] = set()
    out = []
    for p in paths:
        key = p.resolve()
        if key in seen:
            continue
        seen.add(key)
        out.append(load_entry(p))
    return out
