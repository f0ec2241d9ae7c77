"""Mermaid text of a scenario's flow, with unreachable nodes marked (paste into any Mermaid viewer)."""

from __future__ import annotations

from .scenario import reachable
from .schema import ScenarioSpec

_KIND_STYLE = {"success": "fill:#cfc", "partial": "fill:#ffc", "failure": "fill:#fcc"}


def _label(t) -> str:
    parts = []
    if t.when:
        parts.append(" | ".join(t.when))
    if t.all_:
        parts.append(" & ".join(t.all_))
    if t.if_:
        parts.append(t.if_)
    s = "; ".join(parts) or "всегда"
    return s.replace('"', "'")[:60]


def mermaid(spec: ScenarioSpec) -> str:
    reach = reachable(spec)
    out = ["flowchart TD", f"    start((начало)) --> {spec.start}"]
    for name, n in spec.nodes.items():
        first = n.say[0] if isinstance(n.say[0], str) else n.say[0].text
        text = first.replace('"', "'")[:40]
        out.append(f'    {name}["{name}: {text}"]')
        if name not in reach:
            out.append(f"    style {name} stroke-dasharray: 5 5,fill:#eee")
            out.append(f"    %% {name}: недостижим")
    for e in spec.endings:
        out.append(f'    end_{e.id.replace("-", "_")}(["{e.title} ({e.kind})"])')
        out.append(f"    style end_{e.id.replace('-', '_')} {_KIND_STYLE[e.kind]}")
    for name, n in spec.nodes.items():
        for t in n.transitions:
            tgt = t.goto or (f"end_{t.end.replace('-', '_')}" if t.end else None)
            if tgt:
                out.append(f'    {name} -->|"{_label(t)}"| {tgt}')
        if n.next:
            out.append(f"    {name} --> {n.next}")
    for key, title in (("interrupts", "всегда сначала"), ("defaults", "если ничего не подошло")):
        for t in getattr(spec, key):
            tgt = t.goto or (f"end_{t.end.replace('-', '_')}" if t.end else None)
            if tgt:
                out.append(f'    any_{key}{{{{"{title}"}}}} -.->|"{_label(t)}"| {tgt}')
    for f in spec.finish:
        out.append(f'    finish{{{{"прощание / лимит реплик"}}}} -.->|"{(f.if_ or "иначе").replace(chr(34), chr(39))}"| '
                   f'end_{f.end.replace("-", "_")}')
    return "\n".join(out) + "\n"
