"""`debitorka …`: one entry point for trainees and trainers.

Imports are lazy on purpose: `debitorka score` must start about as fast as pymorphy3 itself.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date


def _today(s: str | None) -> date:
    if not s:
        return date.today()
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise _usage(f"--today: ожидаю дату ГГГГ-ММ-ДД, получено «{s}»") from None


class _UsageError(Exception):
    pass


def _usage(msg: str) -> "_UsageError":
    return _UsageError(msg)


def cmd_score(args) -> int:
    from scoring import morph
    from scoring.report import score_turns
    from scoring.rulebook import load_rulebook
    from scoring.transcript import load_transcript

    today = _today(args.today)
    if not args.today:
        today = _session_today(args.file) or today
    turns = load_transcript(args.file)
    rulebook = load_rulebook(args.rules)
    morph.analyzer()
    _started()
    report = score_turns(turns, rulebook, today)
    _emit_report(report, args.format, title=f"Оценка: {args.file}")
    return 0


def _session_today(path: str) -> date | None:
    """A session saved by the app carries its scenario's date; score it against that day."""
    if not str(path).endswith(".json"):
        return None
    import json

    try:
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        return date.fromisoformat(d["today"]) if isinstance(d, dict) and d.get("today") else None
    except (OSError, ValueError, KeyError, TypeError):
        return None  # load_transcript reports a broken file with its position


def _emit_report(report, fmt: str, title: str) -> None:
    if fmt == "json":
        import json

        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "md":
        from scoring.render import to_markdown

        sys.stdout.write(to_markdown(report, title))
    else:
        from rich.console import Console

        from scoring.render import to_rich

        Console(highlight=False).print(to_rich(report, title))


def cmd_rules(args) -> int:
    from rich.console import Console
    from rich.table import Table

    from scoring.markers import ENTITY_MARKERS
    from scoring.rulebook import AXIS_TITLES, load_rulebook

    rb = load_rulebook(args.rules)
    console = Console(highlight=False)
    t = Table(title="Правила", show_lines=True)
    for col in ("id", "ось", "вес", "что проверяет", "лучше сказать"):
        t.add_column(col)
    for r in rb.rules:
        what = r.message
        scope = f" (первые {r.first})" if r.first else (f" (последние {r.last})" if r.last else "")
        kind = {"require": "нужно", "forbid": "нельзя", "respond": "в ответ на " + ", ".join(r.after)}[r.kind]
        t.add_row(r.id, AXIS_TITLES[r.axis], f"{r.weight:g}",
                  f"[b]{r.title}[/b]\n{kind}{scope}: {', '.join(r.markers)}\n{what}", r.suggestion or "")
    console.print(t)
    m = Table(title="Маркеры (общий словарь правил и персонажей)", show_lines=True)
    for col in ("маркер", "описание", "примеры"):
        m.add_column(col)
    for name in rb.markers.names():
        if name in ENTITY_MARKERS:
            m.add_row(name, ENTITY_MARKERS[name], "(из дат и сумм)")
            continue
        mk = rb.markers.markers[name]
        m.add_row(name, mk.description, "\n".join(f"«{e}»" for e in mk.examples[:4]))
    console.print(m)
    return 0


def cmd_list(args) -> int:
    from rich.console import Console
    from rich.table import Table

    from .scenario import builtin_paths, load_scenario

    t = Table(title="Сценарии", box=None, header_style="bold")
    for col in ("id", "название", "сложность", "собеседники"):
        t.add_column(col)
    for p in builtin_paths():
        sc = load_scenario(p)
        sp = sc.spec
        who = ", ".join(s.name for s in sp.speakers.values())
        t.add_row(sp.id, sp.title, "●" * sp.difficulty + "○" * (3 - sp.difficulty), who)
    Console(highlight=False).print(t)
    return 0


def _lint_targets(paths: list[str]):
    from pathlib import Path

    from .scenario import builtin_paths

    if not paths:
        from importlib import resources

        yield from builtin_paths()
        yield Path(str(resources.files("scoring").joinpath("data", "rules.yaml")))
        return
    for p in paths:
        q = Path(p)
        if q.is_dir():
            yield from sorted(q.glob("*.yaml"))
            yield from sorted(q.glob("*.yml"))
        else:
            yield q


def _is_scenario(path) -> bool:
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:200_000]
    except OSError:
        return True
    import re

    return re.search(r"^(nodes|briefing)\s*:", head, re.M) is not None


def lint_file(path) -> list:
    from scoring.errors import InputError
    from scoring.rulebook import load_rulebook
    from scoring.selfcheck import check_rule_examples

    from .scenario import Problem, analyse

    if _is_scenario(path):
        return analyse(path)[1]
    try:
        rb = load_rulebook(path)
    except InputError as e:
        return [Problem("error", "rules", e.message, str(path), e.line, e.col)]
    return [Problem("error", "rule-example", msg, str(path)) for msg in check_rule_examples(rb)]


def cmd_lint(args) -> int:
    problems, files = [], 0
    for path in _lint_targets(args.paths):
        files += 1
        problems += lint_file(path)
    for p in problems:
        print(p)
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    print(f"проверено файлов: {files}; ошибок: {errors}; предупреждений: {warnings}",
          file=sys.stderr if problems else sys.stdout)
    if errors:
        return 2
    if warnings and args.strict:
        return 1
    return 0


def cmd_test(args) -> int:
    from scoring.errors import InputError

    from .playtest import run_all
    from .scenario import load_scenario

    passed = failed = 0
    for path in _lint_targets(args.paths):
        if not _is_scenario(path):
            continue
        try:
            sc = load_scenario(path)
        except InputError as e:
            print(f"ERROR {e}")
            failed += 1
            continue
        for r in run_all(sc):
            if r.passed:
                passed += 1
                if args.verbose:
                    print(f"PASSED {r.scenario}::{r.name}")
            else:
                failed += 1
                print(f"FAILED {r.scenario}::{r.name}")
                for f in r.failures:
                    print(f"    {f}")
                if args.verbose:
                    for line in r.transcript:
                        print(f"      | {line}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def cmd_replay(args) -> int:
    from scoring.transcript import load_transcript

    from .engine import Session
    from .scenario import load_scenario

    sc = load_scenario(args.scenario)
    turns = load_transcript(args.file)
    s = Session(sc, seed=args.seed)
    out_turns = []
    o = s.opening()
    for _, name, text in o.lines:
        out_turns.append({"speaker": "counterpart", "name": name, "text": text, "markers": [], "node": o.node})
    for t in turns:
        if not t.is_trainee:
            continue
        if s.finished:
            break
        r = s.say(t.text)
        out_turns.append({"speaker": "trainee", "name": "Менеджер", "text": s.turns[-1 - len(r.lines)].text,
                          "markers": r.markers, "node": r.node})
        for _, name, text in r.lines:
            out_turns.append({"speaker": "counterpart", "name": name, "text": text, "markers": [], "node": r.node})
    if not s.finished:
        r = s.hang_up()
        for _, name, text in r.lines:
            out_turns.append({"speaker": "counterpart", "name": name, "text": text, "markers": [], "node": r.node})
    report = s.report()
    outcome = s.outcome()
    if args.format == "json":
        import json

        e = outcome.ending
        data = {"scenario": sc.id, "seed": args.seed,
                "ending": {"id": e.id, "kind": e.kind, "title": e.title},
                "turns": out_turns, "report": report.to_dict(), "outcome": outcome.to_dict()}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    from rich.console import Console
    from rich.text import Text

    from scoring.render import KIND_TITLES, to_rich

    c = Console(highlight=False)
    c.print(Text(f"{sc.spec.title} — сценарий {sc.id}, seed {args.seed}", style="bold"))
    for t in out_turns:
        if t["speaker"] == "trainee":
            c.print(Text("Вы: ", style="bold cyan") + Text(t["text"]) +
                    Text(f"   [{', '.join(t['markers']) or '—'}] → {t['node']}", style="dim"))
        else:
            c.print(Text(f"{t['name']}: ", style="bold magenta") + Text(t["text"]))
    e = outcome.ending
    c.print(Text(f"\nКонцовка: {e.title} ({KIND_TITLES[e.kind]})", style="bold"))
    c.print(Text(e.debrief))
    c.print(to_rich(report, "Оценка"))
    return 0


def cmd_schema(args) -> int:
    import json

    from .schema import json_schema

    sys.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")
    return 0


def cmd_graph(args) -> int:
    from .graph import mermaid
    from .scenario import load_scenario

    sys.stdout.write(mermaid(load_scenario(args.scenario).spec))
    return 0


def cmd_play(args) -> int:
    from .app import group_options, open_group, run

    options = {"db": args.db} if args.db else {}
    if args.ask_name:
        options["ask_name"] = "always"
    if not args.group:
        return run(args.scenario, name=args.name, seed=args.seed, exam=args.exam, **options)
    group = open_group(args.group, args.db)  # before the terminal is taken over: a wrong code is one line
    _check_group_args(args, group)
    return run(name=args.name, **group_options(group), **options)


def _check_group_args(args, group) -> None:
    """--group fixes the scenario, seed and mode: a different one given as well is a mistake, said so."""
    from .app.catalog import resolve_ref

    if args.scenario and resolve_ref(args.scenario).resolve() != resolve_ref(group.scenario).resolve():
        raise _usage(f"группа {group.code} играет сценарий {group.scenario}, а не {args.scenario}; "
                     "уберите сценарий из команды")
    if args.seed is not None and args.seed != group.seed:
        raise _usage(f"--seed: у группы {group.code} свой seed ({group.seed}); уберите --seed")
    if args.exam and not group.exam:
        raise _usage(f"--exam: группа {group.code} играет в режиме тренировки; уберите --exam")


def cmd_serve(args) -> int:
    """The trainer in a browser: textual-serve runs `debitorka play …` once per browser tab."""
    import os
    import shlex
    from pathlib import Path

    try:
        from textual_serve.server import Server
    except ImportError:
        raise _usage("для debitorka serve нужен пакет textual-serve: pip install textual-serve") from None
    from .app import open_group

    cmd = [sys.executable, "-m", "simulator.cli", "play"]
    db = args.db
    if db and "://" not in db and not db.startswith("sqlite:"):
        db = str(Path(db).expanduser().resolve())  # the same file whatever the tab's directory
    if args.group:  # checked now: a wrong code is one line here, not a dead tab in every browser
        group = open_group(args.group, db)
        _check_group_args(args, group)
        cmd += ["--group", group.code]
    else:
        if args.scenario:
            from .app.catalog import builtin_dir, resolve_ref

            p = resolve_ref(args.scenario)
            cmd.append(p.stem if p.parent.resolve() == builtin_dir().resolve() else str(p.resolve()))
        if args.seed is not None:
            cmd += ["--seed", str(args.seed)]
        if args.exam:
            cmd.append("--exam")
    if db:
        cmd += ["--db", db]
    # One name for everyone only if given; otherwise every tab asks (nothing remembered: one server,
    # many people).
    cmd += ["--name", args.name] if args.name else ["--ask-name"]
    root = str(Path(__file__).resolve().parents[1])
    os.environ["PYTHONPATH"] = os.pathsep.join(x for x in (root, os.environ.get("PYTHONPATH", "")) if x)
    public = args.public_url or _public_url(args.host, args.port)
    server = Server(shlex.join(cmd), host=args.host, port=args.port, title="Дебиторка", public_url=public)
    print(f"Дебиторка в браузере: {public}  (каждая вкладка — свой звонок; Ctrl+C — остановить)",
          file=sys.stderr, flush=True)
    try:
        server.serve()
    except OSError as e:
        raise _usage(f"не удалось открыть {args.host}:{args.port}: {e.strerror or e}") from None
    return 0


def _public_url(host: str, port: int) -> str:
    """The address browsers use (the page's websocket points at it): for 0.0.0.0, this machine's LAN address."""
    import socket

    if host in ("0.0.0.0", "::", ""):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
                host = s.getsockname()[0]
        except OSError:
            host = socket.gethostname()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


class _Skipped:
    """A subcommand's parser left unbuilt: every call on it is a no-op that returns it again."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: self


class _OnlyCommand:
    """argparse's subcommands, of which only ``name`` is built. A parser with all of them costs ~9 ms
    (two dozen ArgumentParsers), a twentieth of `debitorka score`'s whole start."""

    def __init__(self, sub: argparse._SubParsersAction, name: str):
        self._sub, self._name = sub, name
        self.built = False

    def add_parser(self, name: str, **kwargs):
        if name != self._name:
            return _Skipped()
        self.built = True
        return self._sub.add_parser(name, **kwargs)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``command``, only that subcommand (for a run that names it)."""
    p = argparse.ArgumentParser(
        prog="debitorka",
        description="Тренажёр переговоров о дебиторской задолженности.",
    )
    sub = p.add_subparsers(dest="command", metavar="КОМАНДА")
    if command is not None:
        sub = _OnlyCommand(sub, command)

    s = sub.add_parser("score", help="оценить расшифровку разговора")
    s.add_argument("file", metavar="FILE", help="расшифровка: «Говорящий: текст» в каждой строке")
    s.add_argument("--rules", metavar="FILE", help="свой файл правил (YAML)")
    s.add_argument("--today", metavar="ГГГГ-ММ-ДД", help="какой день считать сегодняшним")
    s.add_argument("--format", choices=("text", "json", "md"), default="text")
    s.set_defaults(func=cmd_score)

    r = sub.add_parser("rules", help="показать правила и маркеры с примерами")
    r.add_argument("--rules", metavar="FILE", help="свой файл правил (YAML)")
    r.set_defaults(func=cmd_rules)

    ls = sub.add_parser("list", help="список сценариев")
    ls.set_defaults(func=cmd_list)

    li = sub.add_parser("lint", help="проверить сценарии и файлы правил")
    li.add_argument("paths", nargs="*", metavar="PATH", help="файлы или каталоги (по умолчанию встроенные)")
    li.add_argument("--strict", action="store_true", help="предупреждения тоже считать провалом (код 1)")
    li.set_defaults(func=cmd_lint)

    te = sub.add_parser("test", help="прогнать тесты из YAML сценариев")
    te.add_argument("paths", nargs="*", metavar="PATH")
    te.add_argument("-v", "--verbose", action="store_true", help="показывать каждый тест и разговор")
    te.set_defaults(func=cmd_test)

    rp = sub.add_parser("replay", help="проиграть реплики менеджера из расшифровки через сценарий")
    rp.add_argument("scenario", metavar="SCENARIO", help="id встроенного сценария или путь к YAML")
    rp.add_argument("file", metavar="FILE", help="расшифровка в формате score")
    rp.add_argument("--seed", type=int, default=1)
    rp.add_argument("--format", choices=("text", "json"), default="text")
    rp.set_defaults(func=cmd_replay)

    sc = sub.add_parser("schema", help="JSON Schema формата сценария (для автодополнения в редакторе)")
    sc.set_defaults(func=cmd_schema)

    gr = sub.add_parser("graph", help="граф сценария в формате Mermaid")
    gr.add_argument("scenario", metavar="SCENARIO")
    gr.set_defaults(func=cmd_graph)

    pl = sub.add_parser("play", help="открыть тренажёр")
    pl.add_argument("scenario", nargs="?", metavar="SCENARIO", help="id встроенного сценария или путь к YAML")
    pl.add_argument("--name", help="имя стажёра (сохраняется с каждым звонком)")
    pl.add_argument("--seed", type=int, help="seed собеседника (по умолчанию — новый для каждого звонка)")
    pl.add_argument("--exam", action="store_true", help="экзамен: без подсказок и шкал")
    pl.add_argument("--group", metavar="CODE", help="код группы от тренера: её сценарий, seed и режим, "
                                                     "результаты — в рейтинг группы")
    pl.add_argument("--db", metavar="URL", help="база результатов: путь к файлу SQLite или "
                                                "postgresql://пользователь@сервер/база (по умолчанию — "
                                                "DEBITORKA_DB, иначе results.db в каталоге данных)")
    pl.add_argument("--ask-name", action="store_true", help=argparse.SUPPRESS)  # serve: every tab asks
    pl.set_defaults(func=cmd_play)

    sv = sub.add_parser("serve", help="тренажёр в браузере: у каждой вкладки свой звонок (textual-serve)")
    sv.add_argument("scenario", nargs="?", metavar="SCENARIO", help="id встроенного сценария или путь к YAML")
    sv.add_argument("--host", default="127.0.0.1",
                    help="адрес (по умолчанию 127.0.0.1 — только этот компьютер; для класса — 0.0.0.0)")
    sv.add_argument("--port", type=int, default=8000, help="порт (по умолчанию 8000)")
    sv.add_argument("--public-url", metavar="URL", help="адрес, который открывают в браузере, если он другой "
                                                         "(прокси, имя в сети)")
    sv.add_argument("--group", metavar="CODE", help="все вкладки играют за эту группу")
    sv.add_argument("--db", metavar="URL", help="база результатов (как у play)")
    sv.add_argument("--name", help="одно имя для всех вкладок (по умолчанию каждая вкладка спрашивает имя)")
    sv.add_argument("--seed", type=int, help="seed собеседника (как у play)")
    sv.add_argument("--exam", action="store_true", help="экзамен (как у play)")
    sv.set_defaults(func=cmd_serve)

    from .store.cli_commands import add_subcommands as add_store_commands

    add_store_commands(sub)
    if isinstance(sub, _OnlyCommand) and not sub.built:
        return build_parser()  # not a command: argparse's error lists them all
    return p


_PAUSED_GC = False


def _started() -> None:
    """Start-up is over: what it loaded lives as long as the process, so the collector stops visiting it."""
    global _PAUSED_GC
    if _PAUSED_GC:
        import gc

        gc.freeze()
        gc.enable()
        _PAUSED_GC = False


def main(argv: list[str] | None = None) -> int:
    global _PAUSED_GC
    import gc

    if argv is None and gc.isenabled():  # a process of its own, not a caller's (tests call main(argv))
        # Start-up builds ~100k objects that live to the end (the pymorphy3 dictionary, the
        # rulebook); cyclic collections over them are wasted work, a third of `score`'s start.
        # `score` turns the collector back on once they are loaded; other commands at once.
        gc.disable()
        _PAUSED_GC = True
    from scoring.errors import InputError

    words = sys.argv[1:] if argv is None else argv
    parser = build_parser(words[0] if words and not words[0].startswith("-") else None)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        args = parser.parse_args(["play"])
    if args.func is not cmd_score:
        _started()
    try:
        return args.func(args)
    except (InputError, _UsageError) as e:
        print(f"debitorka: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    finally:
        _started()


if __name__ == "__main__":
    sys.exit(main())
