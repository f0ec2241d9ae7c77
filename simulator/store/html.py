"""The trainer's report: one self-contained HTML file for the debrief.

No JavaScript and no external URL (it opens offline, from a USB stick or an e-mail attachment);
charts are inline SVG; every name and phrase goes through :func:`esc`, so a trainee called
``<script>…</script>`` is shown as text. Transcripts fold away in ``<details>``.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from .board import Board, Entry, RuleStat
from .render import KIND_TITLES, attempts_word, heading, notes

CSS = """
:root { --ink: #1d2330; --muted: #667085; --line: #d0d5dd; --bar: #3d6fb6; --bad: #c2410c; --good: #15803d;
        --soft: #f2f4f7; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       max-width: 960px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
h2 { font-size: 1.25em; margin-top: 2.2em; border-bottom: 2px solid var(--line); padding-bottom: .2em; }
h3 { font-size: 1.05em; margin-top: 1.6em; }
.muted { color: var(--muted); }
.note { background: #fff7ed; border-left: 4px solid var(--bad); padding: .4em .8em; }
table { border-collapse: collapse; width: 100%; margin: .6em 0; }
th, td { border-bottom: 1px solid var(--line); padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
svg { display: block; max-width: 100%; height: auto; margin: .6em 0; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
svg .bar { fill: var(--bar); }
svg .fail { fill: var(--bad); }
svg .track { fill: var(--soft); }
svg .axis { stroke: var(--line); }
details { margin: .3em 0; }
summary { cursor: pointer; }
.turn { margin: .15em 0 .15em 1em; }
.who { font-weight: 600; }
.trainee .who { color: var(--bar); }
blockquote { margin: .2em 0 .2em 1em; color: var(--muted); }
@media print { details { display: block; } summary { list-style: none; } }
"""


def esc(x) -> str:
    return escape("" if x is None else str(x), quote=True)


def report_html(boards: list[Board], store=None, *, title: str | None = None, phrases: int = 3,
                transcripts: int = 200, now: datetime | None = None) -> str:
    """The whole report; ``store`` (optional) adds offending phrases and best-attempt transcripts."""
    now = now or datetime.now().astimezone()
    if title is None:
        g = boards[0].group if boards and boards[0].group else None
        title = f"Отчёт тренера: группа «{g.title}» ({g.code})" if g else "Отчёт тренера"
    out = ["<!DOCTYPE html>", '<html lang="ru"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
           f"<h1>{esc(title)}</h1>",
           f'<p class="muted">Сформирован {esc(now.strftime("%d.%m.%Y %H:%M"))}'
           + (f" из базы {esc(store.where)}" if store is not None else "") + ".</p>"]
    if not boards:
        out.append("<p>Пока нет ни одного результата.</p>")
    for b in boards:
        out += _board(b, store, phrases, transcripts)
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _board(b: Board, store, phrases: int, transcripts: int) -> list[str]:
    out = [f"<h2>{esc(heading(b))}</h2>",
           f'<p class="muted">Попыток: {b.attempts}, участников: {len(b.entries)}.</p>']
    out += [f'<p class="note">{esc(n)}</p>' for n in notes(b)]
    if not b.entries:
        return out + ["<p>Пока никто не сыграл.</p>"]
    out.append("<h3>Распределение лучших результатов</h3>")
    out.append(histogram_svg([e.score for e in b.entries]))
    out.append("<h3>Рейтинг</h3>")
    out.append(_leaderboard(b.entries))
    failing = [s for s in b.rules if s.failed]
    if failing:
        out.append("<h3>Какие правила группа нарушает чаще всего</h3>")
        out.append(rule_bars_svg(failing[:12]))
        if store is not None and phrases:
            ex = []
            for s in failing[:12]:  # the evidence exists for rules broken by a phrase, not for missing ones
                if len(ex) >= 6:
                    break
                said = store.failing_phrases(s.rule_id, group=b.group.code if b.group else None,
                                             scenario=b.scenario, limit=phrases)
                if said:
                    ex.append(f"<li><b>{esc(s.title)}</b>" + "".join(_quote(p) for p in said) + "</li>")
            if ex:
                out.append("<p>Где правила сработали (последние разговоры; выделено то, что нашло правило):</p>"
                           "<ul>" + "".join(ex) + "</ul>")
    if b.improved:
        out.append("<h3>Больше всех выросли</h3><table><tr><th>Участник</th><th class=n>Первая</th>"
                   "<th class=n>Лучшая</th><th class=n>Рост</th><th class=n>Попыток</th></tr>")
        for i in b.improved:
            out.append(f"<tr><td>{esc(i.name or 'без имени')}</td><td class=n>{i.first}</td>"
                       f"<td class=n>{i.best}</td><td class=n>+{i.delta}</td><td class=n>{i.attempts}</td></tr>")
        out.append("</table>")
    if store is not None and transcripts:
        shown = b.entries[:transcripts]
        texts = store.transcripts([e.session_id for e in shown])
        out.append("<h3>Лучшие попытки: разговоры</h3>")
        for e in shown:
            turns = texts.get(e.session_id) or []
            out.append(f"<details><summary>{esc(e.name or 'без имени')} — {e.score} "
                       f"({e.attempts} {attempts_word(e.attempts)})</summary>")
            for t in turns:
                cls = "turn trainee" if t.get("speaker") == "trainee" else "turn"
                who = t.get("name") or ("Менеджер" if t.get("speaker") == "trainee" else "Собеседник")
                out.append(f'<p class="{cls}"><span class="who">{esc(who)}:</span> {esc(t.get("text"))}</p>')
            out.append("</details>")
    return out


def _quote(p: dict) -> str:
    who = {"trainee": "Менеджер", "counterpart": "Собеседник"}.get(p.get("speaker"), "")
    t, a, b = p["text"], p["start"], p["end"]
    return (f"<blockquote>{esc(who + ': ') if who else ''}«{esc(t[:a])}<mark>{esc(t[a:b])}</mark>"
            f"{esc(t[b:])}»</blockquote>")


def _leaderboard(entries: list[Entry]) -> str:
    rows = ["<table><tr><th class=n>#</th><th>Участник</th><th class=n>Балл</th><th class=n>Деньги</th>"
            "<th class=n>Отношения</th><th class=n>Речь</th><th class=n>Попыток</th><th>Итог</th></tr>"]
    for e in entries:
        kind = KIND_TITLES.get(e.ending_kind or "", e.ending_kind or "—")
        ending = f"{kind}: {e.ending_title}" if e.ending_title else kind
        rows.append(f"<tr><td class=n>{e.rank}</td><td>{esc(e.name or 'без имени')}</td>"
                    f"<td class=n><b>{e.score}</b></td><td class=n>{e.axes['money']}</td>"
                    f"<td class=n>{e.axes['relationship']}</td><td class=n>{e.axes['speech']}</td>"
                    f"<td class=n>{e.attempts}</td><td>{esc(ending)}</td></tr>")
    rows.append("</table>")
    return "".join(rows)


def histogram_svg(scores: list[int], bins: int = 10) -> str:
    """Counts per 10-point band (the last band includes 100)."""
    counts = [0] * bins
    for s in scores:
        counts[min(bins - 1, max(0, int(s)) * bins // 100)] += 1
    w, h, left, bottom, top = 600, 200, 30, 30, 12
    bw = (w - left) / bins
    peak = max(counts) or 1
    parts = [f'<svg viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
             f'aria-label="Распределение лучших результатов"><title>Распределение лучших результатов</title>',
             f'<line class="axis" x1="{left}" y1="{h - bottom}" x2="{w}" y2="{h - bottom}"/>']
    for i, n in enumerate(counts):
        bh = (h - bottom - top) * n / peak
        x = left + i * bw
        if n:
            parts.append(f'<rect class="bar" x="{x + 3:.1f}" y="{h - bottom - bh:.1f}" width="{bw - 6:.1f}" '
                         f'height="{bh:.1f}"><title>{i * 10}–{i * 10 + 9 if i < bins - 1 else 100}: {n}</title></rect>')
            parts.append(f'<text x="{x + bw / 2:.1f}" y="{h - bottom - bh - 3:.1f}" text-anchor="middle">{n}</text>')
        parts.append(f'<text x="{x + bw / 2:.1f}" y="{h - bottom + 16}" text-anchor="middle">{i * 10}</text>')
    parts.append(f'<text x="0" y="{h - bottom + 16}">балл</text></svg>')
    return "".join(parts)


def rule_bars_svg(stats: list[RuleStat]) -> str:
    """One horizontal bar per rule: the share of attempts that failed it."""
    row, label_w, bar_w, w = 26, 330, 200, 640
    h = row * len(stats) + 8
    parts = [f'<svg viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
             f'aria-label="Доля попыток с нарушением правила"><title>Доля попыток с нарушением правила</title>']
    for i, s in enumerate(stats):
        y = 4 + i * row
        label = s.title if len(s.title) <= 48 else s.title[:47] + "…"
        parts.append(f'<text x="0" y="{y + 16}">{esc(label)}<title>{esc(s.title)} ({esc(s.rule_id)})</title></text>')
        parts.append(f'<rect class="track" x="{label_w}" y="{y + 4}" width="{bar_w}" height="16"/>')
        parts.append(f'<rect class="fail" x="{label_w}" y="{y + 4}" width="{bar_w * s.rate:.1f}" height="16"/>')
        parts.append(f'<text x="{label_w + bar_w + 8}" y="{y + 16}">{round(100 * s.rate)}% '
                     f'({s.failed} из {s.attempts})</text>')
    parts.append("</svg>")
    return "".join(parts)
