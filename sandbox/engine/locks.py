"""Locks: who may do what with an object, in a small language that is parsed once.

A lock string reads as in Evennia::

    traverse:perm(builder) or holds(brass key); get:false(); view:attr(lit)

Each ``;``-separated entry names an *access type* (``traverse``, ``get``, ``view``,
``call``, ``edit``, or any word a command checks) and an expression of *lock function*
calls joined by ``not``, ``and`` and ``or`` (binding in that order, tightest first) and
grouped by parentheses. An object keeps its locks as ``{access type: expression}``
(``GameObject.locks``).

Arguments are text: bare (``holds(brass key)``, spaces kept, the ends trimmed) or quoted
(``attr(motto, "a, b")``, with ``\\"`` and ``\\\\`` escapes) when they hold ``,()=;``
or quotes; ``name=value`` passes a keyword argument (``attr(level, 5, compare=ge)``).

Parsing is cached per string, and a compiled lock (the expression as one generated
Python function calling the lock functions of one command table) is cached per table,
so a check costs one call per lock function: the table is rebuilt on every hot reload, and its cache with it,
so an edited lock function takes effect at the next check and old code is released.

Lock functions are declared in command modules with ``@lockfunc`` (see
``commands/lockfuncs.py`` for the standard ones) and called as
``func(check, *args, **kwargs)``, where ``check`` carries ``who`` (the object asking),
``obj`` (the object the lock is on), ``world`` and ``access``.
"""
from __future__ import annotations

import difflib
import inspect
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sandbox.engine.objects import GameObject
    from sandbox.engine.world import World

log = logging.getLogger("sandbox.engine.locks")

KEYWORDS = frozenset({"and", "or", "not"})
#: Characters that end a bare argument (or an access type) and so must be quoted in one.
_SPECIAL = frozenset(',()=;"\'\\')


class LockError(ValueError):
    """A lock string that cannot be read (or names an unknown function): says where.

    ``column`` counts from 1 in the text that was given.
    """

    def __init__(self, message: str, column: int, text: str = "") -> None:
        super().__init__(f"column {column}: {message}")
        self.message = message
        self.column = column
        self.text = text

    def pointer(self) -> str:
        """The text with a caret under the column (two lines, plain)."""
        return f"{self.text}\n{' ' * (self.column - 1)}^"


# -- the tree -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[str, ...] = ()
    kwargs: tuple[tuple[str, str], ...] = ()
    #: Where the call starts in the parsed text (0-based), for errors; not part of equality.
    pos: int = field(default=0, compare=False, repr=False)

    def __str__(self) -> str:
        parts = [_quote(a) for a in self.args] + [f"{k}={_quote(v)}" for k, v in self.kwargs]
        return f"{self.name}({', '.join(parts)})"


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node

    def __str__(self) -> str:
        return f"not {_wrap(self.operand, 3)}"


@dataclass(frozen=True, slots=True)
class And:
    operands: tuple[Node, ...]

    def __str__(self) -> str:
        return " and ".join(_wrap(o, 2) for o in self.operands)


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[Node, ...]

    def __str__(self) -> str:
        return " or ".join(_wrap(o, 1) for o in self.operands)


Node = Call | Not | And | Or


def _rank(node: Node) -> int:
    """How tightly a node binds: calls 4, not 3, and 2, or 1."""
    if isinstance(node, Call):
        return 4
    if isinstance(node, Not):
        return 3
    return 2 if isinstance(node, And) else 1


def _wrap(node: Node, parent: int) -> str:
    # A child that binds no tighter than its parent keeps its parentheses, so that
    # `(a and b) and c` prints as it was written and parses back to the same tree.
    text = str(node)
    return f"({text})" if _rank(node) <= parent and not isinstance(node, (Call, Not)) else text


def _quote(arg: str) -> str:
    if arg and arg == arg.strip() and not (_SPECIAL & set(arg)) and "\n" not in arg:
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_locks(locks: dict[str, str]) -> str:
    """``{"traverse": "holds(key)", "get": "false()"}`` → ``traverse:holds(key); get:false()``."""
    return "; ".join(f"{access}:{expr}" for access, expr in locks.items())


# -- the parser -----------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, message: str, pos: int | None = None) -> LockError:
        return LockError(message, (self.pos if pos is None else pos) + 1, self.text)

    def skip(self) -> None:
        text, pos = self.text, self.pos
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        self.pos = pos

    def peek(self) -> str:
        self.skip()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def word(self) -> str:
        """An identifier at the cursor ('' if none); the cursor moves past it."""
        self.skip()
        text, start = self.text, self.pos
        pos = start
        while pos < len(text) and (text[pos].isalnum() or text[pos] == "_"):
            pos += 1
        self.pos = pos
        return text[start:pos]

    def keyword(self, name: str) -> bool:
        """Is the next word the keyword name? Consumes it if so."""
        start = self.pos
        if self.word().lower() == name:
            return True
        self.pos = start
        return False

    # expr := or ; or := and ('or' and)* ; and := not ('and' not)* ; not := 'not' not | atom
    def expr(self) -> Node:
        parts = [self.conj()]
        while self.keyword("or"):
            parts.append(self.conj())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def conj(self) -> Node:
        parts = [self.neg()]
        while self.keyword("and"):
            parts.append(self.neg())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def neg(self) -> Node:
        if self.keyword("not"):
            return Not(self.neg())
        return self.atom()

    def atom(self) -> Node:
        char = self.peek()
        if char == "(":
            self.pos += 1
            inner = self.expr()
            if self.peek() != ")":
                raise self.fail("expected ')' to close the '('" if self.peek() == "" else f"expected ')', found {self.peek()!r}")
            self.pos += 1
            return inner
        start = self.pos
        name = self.word()
        if not name:
            found = f"found {char!r}" if char else "the lock ends"
            raise self.fail(f"expected a lock function such as perm(builder), {found}")
        if name.lower() in KEYWORDS:
            raise self.fail(f"'{name}' needs a lock function on each side", start)
        if self.peek() != "(":
            raise self.fail(f"expected '(' after {name} (lock functions are called: {name}())")
        self.pos += 1
        args, kwargs = self.arguments()
        return Call(name.lower(), tuple(args), tuple(kwargs), start)

    def arguments(self) -> tuple[list[str], list[tuple[str, str]]]:
        args: list[str] = []
        kwargs: list[tuple[str, str]] = []
        if self.peek() == ")":
            self.pos += 1
            return args, kwargs
        while True:
            self.skip()
            start = self.pos
            value = self.value()
            if self.peek() == "=":  # keyword argument: the value read so far was its name
                if not value.isidentifier():
                    raise self.fail("a keyword argument needs a name before '='", start)
                self.pos += 1
                kwargs.append((value, self.value()))
            elif kwargs:
                raise self.fail("a plain argument cannot follow a keyword argument", start)
            else:
                args.append(value)
            char = self.peek()
            self.pos += 1
            if char == ")":
                return args, kwargs
            if char != ",":
                self.pos -= 1
                raise self.fail("expected ',' or ')' (quote an argument that holds them)" if char else "expected ')' to end the arguments")

    def value(self) -> str:
        char = self.peek()
        if char in ('"', "'"):
            return self.quoted(char)
        text, start = self.text, self.pos
        pos = start
        while pos < len(text) and text[pos] not in ",)=":
            if text[pos] in "(;\"'\\":
                raise self.fail(f"{text[pos]!r} in an argument: put the argument in quotes", pos)
            pos += 1
        self.pos = pos
        value = text[start:pos].strip()
        if not value:
            raise self.fail("empty argument", start)
        return value

    def quoted(self, quote: str) -> str:
        text = self.text
        start = self.pos
        pos = start + 1
        out: list[str] = []
        while pos < len(text):
            char = text[pos]
            if char == "\\" and pos + 1 < len(text):
                out.append(text[pos + 1])
                pos += 2
                continue
            if char == quote:
                self.pos = pos + 1
                return "".join(out)
            out.append(char)
            pos += 1
        raise self.fail("this quote is never closed", start)

    def end_of_expr(self, allow_semicolon: bool) -> None:
        char = self.peek()
        if char == "" or (allow_semicolon and char == ";"):
            return
        if char == ")":
            raise self.fail("')' without a matching '('")
        if allow_semicolon:
            raise self.fail(f"expected 'and', 'or', ';' or the end, found {char!r}")
        raise self.fail(f"expected 'and', 'or' or the end, found {char!r}")


@lru_cache(maxsize=4096)
def parse_expr(text: str) -> Node:
    """One lock expression (what ``GameObject.locks`` holds per access type)."""
    parser = _Parser(text)
    if not text.strip():
        raise parser.fail("empty lock: give a lock function, e.g. true()")
    node = parser.expr()
    parser.end_of_expr(False)
    return node


def parse_lockstring(text: str) -> list[tuple[str, Node]]:
    """``access:expr; access:expr`` (Evennia's form) → [(access type, tree)], in order.

    Access types are lower-cased; naming one twice in the same string is an error.
    """
    parser = _Parser(text)
    entries: list[tuple[str, Node]] = []
    seen: set[str] = set()
    while True:
        if parser.peek() == "":
            break
        start = parser.pos
        access = parser.word().lower()
        if not access:
            raise parser.fail("expected an access type such as traverse: or get:")
        if parser.peek() != ":":
            raise parser.fail(f"expected ':' after the access type {access!r} (e.g. {access}:true())")
        if access in seen:
            raise parser.fail(f"{access!r} is given twice", start)
        seen.add(access)
        parser.pos += 1
        entries.append((access, parser.expr()))
        parser.end_of_expr(True)
        if parser.peek() == ";":
            parser.pos += 1
    if not entries:
        raise parser.fail("empty lock string: give e.g. traverse:holds(key)")
    return entries


def calls(node: Node) -> Iterable[Call]:
    """Every function call in a tree, left to right."""
    if isinstance(node, Call):
        yield node
    elif isinstance(node, Not):
        yield from calls(node.operand)
    else:
        for operand in node.operands:
            yield from calls(operand)


# -- lock functions and compiled locks -----------------------------------------------------


class LockCheck:
    """What a lock function is asked about: may ``who`` have ``access`` to ``obj``?

    A plain slotted class, not a frozen dataclass: one is made per check, and a frozen
    dataclass's ``__init__`` alone would cost a fifth of the 5 µs a check may take.
    """

    __slots__ = ("who", "obj", "world", "access")

    def __init__(self, who: GameObject, obj: GameObject, world: World, access: str) -> None:
        self.who = who
        self.obj = obj
        self.world = world
        self.access = access

    def __repr__(self) -> str:
        return f"LockCheck(who={self.who.ref}, obj={self.obj.ref}, access={self.access!r})"


@dataclass(frozen=True, slots=True, eq=False)
class LockFunc:
    """A function usable in lock strings; declared with :func:`lockfunc`."""

    name: str
    func: Callable[..., Any]
    aliases: tuple[str, ...] = ()
    help: str = ""
    source: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def arity_problem(self, args: tuple[str, ...], kwargs: tuple[tuple[str, str], ...]) -> str | None:
        """Why a call with these arguments could not work (checked when a lock is set)."""
        try:
            inspect.signature(self.func).bind(None, *args, **dict(kwargs))
        except TypeError as exc:
            return f"{self.name}(): {exc}"
        except ValueError:  # a builtin without a signature: trust it
            return None
        return None


def lockfunc(name: str, *, aliases: Iterable[str] = ()) -> Callable[[Callable[..., Any]], LockFunc]:
    """Declare a lock function; its docstring is its help (``help locks`` lists them).

    The function takes a :class:`LockCheck` and the call's text arguments, and returns
    whether access is granted.
    """

    def wrap(func: Callable[..., Any]) -> LockFunc:
        return LockFunc(
            name=name.lower(),
            func=func,
            aliases=tuple(a.lower() for a in aliases),
            help=(func.__doc__ or "").strip(),
            source=getattr(func, "__module__", "") or "",
        )

    return wrap


#: A compiled lock; its result is truthy or falsy (lock functions may return any value),
#: so callers take ``bool()`` of it.
Compiled = Callable[[LockCheck], Any]


def _deny(check: LockCheck) -> bool:
    return False


class LockFuncs:
    """The lock functions of one command table, and the locks compiled against them."""

    def __init__(self, funcs: Iterable[LockFunc] = ()) -> None:
        self.by_name: dict[str, LockFunc] = {}
        for lf in funcs:
            for name in lf.names:
                self.by_name.setdefault(name, lf)  # the first module to claim a name keeps it
        #: Compiled locks by expression text; read directly on the hot path (Engine.can).
        self.cache: dict[str, Compiled] = {}
        self._warned: set[str] = set()

    def all(self) -> list[LockFunc]:
        return sorted({id(lf): lf for lf in self.by_name.values()}.values(), key=lambda lf: lf.name)

    def problem(self, node: Node, text: str) -> LockError | None:
        """An unknown function or impossible arguments in a parsed lock, with its column in text."""
        for call in calls(node):
            lf = self.by_name.get(call.name)
            if lf is None:
                close = difflib.get_close_matches(call.name, list(self.by_name), n=1)
                hint = f"; did you mean {close[0]}()?" if close else ""
                return LockError(f"no lock function {call.name}(){hint} (lock/funcs lists them)", call.pos + 1, text)
            why = lf.arity_problem(call.args, call.kwargs)
            if why is not None:
                return LockError(why, call.pos + 1, text)
        return None

    def compiled(self, expr: str) -> Compiled:
        """The callable for one lock expression, built at its first check.

        A lock that no longer parses or names a function no module provides denies
        (fail closed), and is logged once.
        """
        found = self.cache.get(expr)
        if found is not None:
            return found
        try:
            node = parse_expr(expr)
            error = self.problem(node, expr)
            if error is not None:
                raise error
            result = self._compile(node)
        except LockError as exc:
            if expr not in self._warned:
                self._warned.add(expr)
                log.warning("lock %r denies everyone: %s", expr, exc)
            result = _deny
        if len(self.cache) > 10_000:
            self.cache.clear()
        self.cache[expr] = result
        return result

    def _compile(self, node: Node) -> Compiled:
        """One Python function for the whole expression: ``perm(builder) or holds(key)``
        becomes ``lambda c: f0(c, a0) or f1(c, a1)``, with the lock functions and the
        arguments bound as names (never spliced into the source), so a check is one
        call per lock function and nothing more."""
        names: dict[str, Any] = {}
        source = self._source(node, names)
        compiled: Compiled = eval(f"lambda c: {source}", names)  # source is only generated names
        return compiled

    def _source(self, node: Node, names: dict[str, Any]) -> str:
        if isinstance(node, Call):
            n = len(names)
            func = f"f{n}"
            names[func] = self.by_name[node.name].func
            if node.kwargs:
                names[f"a{n}"], names[f"k{n}"] = node.args, dict(node.kwargs)
                return f"{func}(c, *a{n}, **k{n})"
            args = []
            for i, arg in enumerate(node.args):
                names[f"a{n}_{i}"] = arg
                args.append(f", a{n}_{i}")
            return f"{func}(c{''.join(args)})"
        if isinstance(node, Not):
            return f"(not {self._source(node.operand, names)})"
        joiner = " and " if isinstance(node, And) else " or "
        return "(" + joiner.join(self._source(o, names) for o in node.operands) + ")"
