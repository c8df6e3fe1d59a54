"""The condition language: parsing, printing, evaluation and its safety properties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helper_app.forms.condition_eval import evaluate, holds
from helper_app.forms.conditions import (
    FUNCTIONS,
    BoolOp,
    Call,
    Compare,
    ConditionSyntaxError,
    Expr,
    ListExpr,
    Literal,
    Name,
    Not,
    parse,
    references,
    to_source,
)

TODAY = dt.date(2026, 1, 15)


def ev(text: str, data: Mapping[str, object] | None = None, **kw: object) -> object:
    return evaluate(text, data or {}, today=TODAY, **kw)  # type: ignore[arg-type]


# ---------------------------------------------------------------- parsing


def test_precedence_not_binds_tighter_than_and_which_binds_tighter_than_or() -> None:
    tree = parse("a or b and not c")
    assert tree == BoolOp("or", Name(("a",)), BoolOp("and", Name(("b",)), Not(Name(("c",)))))


def test_literals_and_lists() -> None:
    assert parse("'x'") == Literal("x")
    assert parse('"it\\"s"') == Literal('it"s')
    assert parse("-12") == Literal(-12)
    assert parse("[1, 'a', null, true,]") == ListExpr(
        (Literal(1), Literal("a"), Literal(None), Literal(True))
    )
    assert parse("[]") == ListExpr(())


def test_not_in_is_one_operator() -> None:
    assert parse("a not in ['x']") == Compare("not in", Name(("a",)), ListExpr((Literal("x"),)))


def test_vietnamese_string_literal() -> None:
    assert ev("gender == 'Nữ'", {"gender": "Nữ"}) is True


@pytest.mark.parametrize(
    ("text", "position", "fragment"),
    [
        ("a ==", 4, "expected a value"),
        ("a == 1 and", 10, "expected a value"),
        ("eval(x)", 0, "unknown function 'eval'"),
        ("__import__('os')", 0, "unknown function"),
        ("len(a, b)", 0, "takes 1 argument"),
        ("a < b < c", 6, "chained"),
        ("'abc", 0, "unterminated"),
        ("a = 1", 2, "unexpected character '='"),
        ("a b", 2, "expected an operator"),
        ("", 0, "empty"),
        ("(a", 2, "expected ')'"),
        ("a.", 2, "key name"),
        ("1" * 40, 0, "too long"),
        ("a && b", 2, "unexpected character '&'"),
    ],
)
def test_syntax_errors_name_expression_and_position(
    text: str, position: int, fragment: str
) -> None:
    with pytest.raises(ConditionSyntaxError) as info:
        parse(text)
    assert info.value.position == position
    assert fragment in str(info.value)
    assert repr(text[:20]).strip("'")[:5] in str(info.value)


def test_deep_nesting_is_a_syntax_error_not_a_recursion_error() -> None:
    with pytest.raises(ConditionSyntaxError, match="nested too deeply"):
        parse("(" * 500 + "a" + ")" * 500)
    with pytest.raises(ConditionSyntaxError, match="nested too deeply"):
        parse("not " * 100 + "a")


def test_huge_expression_rejected() -> None:
    with pytest.raises(ConditionSyntaxError, match="too long"):
        parse("a or " * 1000 + "a")


def test_non_string_condition_is_a_syntax_error() -> None:
    with pytest.raises(ConditionSyntaxError):
        parse(42)  # type: ignore[arg-type]


def test_references_roots_of_names_only() -> None:
    assert references("empty(father.name) or x in [y, 'z'] and age_years(dob) > 3") == {
        "father",
        "x",
        "y",
        "dob",
    }


# ---------------------------------------------------------------- evaluation


def test_missing_value_makes_every_comparison_false() -> None:
    for op in ("==", "!=", "<", "<=", ">", ">=", "in", "not in"):
        assert ev(f"x {op} 1") is False, op
        assert ev(f"1 {op} x") is False, op


def test_explicit_null_tests() -> None:
    assert ev("x == null") is True
    assert ev("x != null") is False
    assert ev("x != null", {"x": ""}) is True
    assert ev("null == null") is True


def test_type_mismatch_is_false_not_an_exception() -> None:
    assert ev("x < 3", {"x": "abc"}) is False
    assert ev("x == 1", {"x": True}) is False
    assert ev("x != 1", {"x": "1"}) is True
    assert ev("x > 1", {"x": [1]}) is False
    assert ev("x in 3", {"x": 3}) is False


def test_iso_dates_compare_as_strings() -> None:
    data = {"birth": "2020-01-01", "death": "2019-12-31"}
    assert ev("death >= birth", data) is False


def test_functions() -> None:
    data = {"dob": "2020-01-16", "kids": [{}, {}], "name": "  ", "partial": "1940"}
    assert ev("age_years(dob)", data) == 5  # birthday tomorrow
    assert ev("age_years(partial)", data) == 86
    assert ev("days_since(dob)", data) == (TODAY - dt.date(2020, 1, 16)).days
    assert ev("year(dob)", data) == 2020
    assert ev("len(kids)", data) == 2
    assert ev("empty(name) and empty(nothing) and not empty(kids)", data) is True
    assert ev("age_years(bad)", {"bad": "2020-02-30"}) is None
    assert ev("age_years(bad) < 6", {"bad": 12}) is False


def test_repeat_item_shadows_top_level_field() -> None:
    data = {"relation": "top", "other": 1}
    item = {"relation": "child"}
    assert holds("relation == 'child' and other == 1", data, today=TODAY, item=item)
    assert not holds("relation == 'child'", data, today=TODAY)


def test_dotted_access_into_address() -> None:
    data = {"home": {"province_code": "24"}, "text": "x"}
    assert ev("home.province_code == '24'", data) is True
    assert ev("text.province_code == '24'", data) is False


def test_short_circuit_and_truthiness() -> None:
    assert ev("'' or 0 or []") is False
    assert ev("'a' and 1 and [0]") is True
    assert ev("'ab' in 'cabd' and 'x' not in ['y']") is True


# ---------------------------------------------------------------- properties

names = st.sampled_from(["a", "b", "child_dob", "gender", "members", "addr.province_code"]).map(
    lambda s: Name(tuple(s.split(".")))
)
literals = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**17), max_value=10**17),
    st.text(max_size=8),
).map(Literal)


def _extend(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    return st.one_of(
        st.builds(Not, children),
        st.builds(BoolOp, st.sampled_from(["and", "or"]), children, children),
        st.builds(
            Compare,
            st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "in", "not in"]),
            children,
            children,
        ),
        st.builds(ListExpr, st.lists(children, max_size=3).map(tuple)),
        st.builds(Call, st.sampled_from(sorted(FUNCTIONS)), children.map(lambda c: (c,))),
    )


expressions = st.recursive(st.one_of(names, literals), _extend, max_leaves=12)

values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(max_size=10),
        st.sampled_from(["2020-02-29", "1950", "1999-12", "2031-01-01"]),
    ),
    lambda c: st.one_of(
        st.lists(c, max_size=3),
        st.dictionaries(st.sampled_from(["province_code", "x"]), c, max_size=2),
    ),
    max_leaves=5,
)
datas = st.dictionaries(
    st.sampled_from(["a", "b", "child_dob", "gender", "members", "addr"]), values
)


@settings(max_examples=200, deadline=None)
@given(expressions)
def test_print_then_parse_round_trips(tree: Expr) -> None:
    text = to_source(tree)
    again = parse(text)
    assert repr(again) == repr(tree)  # repr distinguishes true from 1
    assert to_source(again) == text


@settings(max_examples=200, deadline=None)
@given(expressions, datas, st.dates())
def test_well_formed_expressions_evaluate_without_exceptions(
    tree: Expr, data: dict[str, object], today: dt.date
) -> None:
    evaluate(to_source(tree), data, today=today)
    holds(tree, data, today=today, item={"a": 1})


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=60),
        st.text(alphabet="ab01'\"()[],.=!<> -_\\notandifull", max_size=60),
    )
)
def test_junk_either_parses_or_raises_condition_syntax_error(text: str) -> None:
    try:
        tree = parse(text)
    except ConditionSyntaxError as err:
        assert 0 <= err.position <= len(text)
    else:
        evaluate(tree, {}, today=TODAY)
