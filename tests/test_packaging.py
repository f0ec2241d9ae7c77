"""A wheel built from the tree (not an editable install) carries its YAML and runs."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_wheel_contains_data_and_runs(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path / "dist"), str(ROOT)], check=True, capture_output=True, timeout=300)
    (wheel,) = (tmp_path / "dist").glob("debitorka-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "scoring/data/rules.yaml" in names
    assert "scoring/data/sample-call.txt" in names
    assert "scenarios/README.md" in names
    assert "scenarios/scenario.schema.json" in names
    built_in = {n for n in names if n.startswith("scenarios/") and n.endswith(".yaml")}
    assert built_in, names
    assert any(n.endswith("entry_points.txt") for n in names)

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", "import scoring, simulator; print(scoring.__file__)"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.startswith(str(target))
    p = subprocess.run([sys.executable, "-m", "simulator.cli", "score", "--format", "json",
                        str(target / "scoring" / "data" / "sample-call.txt"), "--today", "2026-11-23"],
                       cwd=tmp_path, env=env, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert '"score"' in p.stdout
