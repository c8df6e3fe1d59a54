"""The syntax tree of a condition: what :func:`helper_app.forms.conditions.parse` builds and
:mod:`helper_app.forms.condition_eval` walks.

In its own module so that the parser and the evaluator both depend on it and not on each other.
The nodes are frozen dataclasses: a parsed condition is cached and shared between threads.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Literal:
    """A string, integer, boolean or null constant."""

    value: str | int | bool | None


@dataclass(frozen=True)
class ListExpr:
    """A list literal ``[a, b, c]`` (its items may be any expression)."""

    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Name:
    """A field reference; ``parts`` has more than one element for ``address.province_code``."""

    parts: tuple[str, ...]

    @property
    def root(self) -> str:
        """The field id this reference depends on."""
        return self.parts[0]


@dataclass(frozen=True)
class Call:
    """A call of one of the whitelisted functions (checked when parsing)."""

    func: str
    args: tuple[Expr, ...]


@dataclass(frozen=True)
class Not:
    """Logical negation."""

    operand: Expr


@dataclass(frozen=True)
class BoolOp:
    """``and`` / ``or`` with short-circuit evaluation (left-associative)."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Compare:
    """A single comparison (chains such as ``a < b < c`` are not in the language)."""

    op: str
    left: Expr
    right: Expr


Expr = Literal | ListExpr | Name | Call | Not | BoolOp | Compare
