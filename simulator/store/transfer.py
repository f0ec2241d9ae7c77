"""Moving results between machines: JSON (lossless, re-importable) and CSV (for spreadsheets).

``debitorka import`` is idempotent by session id, so a trainer can merge the same file twice, or
files from laptops that were offline, without duplicates.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

from scoring.errors import InputError

from .schema import now_iso

if TYPE_CHECKING:
    from .store import ImportStats, Store

FORMAT = "debitorka-results"
VERSION = 1
MAX_IMPORT_BYTES = 512 * 1024 * 1024

CSV_COLUMNS = ("session_id", "name", "group", "scenario", "scenario_digest", "seed", "mode", "started",
               "finished", "score", "money", "relationship", "speech", "ending_id", "ending_kind",
               "commitment_date", "commitment_amount", "trainee_turns", "failed_rules")


def export_text(store: Store, format: str = "json", *, group: str | None = None,
                scenario: str | None = None) -> str:
    buf = io.StringIO()
    write_export(store, buf, format, group=group, scenario=scenario)
    return buf.getvalue()


def write_export(store: Store, out, format: str = "json", *, group: str | None = None,
                 scenario: str | None = None) -> int:
    """Write the results in scope to a text stream; returns how many were written."""
    gcode = store.require_group(group).code if group is not None else None
    records = store.iter_results(group=gcode, scenario=scenario)
    if format == "csv":
        return _write_csv(records, out)
    if format != "json":
        raise InputError(f"--format: ожидаю csv или json, получено «{format}»")
    groups = [g.to_dict() for g, _, _ in store.list_groups() if gcode is None or g.code == gcode]
    # streamed: one record per line, so a large store is never held in memory as one string
    out.write('{"format": "%s", "version": %d, "exported": %s,\n "groups": %s,\n "rules": %s,\n "results": [' % (
        FORMAT, VERSION, json.dumps(now_iso()), json.dumps(groups, ensure_ascii=False),
        json.dumps(store.rule_info(), ensure_ascii=False)))
    n = 0
    for rec in records:
        out.write(("\n  " if n == 0 else ",\n  ") + json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
        n += 1
    out.write("\n ]}\n")
    return n


def _write_csv(records, out) -> int:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    n = 0
    for r in records:
        c = r["commitment"] or {}
        failed = [e.get("id") for e in r["report"].get("rules") or [] if not e.get("passed")]
        w.writerow([r["session_id"], _cell(r["name"]), r["group"] or "", r["scenario"], r["scenario_digest"],
                    r["seed"], r["mode"], r["started"], r["finished"], r["score"], r["axes"]["money"],
                    r["axes"]["relationship"], r["axes"]["speech"], (r["ending"] or {}).get("id", ""),
                    (r["ending"] or {}).get("kind", ""), c.get("date", ""),
                    "" if c.get("amount") is None else c["amount"],
                    sum(1 for t in r["transcript"] if t.get("speaker") == "trainee"), ";".join(failed)])
        n += 1
    return n


def _cell(s: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; a trainee's name is never one."""
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def import_path(store: Store, path: str | Path) -> ImportStats:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise InputError("файл слишком большой для импорта", str(p))
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("файл не найден", str(p)) from None
    except IsADirectoryError:
        raise InputError("это каталог, а не файл", str(p)) from None
    except UnicodeDecodeError:
        raise InputError("файл не в кодировке UTF-8", str(p)) from None
    except OSError as e:
        raise InputError(f"не удалось прочитать файл: {e.strerror or e}", str(p)) from None
    return import_text(store, text, str(p))


def import_text(store: Store, text: str, where: str = "<stdin>") -> ImportStats:
    from .store import ImportStats

    if text.lstrip().startswith("session_id,") or where.lower().endswith(".csv"):
        raise InputError("CSV — формат для таблиц, он не переносит расшифровки и оценки по правилам; "
                         "для переноса выгрузите JSON: debitorka export --format json", where)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"это не JSON: {e.msg}", where, e.lineno, e.colno) from None
    groups: list = []
    rules: list = []
    if isinstance(data, dict) and data.get("format") == FORMAT:
        if not isinstance(data.get("version"), int) or data["version"] > VERSION:
            raise InputError(f"файл выгружен более новой версией debitorka (формат {data.get('version')}); "
                             "обновите программу", where)
        groups = data.get("groups") or []
        rules = [r for r in data.get("rules") or [] if isinstance(r, dict) and r.get("rule_id") and r.get("title")]
        items = data.get("results")
    elif isinstance(data, dict) and "session_id" in data:
        items = [data]  # one record
    elif isinstance(data, list):
        items = data
    elif isinstance(data, dict) and data.get("format") == "debitorka-session":
        raise InputError("это файл сессии тренажёра, а не выгрузка результатов; "
                         "выгрузите результаты: debitorka export --format json", where)
    else:
        raise InputError("это не выгрузка результатов debitorka (ожидаю вывод debitorka export --format json)",
                         where)
    if not isinstance(items, list) or not isinstance(groups, list):
        raise InputError("results и groups должны быть списками", where)
    from .records import validate

    try:
        recs = [validate(r, f"results[{i}]") for i, r in enumerate(items)]
    except InputError as e:
        raise InputError(e.message, where) from None
    try:
        groups_added = store.import_groups(groups)
    except InputError as e:
        raise InputError(e.message, where) from None
    st = store.save_records(recs, validated=True, rule_info=rules or None)
    return ImportStats(st.added, st.skipped, groups_added)
