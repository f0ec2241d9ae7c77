"""Scoring speed, side by side with its floor: `python -m scoring.bench`.

Not a test — machines are noisy — but a figure to quote and to watch across changes.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date

OPENINGS = ["Добрый день", "Здравствуйте", "Алло", "Доброе утро", "Приветствую", "", "Слушайте", "Итак"]
SUBJECTS = ["у вас задолженность", "по счёту № 4512 не прошла оплата", "у нас с вами долг", "ваш долг",
            "мы ждём оплату", "платёж задерживается уже 20 дней", "нам очень нужны деньги",
            "у вас просрочка по договору 17/2", "за вами числится задолжнность"]
AMOUNTS = ["", "на 450 000 рублей", "на сумму 75 000 ₽", "в размере 2,5 млн рублей", "пятьсот тысяч рублей",
           "12 500 руб.", "450 тыс. руб."]
ASKS = ["когда оплатите?", "назовите точную дату", "кто у вас согласует платежи?", "почему задержка?",
        "очень прошу, выручите", "подумаем, что можно сделать", "иначе передадим дело юристам",
        "правильно ли я понимаю, что 15 декабря оплатите?", "жду платёжку к пятнице", "спасибо",
        "в ближайшие дни решим", "не переживайте, бывает", "это наглость", "до свидания",
        "к 5-му декабря", "во вторник до 17:00", "через неделю", "давайте зафиксируем договорённость"]
NOISE = ["", "", "", " 😀", " ok", "!!!", " ну", " короче", " как бы", " ёлки"]


PASSES = 5  # over the corpus, for each of full scoring and the floor (best of 3 still read up to 4% apart run to run)
CHUNK = 500  # utterances timed at a stretch


def corpus(n: int = 10_000, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = [rng.choice(OPENINGS), rng.choice(SUBJECTS), rng.choice(AMOUNTS)]
        parts += rng.sample(ASKS, rng.randint(1, 3))
        s = ", ".join(p for p in parts if p) + rng.choice(NOISE)
        if rng.random() < 0.2:
            s = s.upper()
        out.append(s)
    return out


def _timed(texts: list[str], floor_fn, full_fn) -> tuple[float, float, list[float]]:
    """Seconds for the floor and for full scoring over ``texts``, and each utterance's latency.

    The corpus goes in chunks, the floor and full scoring taking turns on each, over a few passes;
    each chunk's best time is kept (as timeit keeps the best run), and each utterance's best
    latency. A burst of other work on the machine then slows one try of one chunk, not a whole
    measurement, and hits both sides alike."""
    chunks = [texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK)]
    best_floor = [float("inf")] * len(chunks)
    best_full = [float("inf")] * len(chunks)
    lat = [float("inf")] * len(texts)
    clock = time.perf_counter
    for _ in range(PASSES):
        u = 0
        for c, chunk in enumerate(chunks):
            t0 = clock()
            for t in chunk:
                floor_fn(t)
            best_floor[c] = min(best_floor[c], clock() - t0)
            t0 = clock()
            for t in chunk:
                s = clock()
                full_fn(t)
                lat[u] = min(lat[u], clock() - s)
                u += 1
            best_full[c] = min(best_full[c], clock() - t0)
    return sum(best_floor), sum(best_full), lat


def _cold_env() -> dict[str, str]:
    """The environment of the cold-start runs: caches on, and bytecode as installed (compiled once,
    by the first run). Without the latter a shell with PYTHONDONTWRITEBYTECODE=1 recompiles our
    sources on every start, while pymorphy3's came compiled."""
    env = {**os.environ, "DEBITORKA_NO_CACHE": ""}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _median_runs(cmds: list[list[str]], runs: int = 11) -> list[float]:
    """Median wall time of each command, the commands taking turns so that drift hits both alike."""
    times: list[list[float]] = [[] for _ in cmds]
    env = _cold_env()
    for _ in range(runs):
        for cmd, out in zip(cmds, times):
            t = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=env)
            out.append(time.perf_counter() - t)
    return [statistics.median(t) for t in times]


def _stages(texts: list[str], rb, today: date) -> list[tuple[str, float]]:
    """Microseconds per utterance of each stage of scoring, each run alone over the corpus (best of 3).

    Run alone, a stage keeps its code and data in the CPU caches, so the stages add up to less than
    full scoring; the split says where to look, the table above says how fast it is."""
    from scoring.analysis import analyze
    from scoring.entities import find_dates, find_money
    from scoring.normalize import normalize
    from scoring.report import score_turns
    from scoring.text import tokenize
    from scoring.transcript import Turn

    ms = rb.markers
    norms = [normalize(t) for t in texts]
    tokens = [tokenize(t, ms.vocabulary, n) for t, n in zip(texts, norms)]
    analyses = [[analyze(t, ms, today)] for t in texts]
    pairs = list(zip(texts, norms, tokens, analyses))
    stages = [
        ("normalise", lambda t, n, k, a: normalize(t)),
        ("tokenise + lemmas + typos", lambda t, n, k, a: tokenize(t, ms.vocabulary, n)),
        ("markers", lambda t, n, k, a: ms.find(t, k)),
        ("dates", lambda t, n, k, a: find_dates(t, today, norm=n)),
        ("money", lambda t, n, k, a: find_money(t, norm=n)),
        ("rules + report", lambda t, n, k, a: score_turns([Turn("trainee", t)], rb, today, a)),
    ]
    out = []
    for name, f in stages:
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            for args in pairs:
                f(*args)
            best = min(best, time.perf_counter() - t0)
        out.append((name, best / len(texts) * 1e6))
    return out


def main() -> None:
    from scoring.report import score_turns
    from scoring.rulebook import load_rulebook
    from scoring.text import tokenize
    from scoring.transcript import Turn

    today = date(2026, 11, 23)
    texts = corpus()
    rb = load_rulebook()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
          f"{platform.python_version()}, {platform.system()}")
    print(f"corpus: {len(texts)} trainee utterances, {len(set(texts))} distinct, "
          f"{sum(map(len, texts)) // len(texts)} chars on average\n")

    for t in texts:  # warm the lemma cache for both measurements
        score_turns([Turn("trainee", t)], rb, today)

    floor, full, lat = _timed(texts, tokenize, lambda t: score_turns([Turn("trainee", t)], rb, today))
    lat.sort()
    p50, p99 = lat[len(lat) // 2], lat[int(len(lat) * 0.99)]

    print(f"{'measure (best of ' + str(PASSES) + ' tries a chunk)':<44}{'debitorka':>14}{'baseline':>14}{'ratio':>9}  target")
    print(f"{'utterances/s: full scoring vs tokenise+lemmas':<44}{len(texts) / full:>14,.0f}"
          f"{len(texts) / floor:>14,.0f}{full / floor:>8.2f}x  <= 3x")
    print(f"{'p50 / p99 latency, one utterance (warm)':<44}{p50 * 1e3:>11.3f} ms{p99 * 1e3:>11.3f} ms"
          f"{'':>9}  p99 < 2 ms")

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("М: Добрый день, у вас задолженность 450 000 рублей, оплатите до 15 декабря.\n")
        path = f.name
    try:
        exe = os.path.join(os.path.dirname(sys.executable), "debitorka")
        cmd = [exe] if os.path.exists(exe) else [sys.executable, "-m", "simulator.cli"]
        subprocess.run(cmd + ["score", path], check=True, capture_output=True, env=_cold_env())  # fill the caches
        ours, base = _median_runs([cmd + ["score", path, "--today", "2026-11-23"],
                                   [sys.executable, "-c", "import pymorphy3; pymorphy3.MorphAnalyzer()"]])
    finally:
        os.unlink(path)
    print(f"{'cold start: debitorka score vs pymorphy3 init':<44}{ours * 1e3:>11.0f} ms{base * 1e3:>11.0f} ms"
          f"{ours / base:>8.2f}x  <= 1.5x")

    print("\nwhere the time goes (µs per utterance, each stage alone, warm):")
    print("  " + " · ".join(f"{name} {us:.0f}" for name, us in _stages(texts, rb, today)))


if __name__ == "__main__":
    main()
