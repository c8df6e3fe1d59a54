"""Evaluation of parsed conditions against one dossier's data (see :mod:`conditions`).

Split from the parser so each module stays small. The evaluator walks the frozen syntax tree of
:mod:`helper_app.forms.condition_syntax`; it can only read data values and call the five whitelisted
functions, and it never raises for any data: a missing value makes comparisons false and
functions null, a type mismatch is simply false.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping

from helper_app.forms.condition_syntax import (
    BoolOp,
    Call,
    Compare,
    Expr,
    ListExpr,
    Literal,
    Name,
    Not,
)
from helper_app.forms.conditions import parse


def _as_date(value: object) -> dt.date | None:
    """An ISO date value (``yyyy-mm-dd``, or partial ``yyyy-mm`` / ``yyyy`` read as its first
    day, so age-based rules on elderly residents with a year of birth only still apply)."""
    if not isinstance(value, str):
        return None
    for pattern, fmt in (
        (r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"),
        (r"\d{4}-\d{2}", "%Y-%m"),
        (r"\d{4}", "%Y"),
    ):
        if re.fullmatch(pattern, value):
            try:
                return dt.datetime.strptime(value, fmt).date()
            except ValueError:
                return None
    return None


def _fn_empty(v: object) -> object:
    if v is None:
        return True
    if isinstance(v, str):
        return not v.strip()
    if isinstance(v, list | tuple | dict):
        return len(v) == 0
    return False


def _fn_len(v: object) -> object:
    if v is None:
        return 0
    if isinstance(v, str | list | tuple):
        return len(v)
    return None


def _age_years(d: dt.date, today: dt.date) -> int:
    return today.year - d.year - ((today.month, today.day) < (d.month, d.day))


def _call(expr: Call, args: list[object], today: dt.date) -> object:
    if expr.func == "empty":
        return _fn_empty(args[0])
    if expr.func == "len":
        return _fn_len(args[0])
    d = _as_date(args[0])
    if d is None:
        return None
    if expr.func == "age_years":
        return _age_years(d, today)
    if expr.func == "days_since":
        return (today - d).days
    return d.year  # year()


def _same_kind(a: object, b: object) -> bool:
    # bool is an int subclass in Python; in conditions true != 1.
    return (isinstance(a, bool) == isinstance(b, bool)) and (
        (isinstance(a, int) and isinstance(b, int))
        or (isinstance(a, str) and isinstance(b, str))
        or type(a) is type(b)
    )


def _equal(a: object, b: object) -> bool:
    return _same_kind(a, b) and a == b


def _contains(container: object, item: object) -> bool:
    if isinstance(container, str):
        return isinstance(item, str) and item in container
    if isinstance(container, list | tuple):
        return any(_equal(item, c) for c in container)
    return False


_ORDER: dict[str, Callable[[object, object], bool]] = {
    "<": lambda a, b: a < b,  # type: ignore[operator]
    "<=": lambda a, b: a <= b,  # type: ignore[operator]
    ">": lambda a, b: a > b,  # type: ignore[operator]
    ">=": lambda a, b: a >= b,  # type: ignore[operator]
}


def _compare(expr: Compare, a: object, b: object) -> bool:
    op = expr.op
    null_test = Literal(None) in (expr.left, expr.right)
    if null_test and op in ("==", "!="):
        return (a is None and b is None) == (op == "==")
    if a is None or b is None:
        return False  # a comparison with a missing value is false, whatever the operator
    if op == "==":
        return _equal(a, b)
    if op == "!=":
        return not _equal(a, b)
    if op == "in":
        return _contains(b, a)
    if op == "not in":
        return isinstance(b, str | list | tuple) and not _contains(b, a)
    comparable = (isinstance(a, int) and isinstance(b, int)) or (
        isinstance(a, str) and isinstance(b, str)
    )
    if not comparable or isinstance(a, bool) or isinstance(b, bool):
        return False
    return _ORDER[op](a, b)


def truthy(value: object) -> bool:
    """Truth of a condition value: null, false, 0, "" (or blank) and [] are false."""
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)


class _Evaluator:
    def __init__(
        self, data: Mapping[str, object], item: Mapping[str, object] | None, today: dt.date
    ) -> None:
        self.data = data
        self.item = item
        self.today = today

    def lookup(self, name: Name) -> object:
        root = name.root
        value: object
        if self.item is not None and root in self.item:
            value = self.item[root]
        else:
            value = self.data.get(root)
        for key in name.parts[1:]:
            value = value.get(key) if isinstance(value, Mapping) else None
        return value

    def eval(self, expr: Expr) -> object:
        if isinstance(expr, Literal):
            return expr.value
        if isinstance(expr, Name):
            return self.lookup(expr)
        if isinstance(expr, ListExpr):
            return [self.eval(i) for i in expr.items]
        if isinstance(expr, Call):
            return _call(expr, [self.eval(a) for a in expr.args], self.today)
        if isinstance(expr, Not):
            return not truthy(self.eval(expr.operand))
        if isinstance(expr, BoolOp):
            left = truthy(self.eval(expr.left))
            if expr.op == "and":
                return left and truthy(self.eval(expr.right))
            return left or truthy(self.eval(expr.right))
        return _compare(expr, self.eval(expr.left), self.eval(expr.right))


def evaluate(
    expr: Expr | str,
    data: Mapping[str, object],
    *,
    today: dt.date,
    item: Mapping[str, object] | None = None,
) -> object:
    """The value of an expression for one dossier.

    Args:
        expr: a parsed AST or condition text.
        data: the dossier's (normalized) data, ``{field_id: value}``.
        today: the reference date of ``age_years``/``days_since`` (passed in, never read from
            the clock here, so server, client and tests agree).
        item: inside a repeat field, the current item: its sub-fields shadow top-level fields.

    Never raises for any data: a missing value makes comparisons false and functions null.
    """
    tree = parse(expr) if isinstance(expr, str) else expr
    return _Evaluator(data, item, today).eval(tree)


def holds(
    expr: Expr | str,
    data: Mapping[str, object],
    *,
    today: dt.date,
    item: Mapping[str, object] | None = None,
) -> bool:
    """True when the condition is true for this data (see :func:`evaluate`)."""
    return truthy(evaluate(expr, data, today=today, item=item))
