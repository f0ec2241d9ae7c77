"""A demo class for the README and for trying the board: `python scripts/demo_group.py --db demo.db`.

Creates the group «Поток 3» (plus-30-days, seed 7) and plays scripted calls of five trainees through
the real engine, as `debitorka play --group CODE --name …` would save them; prints the group code.
Then: `debitorka board --group CODE --db demo.db`.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GOOD = ["Добрый день, Марина Викторовна! Это Сергей Волков, «ПолиФлекс». Звоню по счёту 4417 — у вас задолженность "
        "3 870 000 рублей, срок был 16 ноября.",
        "Скажите, а с чем связано такое распоряжение?",
        "Понимаю, что это не ваше решение, вы его исполняете. Можно организовать короткий разговор с Игорем "
        "Борисовичем? И обязательно при вас, чтобы вы тоже участвовали.",
        "Игорь Борисович, добрый день. У вас не оплачен счёт 4417 на 3 870 000 рублей, срок по договору прошёл "
        "16 ноября.",
        "Нам нужна оплата всей суммы 3 декабря.",
        "Марина Викторовна, подтвердите, пожалуйста, что ставите 3 декабря в реестр.",
        "Игорь Борисович, если вдруг что-то пойдёт не так, можно будет позвонить вам напрямую?",
        "Спасибо! Итак, 3 декабря, вся сумма. Всего доброго!"]
PARTIAL = ["Здравствуйте, Марина Викторовна. У вас задолженность по счёту 4417.",
           "Понимаю, что это не ваше решение. Можно поговорить с Игорем Борисовичем?",
           "Только с вашим участием, конечно.",
           "Игорь Борисович, у вас не оплачен счёт на 3 870 000 рублей.",
           "Прошу оплатить 4 декабря.",
           "Спасибо, до свидания."]
EXECUTOR_DATE = ["Добрый день. У вас задолженность 3 870 000 рублей по счёту 4417.",
                 "Когда оплатите?",
                 "16 декабря нас не устраивает. Оплатите, пожалуйста, до 3 декабря.",
                 "Руководство ждёт оплату 3 декабря, это крайний срок.",
                 "Итак, 3 декабря, вся сумма. До свидания."]
ACCEPTED = ["Добрый день, у вас долг по счёту 4417.", "Ну что ж, раз такое распоряжение, ничего не поделаешь."]
COURT = ["Здравствуйте. Если не оплатите долг, мы подаём в суд."]
ARGUE = ["Здравствуйте, у вас просрочка по счёту 4417.", "Это нарушение договора!",
         "Договор есть договор, вы обязаны платить в срок.", "Ваше распоряжение нас не касается.",
         "Ладно, до свидания."]

CLASS = [  # (trainee, their attempts in order)
    ("Анна Петрова", [ACCEPTED, PARTIAL, GOOD]),
    ("Борис Ким", [GOOD]),
    ("Вера Соколова", [COURT, ARGUE, EXECUTOR_DATE]),
    ("Григорий Лаптев", [ARGUE, PARTIAL]),
    ("Дина Юсупова", [EXECUTOR_DATE]),
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="a SQLite file or postgresql:// URL")
    args = ap.parse_args(argv)

    from simulator.scenario import load_scenario
    from simulator.store import open_store, resolve_group
    from simulator.store.scripted import play

    with open_store(args.db) as store:
        sc = load_scenario("plus-30-days")
        code = store.create_group("Поток 3", "plus-30-days", 7, scenario_digest=sc.digest)
        scenario, seed, exam = resolve_group(code, store)
        t = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)
        for name, attempts in CLASS:
            for lines in attempts:
                s, opening = play(load_scenario(scenario), lines, seed)
                store.save_result(s, name=name, group=code, mode="exam" if exam else "practice", opening=opening,
                                  started=t, finished=t + timedelta(minutes=6))
                t += timedelta(minutes=7)
        print(code)
    return 0


if __name__ == "__main__":
    sys.exit(main())
