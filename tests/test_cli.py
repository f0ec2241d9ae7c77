"""`debitorka score` and friends, run as a user would."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
SAMPLE = ROOT / "scoring" / "data" / "sample-call.txt"


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "simulator.cli", *args], capture_output=True, text=True,
                          timeout=120, **kw)


@pytest.fixture(scope="module")
def sample_json():
    p = run("score", str(SAMPLE), "--today", "2026-11-23", "--format", "json")
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_json_shape_is_stable(sample_json):
    d = sample_json
    assert set(d) == {"score", "axes", "rules", "commitment", "turns"}
    assert isinstance(d["score"], int) and 0 <= d["score"] <= 100
    assert set(d["axes"]) == {"money", "relationship", "speech"}
    for r in d["rules"]:
        assert set(r) == {"id", "axis", "passed", "weight", "message", "suggestion", "hits"}
        for h in r["hits"]:
            assert set(h) == {"turn", "start", "end", "text"}
            assert d["turns"][h["turn"]]["text"][h["start"]:h["end"]] == h["text"]
    for t in d["turns"]:
        assert set(t) == {"speaker", "text", "markers"}
        assert t["speaker"] in ("trainee", "counterpart")


def test_sample_call_is_judged_sensibly(sample_json):
    rules = {r["id"]: r for r in sample_json["rules"]}
    assert rules["greets"]["passed"]
    assert not rules["no-shared-responsibility"]["passed"]
    assert "нас с вами" in rules["no-shared-responsibility"]["hits"][0]["text"]
    assert not rules["no-pleading"]["passed"]
    assert rules["ends-with-concrete-date"]["passed"]
    assert sample_json["commitment"] == {"date": "2026-12-04", "amount": 450000, "turn": 12}


def test_text_output_quotes_the_trainee(tmp_path):
    p = run("score", str(SAMPLE), "--today", "2026-11-23", env={"COLUMNS": "200", "PATH": "/usr/bin:/bin",
                                                               "DEBITORKA_NO_CACHE": "1"})
    assert p.returncode == 0, p.stderr
    assert "у нас с вами образовалась задолженность" in " ".join(p.stdout.split())
    assert "Лучше" in p.stdout
    assert "Отношения" in p.stdout and "Деньги" in p.stdout and "Речь" in p.stdout


def test_text_output_shows_a_file_name_as_written(tmp_path):
    """The title is the file's name, not rich markup: «[red]» and «:fire:» stay as they are."""
    f = tmp_path / "звонок [red]:fire:.txt"
    f.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    p = run("score", str(f), "--today", "2026-11-23", env={"COLUMNS": "300", "PATH": "/usr/bin:/bin",
                                                         "DEBITORKA_NO_CACHE": "1"})
    assert p.returncode == 0, p.stderr
    assert "звонок [red]:fire:.txt" in p.stdout


def test_markdown_output():
    p = run("score", str(SAMPLE), "--today", "2026-11-23", "--format", "md")
    assert p.returncode == 0
    assert p.stdout.startswith("# ")
    assert "## Расшифровка" in p.stdout


def test_custom_rulebook_extends_default(tmp_path):
    rb = tmp_path / "mine.yaml"
    rb.write_text(
        "extends: default\n"
        "markers:\n"
        "  mentions_contract:\n"
        "    patterns: [договор]\n"
        "    examples: [по договору поставки]\n"
        "rules:\n"
        "  - id: cites-contract\n"
        "    axis: money\n"
        "    weight: 5\n"
        "    kind: require\n"
        "    markers: [mentions_contract]\n"
        "    message: Сошлитесь на договор.\n"
        "weights:\n"
        "  greets: 10\n")
    p = run("score", str(SAMPLE), "--rules", str(rb), "--format", "json", "--today", "2026-11-23")
    assert p.returncode == 0, p.stderr
    rules = {r["id"]: r for r in json.loads(p.stdout)["rules"]}
    assert rules["cites-contract"]["passed"] is False
    assert rules["greets"]["weight"] == 10
    assert "names-the-debt" in rules


def test_rules_command_lists_rules_and_markers():
    p = run("rules")
    assert p.returncode == 0, p.stderr
    assert "names-the-debt" in p.stdout and "shared_responsibility" in p.stdout


def _commands(parser) -> dict:
    (sub,) = [a for a in parser._actions if a.dest == "command"]
    return sub.choices


def test_parser_built_for_one_command_is_that_commands_full_parser():
    """`debitorka score …` builds only the score subparser (start-up); it must be the same parser."""
    from simulator.cli import build_parser

    full = _commands(build_parser())
    assert len(full) > 10
    for name, parser in full.items():
        only = _commands(build_parser(name))
        assert list(only) == [name]
        assert only[name].format_help() == parser.format_help()
        assert only[name].get_default("func") is parser.get_default("func")


def test_unknown_command_is_refused_with_the_full_list(capsys):
    from simulator.cli import main

    with pytest.raises(SystemExit) as e:
        main(["scor", "x.txt"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'scor'" in err and "'score'" in err and "'board'" in err
