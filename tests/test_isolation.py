"""The scorer is domain code: importing it must not pull in the UI or the engine."""

import subprocess
import sys


def test_scoring_imports_no_textual_or_simulator():
    code = (
        "import sys\n"
        "import scoring, scoring.report, scoring.render, scoring.rulebook, scoring.analysis\n"
        "from scoring.rulebook import load_rulebook\n"
        "load_rulebook(verify=False)\n"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'simulator'))]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
