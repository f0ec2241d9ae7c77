"""The documentation's YAML examples must load: a guide that lies is worse than none."""

import re
from pathlib import Path

import pytest

from scoring.rulebook import build, parse_spec

ROOT = Path(__file__).parents[1]


def yaml_blocks(path):
    return re.findall(r"```yaml\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


MARKER_BLOCKS = [b for p in (ROOT / "scenarios" / "README.md", ROOT / "README.md")
                 for b in yaml_blocks(p) if b.lstrip().startswith(("markers:", "extends:"))]


@pytest.mark.parametrize("block", MARKER_BLOCKS)
def test_rulebook_examples_in_docs_load(block):
    spec, marks = parse_spec(block, "doc.yaml")
    build(spec, marks, "doc.yaml", block)


def test_docs_have_rulebook_examples():
    assert len(MARKER_BLOCKS) >= 2
