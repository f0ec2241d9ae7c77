"""The sessions store: atomic autosave, history order, resume by replay, export, `score` compatibility."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from app_fixtures import FAILURE, SNAP, SUCCESS, Clock, play_offline
from simulator import sessions


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    d = tmp_path / "data"
    monkeypatch.setenv("DEBITORKA_DATA_DIR", str(d))
    return d


def test_data_dir_comes_from_env(data_dir):
    assert sessions.data_dir() == data_dir
    assert sessions.sessions_dir() == data_dir / "sessions"


def test_save_load_round_trip(data_dir):
    rec, s = play_offline(SNAP, SUCCESS[:2], data_dir)
    loaded = sessions.load(rec.path)
    assert loaded.to_dict() == rec.to_dict()
    assert loaded.status == "active" and loaded.ending is None and loaded.score is None
    assert loaded.trainee_lines == SUCCESS[:2]
    assert loaded.turns[0] == {"speaker": "counterpart", "name": "Ирина Сергеевна", "text": "Алло, «Луч», бухгалтерия."}
    assert [t["speaker"] for t in loaded.turns].count("trainee") == 2
    assert loaded.scenario == "snapshot" and loaded.seed == 1 and loaded.today == "2026-11-23"


def test_save_is_atomic_and_leaves_no_temp_files(data_dir, monkeypatch):
    rec, s = play_offline(SNAP, SUCCESS[:1], data_dir)
    before = rec.path.read_text(encoding="utf-8")
    s.say(SUCCESS[1])
    sessions.sync(rec, s)

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sessions.os, "replace", boom)
    with pytest.raises(OSError):
        sessions.save(rec)
    assert rec.path.read_text(encoding="utf-8") == before  # the old version survives intact
    assert [p.name for p in rec.path.parent.iterdir()] == [rec.path.name]  # temp file removed
    monkeypatch.undo()
    sessions.save(rec)
    assert sessions.load(rec.path).trainee_lines == SUCCESS[:2]


def test_finished_session_has_ending_and_score(data_dir):
    rec, s = play_offline(SNAP, SUCCESS, data_dir)
    loaded = sessions.load(rec.path)
    assert loaded.is_finished and loaded.finished is not None
    assert loaded.ending["id"] == "paid" and loaded.ending["kind"] == "success"
    assert loaded.score == s.report().score and set(loaded.axes) == {"money", "relationship", "speech"}


def test_list_is_newest_first_and_skips_broken_files(data_dir):
    clock = Clock()
    a, _ = play_offline(SNAP, FAILURE, data_dir, clock=clock)
    b, _ = play_offline(SNAP, SUCCESS[:1], data_dir, clock=clock)
    (sessions.sessions_dir() / "broken.json").write_text("{not json", encoding="utf-8")
    (sessions.sessions_dir() / "other.json").write_text('{"turns": []}', encoding="utf-8")
    got = sessions.list_sessions()
    assert [r.id for r in got] == [b.id, a.id]
    assert sessions.list is sessions.list_sessions


def test_list_of_missing_dir_is_empty(tmp_path):
    assert sessions.list_sessions(tmp_path / "nope") == []


def test_best_scores_counts_finished_calls_only(data_dir):
    clock = Clock()
    win, _ = play_offline(SNAP, SUCCESS, data_dir, clock=clock)
    lose, _ = play_offline(SNAP, FAILURE, data_dir, clock=clock)
    play_offline(SNAP, SUCCESS[:1], data_dir, clock=clock)
    best = sessions.best_scores(sessions.list_sessions())
    assert best == {"snapshot": max(win.score, lose.score)}


@pytest.mark.parametrize("lines", [SUCCESS[:1], SUCCESS[:2], SUCCESS, FAILURE])
def test_resume_rebuilds_the_same_state(data_dir, lines):
    rec, original = play_offline(SNAP, lines, data_dir, seed=7)
    again = sessions.resume(sessions.load(rec.path))
    assert again.state == original.state
    assert again.node == original.node
    assert again.trust_history == original.trust_history
    assert [(t.speaker, t.name, t.text) for t in again.turns] == [(t.speaker, t.name, t.text) for t in original.turns]
    assert again.finished == original.finished
    assert again.report().score == original.report().score


def test_resume_replays_a_hang_up(data_dir):
    rec, original = play_offline(SNAP, SUCCESS[:1], data_dir, hang_up=True)
    loaded = sessions.load(rec.path)
    assert loaded.hung_up and loaded.is_finished
    again = sessions.resume(loaded)
    assert again.finished and again.ending.id == original.ending.id


def test_digest_mismatch_is_detected(data_dir):
    rec, s = play_offline(SNAP, SUCCESS[:1], data_dir)
    assert sessions.matches_scenario(rec, s.scenario)
    rec.scenario_digest = "0" * 64
    assert not sessions.matches_scenario(rec, s.scenario)
    report = sessions.score_turns_of(rec, s.scenario)
    assert len(report.turns) == len(rec.turns)


def test_missing_scenario_is_a_session_error(data_dir):
    rec, _ = play_offline(SNAP, SUCCESS[:1], data_dir)
    rec.scenario_path = str(data_dir / "gone.yaml")
    rec.scenario = "no-such-scenario"
    with pytest.raises(sessions.SessionError):
        sessions.resume(rec)


def test_bad_file_is_a_session_error(tmp_path):
    p = tmp_path / "x.json"
    p.write_text(json.dumps({"format": "debitorka-session", "id": "1"}), encoding="utf-8")
    with pytest.raises(sessions.SessionError):
        sessions.load(p)
    with pytest.raises(sessions.SessionError):
        sessions.load(tmp_path / "absent.json")


def test_session_file_is_valid_input_for_score(data_dir, capsys):
    from simulator.cli import main

    rec, s = play_offline(SNAP, SUCCESS, data_dir)
    assert main(["score", str(rec.path), "--format", "json", "--today", "2026-11-23"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [t["text"] for t in out["turns"]] == [t["text"] for t in rec.turns]


def test_session_file_replays(data_dir, capsys):
    from simulator.cli import main

    rec, s = play_offline(SNAP, SUCCESS, data_dir)
    assert main(["replay", str(SNAP), str(rec.path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ending"]["id"] == "paid"


def test_export_writes_json_markdown_and_transcript(data_dir, capsys):
    from scoring.transcript import load_transcript
    from simulator.cli import main

    rec, s = play_offline(SNAP, SUCCESS, data_dir)
    paths = sessions.export(rec, s.report(), s.outcome())
    assert all(p.exists() and p.parent == sessions.exports_dir() for p in paths)
    data = json.loads(paths.json.read_text(encoding="utf-8"))
    assert data["report"]["score"] == s.report().score
    assert data["outcome"]["ending"]["id"] == "paid"
    assert data["session"]["id"] == rec.id
    md = paths.markdown.read_text(encoding="utf-8")
    assert md.startswith("# Звонок в «Луч»") and "Дата назначена" in md and "Что скрывал клиент" in md
    assert [t.text for t in load_transcript(paths.transcript)] == [t["text"] for t in rec.turns]
    assert main(["score", str(paths.json), "--format", "json", "--today", "2026-11-23"]) == 0
    capsys.readouterr()


def test_store_and_coaching_do_not_import_textual():
    code = ("import sys\n"
            "import simulator.sessions, simulator.app, simulator.app.coaching, simulator.app.catalog\n"
            "import simulator.app.results, simulator.app.helptext, simulator.app.loader\n"
            "print([m for m in sys.modules if m == 'textual' or m.startswith('textual.')])\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "[]"
