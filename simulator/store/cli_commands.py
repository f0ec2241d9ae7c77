"""``debitorka group | board | export | import``: the trainer's side of the results store.

``simulator.cli`` calls :func:`add_subcommands`. Nothing heavy is imported until a command runs
(SQLAlchemy, rich and the scenario loader are imported inside the command functions).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DB_HELP = ("база результатов: путь к файлу SQLite или postgresql://пользователь@сервер/база "
           "(по умолчанию — переменная DEBITORKA_DB, иначе файл results.db в каталоге данных)")


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    g = sub.add_parser("group", help="группы: весь поток играет один сценарий с одним seed",
                       description="Группы для занятий: тренер создаёт группу, участники играют по её коду.")
    gs = g.add_subparsers(dest="group_command", metavar="ДЕЙСТВИЕ", required=True)

    c = gs.add_parser("create", help="создать группу и получить её код")
    c.add_argument("title", metavar="НАЗВАНИЕ", help="например «Поток 3»")
    c.add_argument("--scenario", required=True, metavar="SCENARIO", help="id встроенного сценария или путь к YAML")
    c.add_argument("--seed", type=int, default=1, help="один seed на всю группу (по умолчанию 1)")
    c.add_argument("--exam", action="store_true", help="режим экзамена (без подсказок)")
    _db(c)
    c.set_defaults(func=cmd_group_create)

    s = gs.add_parser("show", help="показать группу по коду")
    s.add_argument("code", metavar="CODE")
    _db(s)
    s.set_defaults(func=cmd_group_show)

    ls = gs.add_parser("list", help="все группы в базе")
    _db(ls)
    ls.set_defaults(func=cmd_group_list)

    b = sub.add_parser("board", help="рейтинг: лучшая попытка каждого участника, частые ошибки, рост")
    b.add_argument("--group", metavar="CODE", help="только эта группа")
    b.add_argument("--scenario", metavar="ID", help="только этот сценарий")
    b.add_argument("--format", choices=("table", "csv", "json", "html"), default="table",
                   help="html — отчёт тренера одним файлом (графики внутри, без интернета)")
    b.add_argument("--out", metavar="FILE", help="записать в файл вместо вывода на экран")
    _db(b)
    b.set_defaults(func=cmd_board)

    e = sub.add_parser("export", help="выгрузить результаты (JSON для переноса, CSV для таблиц)")
    e.add_argument("--format", choices=("csv", "json"), default="json")
    e.add_argument("--out", metavar="FILE", help="файл (по умолчанию — на экран)")
    e.add_argument("--group", metavar="CODE", help="только эта группа")
    e.add_argument("--scenario", metavar="ID", help="только этот сценарий")
    _db(e)
    e.set_defaults(func=cmd_export)

    i = sub.add_parser("import", help="загрузить выгрузку JSON (повторная загрузка ничего не удваивает)")
    i.add_argument("files", nargs="+", metavar="FILE")
    _db(i)
    i.set_defaults(func=cmd_import)


def _db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="URL", help=DB_HELP)


def _store(args):
    from .store import open_store

    return open_store(getattr(args, "db", None))


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def _local_time(iso: str, short: bool = False) -> str:
    from datetime import datetime

    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d.%m.%y" if short else "%d.%m.%Y %H:%M")
    except ValueError:
        return iso


def _scenario_ref(ref: str) -> tuple[str, str]:
    """``(what to store, digest)``: a built-in's id, or the absolute path of a scenario file."""
    from .. import scenario as sc_mod

    sc = sc_mod.load_scenario(ref)
    path = sc_mod.resolve(ref)
    builtin = path.resolve().parent == sc_mod.builtin_dir().resolve()
    return (sc.id if builtin else str(path.resolve())), sc.digest


def _db_hint(store) -> str:
    """`` --db …`` when the store is not the default file (trainees must point at the same one)."""
    from .db import default_path

    return "" if store.where == str(default_path().resolve()) else f' --db "{store.where}"'


def _join_hint(code: str, store) -> str:
    return f'debitorka play --group {code} --name "Имя Фамилия"{_db_hint(store)}'


def cmd_group_create(args) -> int:
    from .render import MODE_TITLES

    ref, digest = _scenario_ref(args.scenario)
    with _store(args) as store:
        code = store.create_group(args.title, ref, args.seed, args.exam, scenario_digest=digest)
        print(code)
        mode = MODE_TITLES["exam" if args.exam else "practice"]
        _err(f"Группа «{' '.join(args.title.split())}» создана: сценарий {ref}, seed {args.seed}, {mode}.")
        _err(f"Участники запускают: {_join_hint(code, store)}")
        if ref.endswith((".yaml", ".yml")):
            _err("Сценарий задан файлом: у участников он должен лежать по тому же пути.")
        _err(f"Рейтинг: debitorka board --group {code}{_db_hint(store)}")
    return 0


def cmd_group_show(args) -> int:
    from .render import MODE_TITLES

    with _store(args) as store:
        g = store.require_group(args.code)
        people = attempts = 0
        for grp, n, k in store.list_groups():
            if grp.code == g.code:
                attempts, people = n, k
        print(f"Группа {g.code} «{g.title}»")
        print(f"Сценарий: {g.scenario}, seed {g.seed}, режим: {MODE_TITLES.get(g.mode, g.mode)}")
        print(f"Создана: {_local_time(g.created)}")
        print(f"Участников: {people}, попыток: {attempts}")
        print(f"Участники запускают: {_join_hint(g.code, store)}")
    return 0


def cmd_group_list(args) -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from .render import MODE_TITLES

    with _store(args) as store:
        rows = store.list_groups()
    console = Console(highlight=False)
    if not rows:
        console.print('Групп пока нет. Создать: debitorka group create "Поток 3" --scenario plus-30-days --seed 7')
        return 0
    from rich import box

    t = Table(title="Группы", title_justify="left", box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False,
              collapse_padding=True)
    t.add_column("код", no_wrap=True)
    t.add_column("название", overflow="fold", min_width=10)
    t.add_column("сценарий", overflow="fold", min_width=12)
    t.add_column("seed", justify="right", no_wrap=True)
    t.add_column("режим", no_wrap=True)
    t.add_column("создана", no_wrap=True)
    t.add_column("людей", justify="right", no_wrap=True)
    t.add_column("попыток", justify="right", no_wrap=True)
    for g, n, people in rows:
        t.add_row(g.code, Text(g.title), Text(g.scenario), str(g.seed), MODE_TITLES.get(g.mode, g.mode),
                  _local_time(g.created, short=True), str(people), str(n))
    console.print(t)
    return 0


def _write_out(text: str, out: str | None, *, bom: bool = False) -> None:
    from scoring.errors import InputError

    if not out:
        sys.stdout.write(text)
        return
    try:
        Path(out).write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    except OSError as e:
        raise InputError(f"не удалось записать файл: {e.strerror or e}", out) from None


def cmd_board(args) -> int:
    from . import render

    with _store(args) as store:
        boards = store.summary(group=args.group, scenario=args.scenario)
        if args.format == "html":
            from .html import report_html

            text = report_html(boards, store)
        elif args.format == "csv":
            text = render.to_csv(boards)
        elif args.format == "json":
            text = render.to_json(boards, boards[0].group.code if boards and boards[0].group else args.group,
                                  args.scenario)
        else:
            text = None
    if text is None:
        from rich.console import Console

        if args.out:
            import io

            buf = io.StringIO()
            Console(file=buf, highlight=False, width=100, color_system=None).print(render.to_rich(boards))
            _write_out(buf.getvalue(), args.out)
        else:
            Console(highlight=False).print(render.to_rich(boards))
    else:
        _write_out(text, args.out, bom=args.format == "csv")
    if args.out:
        _err(f"Сохранено: {args.out}")
    return 0


def cmd_export(args) -> int:
    from scoring.errors import InputError

    from .transfer import write_export

    with _store(args) as store:
        if not args.out:
            n = write_export(store, sys.stdout, args.format, group=args.group, scenario=args.scenario)
        else:
            tmp = Path(args.out + ".part")
            try:
                with open(tmp, "w", encoding="utf-8", newline="") as f:
                    if args.format == "csv":
                        f.write("\ufeff")  # so spreadsheet programs read the Cyrillic as UTF-8
                    n = write_export(store, f, args.format, group=args.group, scenario=args.scenario)
                tmp.replace(args.out)
            except OSError as e:
                raise InputError(f"не удалось записать файл: {e.strerror or e}", args.out) from None
            finally:
                tmp.unlink(missing_ok=True)
    _err(f"Выгружено результатов: {n}" + (f" → {args.out}" if args.out else ""))
    return 0


def cmd_import(args) -> int:
    with _store(args) as store:
        for path in args.files:
            st = store.import_file(path)
            extra = f", групп добавлено: {st.groups_added}" if st.groups_added else ""
            print(f"{path}: добавлено {st.added}, уже были {st.skipped}{extra} → {store.where}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """These commands alone (``python -m simulator.store.cli_commands …``), handled like ``debitorka``."""
    from scoring.errors import InputError

    parser = argparse.ArgumentParser(prog="debitorka")
    add_subcommands(parser.add_subparsers(dest="command", metavar="КОМАНДА", required=True))
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except InputError as e:
        print(f"debitorka: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
