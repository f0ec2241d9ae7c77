"""User mistakes and hostile files: one clear line, exit code 2, never a traceback."""

import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).parents[1] / "scoring" / "data" / "sample-call.txt"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "simulator.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def assert_one_clear_line(p, *needles):
    assert p.returncode == 2, p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    assert "Traceback" not in p.stderr
    for n in needles:
        assert n in lines[0], lines[0]


def test_missing_file():
    assert_one_clear_line(run("score", "/nonexistent/call.txt"), "/nonexistent/call.txt", "не найден")


def test_empty_file(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("")
    assert_one_clear_line(run("score", str(f)), "пуст")


def test_only_comments(tmp_path):
    f = tmp_path / "c.txt"
    f.write_text("# nothing here\n\n")
    assert_one_clear_line(run("score", str(f)), "нет ни одной реплики")


def test_no_trainee_turn(tmp_path):
    f = tmp_path / "t.txt"
    f.write_text("Клиент: алло\nКлиент: никого нет\n")
    assert_one_clear_line(run("score", str(f)), "нет реплик менеджера")


def test_binary_file(tmp_path):
    f = tmp_path / "b.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert_one_clear_line(run("score", str(f)), "двоичный")


def test_non_utf8_file(tmp_path):
    f = tmp_path / "cp1251.txt"
    f.write_bytes("М: Добрый день\nКлиент: ".encode("utf-8") + "привет".encode("cp1251"))
    assert_one_clear_line(run("score", str(f)), "cp1251.txt:2:", "UTF-8")


def test_directory_given(tmp_path):
    assert_one_clear_line(run("score", str(tmp_path)), "каталог")


def test_text_before_any_speaker(tmp_path):
    f = tmp_path / "t.txt"
    f.write_text("просто текст без говорящего\nМ: привет\n")
    assert_one_clear_line(run("score", str(f)), "t.txt:1:1")


def test_bad_today():
    assert_one_clear_line(run("score", str(SAMPLE), "--today", "23.11.2026"), "--today")


RULEBOOKS = {
    "syntax": ("rules:\n  - id: x\n    axis: [money\n", "bad.yaml:"),
    "not-a-mapping": ("- a\n- b\n", "словарь"),
    "wrong-type": ("rules:\n  - id: x\n    axis: money\n    weight: много\n    kind: require\n"
                   "    markers: [greeting]\n    message: m\n", "bad.yaml:4:"),
    "unknown-marker": ("rules:\n  - id: x\n    axis: money\n    weight: 1\n    kind: require\n"
                       "    markers: [no_such_marker]\n    message: m\n", "bad.yaml:6:", ),
    "unknown-key": ("rules:\n  - id: x\n    axis: money\n    wieght: 1\n", "bad.yaml:"),
    "bad-axis": ("rules:\n  - id: x\n    axis: love\n    weight: 1\n    kind: require\n"
                 "    markers: [amount]\n    message: m\n", "bad.yaml:3:"),
    "python-tag": ("rules: !!python/object/apply:os.system ['echo hacked']\n", "bad.yaml:1:"),
    "bad-pattern": ("markers:\n  x:\n    patterns: ['до$лг']\n    examples: [долг]\n", "bad.yaml:3:"),
    "empty": ("", "пуст"),
    "duplicate-rule": ("rules:\n" + "".join(
        f"  - id: x\n    axis: money\n    weight: 1\n    kind: require\n    markers: [amount]\n    message: m{i}\n"
        for i in range(2)), "дважды"),
}


@pytest.mark.parametrize("name", sorted(RULEBOOKS))
def test_bad_rulebooks(tmp_path, name):
    text, needle = RULEBOOKS[name]
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    p = run("score", str(SAMPLE), "--rules", str(f))
    assert_one_clear_line(p, needle)
    assert "hacked" not in p.stdout


def test_alias_bomb(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    f = tmp_path / "bomb.yaml"
    f.write_text("\n".join(lines) + "\n")
    assert_one_clear_line(run("score", str(SAMPLE), "--rules", str(f)), "bomb.yaml:")


def test_huge_rulebook(tmp_path):
    f = tmp_path / "huge.yaml"
    with f.open("w") as fh:
        line = "# " + "x" * 1000 + "\n"
        for _ in range(50 * 1024):
            fh.write(line)
    assert_one_clear_line(run("score", str(SAMPLE), "--rules", str(f)), "слишком большой")


def test_deep_nesting(tmp_path):
    f = tmp_path / "deep.yaml"
    f.write_text("a: " + "[" * 200 + "]" * 200 + "\n")
    assert_one_clear_line(run("score", str(SAMPLE), "--rules", str(f)), "deep.yaml:")
