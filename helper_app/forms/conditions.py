"""The condition language of procedure definitions: tokenizer, parser and printer.

Definitions say *when* a field is shown (``relevant_if``), *when* it is required (``required_if``)
and what a cross-field rule demands (``when`` / ``check``) as short strings such as
``paternity_declared == true and not empty(father_full_name)``. This module owns that language.
A hand-written tokenizer and recursive-descent parser turn a string into a tree of the frozen
dataclasses of :mod:`helper_app.forms.condition_syntax` (evaluated by
:mod:`helper_app.forms.condition_eval`); nothing is ever passed to ``eval``/``exec`` and no Python
object is reachable from an expression: only literals, field values and a fixed whitelist of
functions exist. The same code runs on the laptop and on the server, so a definition means the same
thing on both sides.

Grammar (lowest precedence first)::

    expr       := or_expr
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := primary [ ("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" "in") primary ]
    primary    := STRING | INT | "true" | "false" | "null" | list | call | NAME | "(" expr ")"
    list       := "[" [ expr ("," expr)* [","] ] "]"
    call       := FUNC "(" [ expr ("," expr)* ] ")"
    NAME       := identifier ("." identifier)*      (a field id, optionally a key inside it)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

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

MAX_EXPRESSION_LENGTH = 2000
MAX_NESTING = 40
MAX_INT_DIGITS = 18

Value = str | int | bool | None | list[object] | Mapping[str, object]


class ConditionSyntaxError(ValueError):
    """A condition string that is not in the language.

    Attributes:
        expression: the whole text that failed to parse.
        position: 0-based character offset of the problem.
        reason: what was expected there.
    """

    def __init__(self, expression: str, position: int, reason: str) -> None:
        self.expression = expression
        self.position = position
        self.reason = reason
        shown = expression if len(expression) <= 120 else expression[:117] + "..."
        super().__init__(f"{reason} at position {position} in condition {shown!r}")


# ---------------------------------------------------------------------------------- tokens

_KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null"})
_COMPARE_OPS = ("==", "!=", "<=", ">=", "<", ">")
# name -> number of arguments
FUNCTIONS: Mapping[str, int] = {
    "empty": 1,
    "len": 1,
    "age_years": 1,
    "days_since": 1,
    "year": 1,
}
_DIGITS = "0123456789"
_DIGITS_NONEMPTY = tuple(_DIGITS)
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class _Token:
    kind: str  # "str", "int", "name", "kw", "op", "end"
    text: str
    pos: int
    value: str | int | None = None


def _read_string(text: str, start: int) -> tuple[_Token, int]:
    quote = text[start]
    out: list[str] = []
    i = start + 1
    escapes = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'"}
    while i < len(text):
        ch = text[i]
        if ch == quote:
            return _Token("str", text[start : i + 1], start, "".join(out)), i + 1
        if ch == "\\":
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if nxt not in escapes:
                raise ConditionSyntaxError(text, i, "unknown escape in string")
            out.append(escapes[nxt])
            i += 2
            continue
        out.append(ch)
        i += 1
    raise ConditionSyntaxError(text, start, "unterminated string")


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in " \t\r\n":
            i += 1
        elif ch in "\"'":
            tok, i = _read_string(text, i)
            tokens.append(tok)
        elif ch in _DIGITS or (ch == "-" and text[i + 1 : i + 2] in _DIGITS_NONEMPTY):
            j = i + 1
            while j < len(text) and text[j] in _DIGITS:
                j += 1
            if j - i - (ch == "-") > MAX_INT_DIGITS:
                raise ConditionSyntaxError(text, i, "integer literal too long")
            if j < len(text) and (text[j].isalnum() or text[j] == "_"):
                raise ConditionSyntaxError(text, j, "a number cannot run into a name")
            tokens.append(_Token("int", text[i:j], i, int(text[i:j])))
            i = j
        elif (m := _IDENT.match(text, i)) is not None:
            word = m.group()
            tokens.append(_Token("kw" if word in _KEYWORDS else "name", word, i))
            i = m.end()
        elif text.startswith(("==", "!=", "<=", ">="), i):
            tokens.append(_Token("op", text[i : i + 2], i))
            i += 2
        elif ch in "<>()[],.":
            tokens.append(_Token("op", ch, i))
            i += 1
        else:
            raise ConditionSyntaxError(text, i, f"unexpected character {ch!r}")
    tokens.append(_Token("end", "", len(text)))
    return tokens


# ---------------------------------------------------------------------------------- parser


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def _error(self, reason: str, tok: _Token | None = None) -> ConditionSyntaxError:
        t = tok or self.tok
        found = "end of expression" if t.kind == "end" else repr(t.text)
        return ConditionSyntaxError(self.text, t.pos, f"{reason}, found {found}")

    def _is(self, kind: str, text: str | None = None) -> bool:
        return self.tok.kind == kind and (text is None or self.tok.text == text)

    def _take(self) -> _Token:
        tok = self.tok
        self.i += 1
        return tok

    def _expect_op(self, text: str) -> None:
        if not self._is("op", text):
            raise self._error(f"expected {text!r}")
        self.i += 1

    def parse(self) -> Expr:
        expr = self._expr()
        if not self._is("end"):
            raise self._error("expected an operator or the end of the expression")
        return expr

    def _expr(self) -> Expr:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self._error("expression nested too deeply")
        try:
            return self._or()
        finally:
            self.depth -= 1

    def _or(self) -> Expr:
        left = self._and()
        while self._is("kw", "or"):
            self.i += 1
            left = BoolOp("or", left, self._and())
        return left

    def _and(self) -> Expr:
        left = self._not()
        while self._is("kw", "and"):
            self.i += 1
            left = BoolOp("and", left, self._not())
        return left

    def _not(self) -> Expr:
        if self._is("kw", "not"):
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise self._error("expression nested too deeply")
            self.i += 1
            try:
                return Not(self._not())
            finally:
                self.depth -= 1
        return self._comparison()

    def _comparison(self) -> Expr:
        left = self._primary()
        if self.tok.kind == "op" and self.tok.text in _COMPARE_OPS:
            op = self._take().text
        elif self._is("kw", "in"):
            self.i += 1
            op = "in"
        elif (
            self._is("kw", "not")
            and self.tokens[self.i + 1].kind == "kw"
            and (self.tokens[self.i + 1].text == "in")
        ):
            self.i += 2
            op = "not in"
        else:
            return left
        right = self._primary()
        if self.tok.kind == "op" and self.tok.text in _COMPARE_OPS or self._is("kw", "in"):
            raise self._error("chained comparisons are not allowed; use 'and'")
        return Compare(op, left, right)

    def _primary(self) -> Expr:  # noqa: C901 - one branch per token kind
        tok = self.tok
        if tok.kind == "str" or tok.kind == "int":
            self.i += 1
            return Literal(tok.value)
        if tok.kind == "kw" and tok.text in ("true", "false", "null"):
            self.i += 1
            return Literal({"true": True, "false": False, "null": None}[tok.text])
        if self._is("op", "("):
            self.i += 1
            inner = self._expr()
            self._expect_op(")")
            return inner
        if self._is("op", "["):
            self.i += 1
            return ListExpr(self._items("]"))
        if tok.kind == "name":
            self.i += 1
            if self._is("op", "("):
                return self._call(tok)
            parts = [tok.text]
            while self._is("op", "."):
                self.i += 1
                if self.tok.kind != "name":
                    raise self._error("expected a key name after '.'")
                parts.append(self._take().text)
            return Name(tuple(parts))
        raise self._error("expected a value, a field name, a function call or '('")

    def _items(self, closer: str) -> tuple[Expr, ...]:
        items: list[Expr] = []
        while not self._is("op", closer):
            items.append(self._expr())
            if self._is("op", ","):
                self.i += 1
            elif not self._is("op", closer):
                raise self._error(f"expected ',' or {closer!r}")
        self.i += 1
        return tuple(items)

    def _call(self, name_tok: _Token) -> Call:
        if name_tok.text not in FUNCTIONS:
            allowed = ", ".join(sorted(FUNCTIONS))
            raise ConditionSyntaxError(
                self.text, name_tok.pos, f"unknown function {name_tok.text!r} (allowed: {allowed})"
            )
        self.i += 1  # "("
        args = self._items(")")
        if len(args) != FUNCTIONS[name_tok.text]:
            raise ConditionSyntaxError(
                self.text,
                name_tok.pos,
                f"{name_tok.text}() takes {FUNCTIONS[name_tok.text]} argument(s), got {len(args)}",
            )
        return Call(name_tok.text, args)


def parse(text: str) -> Expr:
    """Parse a condition string into its AST.

    Results are memoised (the same few hundred strings are evaluated again and again by the
    editor); the AST is immutable so sharing it is safe.

    Raises:
        ConditionSyntaxError: naming the expression and the character position.
    """
    if not isinstance(text, str):
        raise ConditionSyntaxError(repr(text), 0, "a condition must be a string")
    return _parse_cached(text)


@functools.lru_cache(maxsize=2048)
def _parse_cached(text: str) -> Expr:
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ConditionSyntaxError(text, MAX_EXPRESSION_LENGTH, "expression too long")
    if not text.strip():
        raise ConditionSyntaxError(text, 0, "empty condition")
    return _Parser(text).parse()


# --------------------------------------------------------------------------------- printer


def _quote(s: str) -> str:
    body = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{body}"'


def _precedence(expr: Expr) -> int:
    if isinstance(expr, BoolOp):
        return 1 if expr.op == "or" else 2
    if isinstance(expr, Not):
        return 3
    if isinstance(expr, Compare):
        return 4
    return 5


def _wrap(expr: Expr, minimum: int) -> str:
    text = to_source(expr)
    return f"({text})" if _precedence(expr) < minimum else text


def to_source(expr: Expr) -> str:
    """Print an AST back as condition text with the fewest parentheses that keep its meaning.

    ``parse(to_source(e)) == e`` for every AST (a hypothesis test holds us to it), which lets the
    linter and the docs show conditions in one canonical spelling.
    """
    if isinstance(expr, Literal):
        v = expr.value
        if v is None:
            return "null"
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return str(v)
        return _quote(v)
    if isinstance(expr, ListExpr):
        return "[" + ", ".join(to_source(i) for i in expr.items) + "]"
    if isinstance(expr, Name):
        return ".".join(expr.parts)
    if isinstance(expr, Call):
        return f"{expr.func}(" + ", ".join(to_source(a) for a in expr.args) + ")"
    if isinstance(expr, Not):
        return "not " + _wrap(expr.operand, 3)
    if isinstance(expr, Compare):
        return f"{_wrap(expr.left, 5)} {expr.op} {_wrap(expr.right, 5)}"
    level = _precedence(expr)
    return f"{_wrap(expr.left, level)} {expr.op} {_wrap(expr.right, level + 1)}"


# ------------------------------------------------------------------------------ references


def _walk(expr: Expr) -> Iterator[Expr]:
    yield expr
    children: Sequence[Expr] = ()
    if isinstance(expr, ListExpr):
        children = expr.items
    elif isinstance(expr, Call):
        children = expr.args
    elif isinstance(expr, Not):
        children = (expr.operand,)
    elif isinstance(expr, BoolOp | Compare):
        children = (expr.left, expr.right)
    for child in children:
        yield from _walk(child)


def references(expr: Expr | str) -> set[str]:
    """The field ids an expression reads (roots of dotted names), for the definition linter."""
    tree = parse(expr) if isinstance(expr, str) else expr
    return {node.root for node in _walk(tree) if isinstance(node, Name)}


def tests_presence(expr: Expr | str) -> bool:
    """True when the expression asks whether values exist (``empty``, ``len``, ``== null``).

    Rules whose check only compares values are skipped while a value they read is missing (the
    ``required`` problem already says so); presence tests must run on missing values.
    """
    tree = parse(expr) if isinstance(expr, str) else expr
    for node in _walk(tree):
        if isinstance(node, Call) and node.func in ("empty", "len"):
            return True
        if isinstance(node, Compare) and Literal(None) in (node.left, node.right):
            return True
    return False


__all__ = [
    "FUNCTIONS",
    "BoolOp",
    "Call",
    "Compare",
    "ConditionSyntaxError",
    "Expr",
    "ListExpr",
    "Literal",
    "Name",
    "Not",
    "parse",
    "references",
    "tests_presence",
    "to_source",
]
