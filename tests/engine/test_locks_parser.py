"""The lock language (sandbox/engine/locks.py): round trips, precedence, errors with columns."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox.engine.locks import (
    And,
    Call,
    LockCheck,
    LockError,
    LockFuncs,
    Node,
    Not,
    Or,
    lockfunc,
    parse_expr,
    parse_lockstring,
)

NAMES = st.sampled_from(["perm", "holds", "attr", "tag", "id", "true", "false", "inside", "notes", "orb", "android"])
# Arguments may hold anything, the characters the syntax uses included: quoting must cope.
ARGS = st.text(alphabet=st.sampled_from(list("ab z9#_-.,()=;:\"'\\")) | st.characters(codec="utf-8"), min_size=1, max_size=8)
KW = st.sampled_from(["compare", "category", "x"])


@st.composite
def calls(draw: st.DrawFn) -> Call:
    args = tuple(draw(st.lists(ARGS, max_size=3)))
    kwargs = tuple(draw(st.dictionaries(KW, ARGS, max_size=2)).items())
    return Call(draw(NAMES), args, kwargs)


def trees() -> st.SearchStrategy[Node]:
    return st.recursive(
        calls(),
        lambda kids: st.one_of(
            kids.map(Not),
            st.lists(kids, min_size=2, max_size=3).map(lambda xs: And(tuple(xs))),
            st.lists(kids, min_size=2, max_size=3).map(lambda xs: Or(tuple(xs))),
        ),
        max_leaves=8,
    )


@settings(max_examples=300, deadline=None)
@given(trees())
def test_a_tree_printed_parses_back_to_itself(tree: Node) -> None:
    assert parse_expr(str(tree)) == tree


@settings(max_examples=200, deadline=None)
@given(trees(), st.sampled_from([" ", "  ", "\t"]), st.booleans())
def test_parse_str_parse_is_stable_whatever_the_spacing_and_case(tree: Node, gap: str, upper: bool) -> None:
    text = str(tree).replace(" and ", f"{gap}and{gap}").replace(" or ", f"{gap}or{gap}")
    if upper:  # Evennia writes AND / OR / NOT
        text = text.replace(" and ", " AND ").replace(" or ", " OR ").replace("not ", "NOT ")
    once = parse_expr(text)
    assert parse_expr(str(once)) == once


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["traverse", "get", "view", "call"]), trees()), min_size=1, max_size=4, unique_by=lambda e: e[0]))
def test_a_lockstring_of_several_access_types_round_trips(entries: list[tuple[str, Node]]) -> None:
    text = "; ".join(f"{access}:{tree}" for access, tree in entries)
    assert parse_lockstring(text) == entries


# -- precedence: not binds tighter than and, and tighter than or (as in Python) ----------


@lockfunc("v")
def _value(check: LockCheck, bit: str) -> bool:
    return bit == "1"


FUNCS = LockFuncs([_value])


@st.composite
def flat_expressions(draw: st.DrawFn) -> tuple[str, str]:
    """The same unparenthesised expression for the lock parser and for Python."""
    count = draw(st.integers(1, 6))
    lock, python = [], []
    for i in range(count):
        if i:
            op = draw(st.sampled_from(["and", "or"]))
            lock.append(op)
            python.append(op)
        for _ in range(draw(st.integers(0, 2))):
            lock.append("not")
            python.append("not")
        bit = draw(st.booleans())
        lock.append(f"v({int(bit)})")
        python.append(str(bit))
    return " ".join(lock), " ".join(python)


@settings(max_examples=300, deadline=None)
@given(flat_expressions())
def test_precedence_is_not_then_and_then_or(pair: tuple[str, str]) -> None:
    lock, python = pair
    compiled = FUNCS.compiled(lock)
    check = LockCheck(None, None, None, "x")  # type: ignore[arg-type]  # v() reads none of them
    assert compiled(check) is eval(python)  # only True/False/and/or/not


def test_precedence_shapes() -> None:
    a, b, c = Call("a"), Call("b"), Call("c")
    assert parse_expr("a() or b() and c()") == Or((a, And((b, c))))
    assert parse_expr("not a() and b()") == And((Not(a), b))
    assert parse_expr("not (a() and b())") == Not(And((a, b)))
    assert parse_expr("(a() or b()) and c()") == And((Or((a, b)), c))
    assert str(parse_expr("(a() or b()) and not c()")) == "(a() or b()) and not c()"


def test_evennia_examples_read_as_evennia_means_them() -> None:
    assert parse_lockstring("traverse:perm(builder) or holds(brass key)") == [
        ("traverse", Or((Call("perm", ("builder",)), Call("holds", ("brass key",))))),
    ]
    assert parse_lockstring("get:false(); view: attr(lit)") == [("get", Call("false")), ("view", Call("attr", ("lit",)))]
    assert parse_expr('attr(level, 5, compare=ge)') == Call("attr", ("level", "5"), (("compare", "ge"),))
    assert parse_expr('holds("a, b")') == Call("holds", ("a, b",))


# -- errors say where ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ("perm(builder) or", 17, "lock ends"),
        ("perm(builder", 13, "')'"),
        ("perm builder", 6, "expected '('"),
        ("holds(a) holds(b)", 10, "expected 'and', 'or'"),
        ("and perm(x)", 1, "each side"),
        ("perm(a;b)", 7, "quotes"),
        ('holds("key)', 7, "never closed"),
        ("(perm(x)", 9, "')'"),
        ("perm(x))", 8, "without a matching"),
        ("f(a,,b)", 5, "empty argument"),
        ("f(k=v, a)", 8, "cannot follow"),
        ("", 1, "empty"),
    ],
)
def test_bad_expressions_give_the_column(text: str, column: int, words: str) -> None:
    with pytest.raises(LockError) as info:
        parse_expr(text)
    assert info.value.column == column and words in str(info.value)
    assert str(info.value).startswith(f"column {column}: ")


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ("traverse perm(x)", 10, "expected ':'"),
        ("get:false(); get:true()", 14, "twice"),
        ("get:false() view:true()", 13, "';'"),
        (":true()", 1, "access type"),
        ("get:", 5, "lock ends"),
    ],
)
def test_bad_lockstrings_give_the_column(text: str, column: int, words: str) -> None:
    with pytest.raises(LockError) as info:
        parse_lockstring(text)
    assert info.value.column == column and words in str(info.value)


@settings(max_examples=300, deadline=None)
@given(trees(), st.data())
def test_any_cut_of_a_lock_parses_or_fails_with_a_column_inside_it(tree: Node, data: st.DataObject) -> None:
    text = str(tree)
    cut = data.draw(st.integers(0, len(text)))
    junk = data.draw(st.sampled_from(["", ")", "(", ",", " and", "not", ";", "=", '"']))
    broken = text[:cut] + junk
    try:
        parse_expr(broken)
    except LockError as exc:
        assert 1 <= exc.column <= len(broken) + 1
        assert exc.pointer().rsplit("\n", 1)[1] == " " * (exc.column - 1) + "^"


def test_an_unknown_function_or_wrong_arguments_are_found_with_their_column() -> None:
    text = "traverse:perm(builder) or hold(brass key)"
    funcs = LockFuncs([lockfunc("perm")(lambda check, level: True), lockfunc("holds")(lambda check, *what: True)])
    (_, node), = parse_lockstring(text)
    problem = funcs.problem(node, text)
    assert problem is not None and problem.column == text.index("hold(") + 1 and "did you mean holds()" in str(problem)
    node = parse_expr("perm(a, b)")
    problem = funcs.problem(node, "perm(a, b)")
    assert problem is not None and problem.column == 1 and "perm()" in str(problem)
    # A lock whose function is gone denies everyone (fail closed) instead of raising.
    assert funcs.compiled("nosuch()")(LockCheck(None, None, None, "x")) is False  # type: ignore[arg-type]
