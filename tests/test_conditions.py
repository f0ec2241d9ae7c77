"""The condition language: parsed by our own parser, evaluated on a tree, never eval/exec."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.conditions import ConditionError, evaluate, names_in, parse_condition

NAMES = {"trust": 60, "pressure": 10, "agreed": True, "amount": None}
CALLS = {"has": lambda m: m == "greeting", "count": lambda m: 2, "days_to": lambda w: 7}


def ev(src):
    return evaluate(parse_condition(src), NAMES, CALLS)


@pytest.mark.parametrize("src,expected", [
    ("trust >= 60", True),
    ("trust > 60", False),
    ("trust >= 60 and pressure < 20", True),
    ("not agreed or trust == 60", True),
    ("has(greeting) and not has(hostility)", True),
    ("count(asks_date) >= 2", True),
    ("days_to(commitment) <= 14", True),
    ("(trust - pressure) * 2 > 90", True),
    ("-pressure < 0", True),
    ("amount >= 100", False),       # missing values compare false
    ("amount == none", True),
    ("trust / 0 > 1", False),        # division by zero is missing, not a crash
    ("true and not false", True),
    ("trust >= 59.5", True),
])
def test_evaluation(src, expected):
    assert ev(src) is expected


@pytest.mark.parametrize("src,col", [
    ("trust >=", 9),
    ("trust >= 60 and", 16),
    ("__import__('os').system('ls')", 12),
    ("trust ≥ 60", 7),
    ("1 < 2 < 3", 7),
    ("has(", 5),
    ("has(1)", 5),
    ("(trust", 7),
    ("trust 60", 7),
    ("lambda: 1", 7),
    ("", 1),
])
def test_syntax_errors_point_at_the_column(src, col):
    with pytest.raises(ConditionError) as e:
        parse_condition(src)
    assert e.value.col == col


def test_names_in_lists_variables_and_calls():
    tree = parse_condition("trust > 1 and has(greeting) or visited(reason)")
    got = {(k, n, a) for k, n, _, a in names_in(tree)}
    assert got == {("name", "trust", ()), ("call", "has", ("greeting",)), ("call", "visited", ("reason",))}


def test_depth_and_length_limits():
    with pytest.raises(ConditionError):
        parse_condition("(" * 100 + "1" + ")" * 100)
    with pytest.raises(ConditionError):
        parse_condition("not " * 100 + "true")
    with pytest.raises(ConditionError):
        parse_condition("1 + " * 200 + "1")


@given(st.text(max_size=80))
def test_parser_never_crashes(src):
    try:
        tree = parse_condition(src)
    except ConditionError as e:
        assert 1 <= e.col <= len(src) + 1
        return
    evaluate(tree, NAMES, CALLS)


ATOMS = st.sampled_from(["trust", "pressure", "1", "0", "has(greeting)", "amount", "true", "days_to(date)"])


@st.composite
def exprs(draw, depth=0):
    if depth > 3 or draw(st.booleans()):
        return draw(ATOMS)
    op = draw(st.sampled_from(["and", "or", "<", ">=", "==", "+", "-", "*"]))
    a, b = draw(exprs(depth + 1)), draw(exprs(depth + 1))
    if draw(st.booleans()):
        return f"not (({a}) {op} ({b}))"
    return f"({a}) {op} ({b})"


@given(exprs())
def test_generated_expressions_parse_and_evaluate(src):
    evaluate(parse_condition(src), NAMES, CALLS)
