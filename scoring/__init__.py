"""Scoring of receivables-call phrasing: text analysis, markers, entities, rulebooks, reports.

Pure Python on purpose: the Textual app and the dialogue engine import this package,
never the other way round (tests/test_isolation.py proves it).
"""

__version__ = "0.1.0"
