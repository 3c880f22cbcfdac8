"""SPARQL text as the user wrote it: tokens, prefixes, parameters and syntax error messages.

Oxigraph parses and runs the queries; this module only reads their text, so that
what kg says about a query (where a syntax error is, which prefix is unknown, which
variable a parameter binds) points into the text the user wrote, not a rewritten one.

Why the error positions are recomputed: Oxigraph's parser reports the furthest
position any grammar rule reached, and its case-insensitive keyword rule reads as
many characters as the keyword has before comparing. So ``SELEC ?x WHERE {...}``
is reported at column 10 ("expected CONSTRUCT": nine characters read from column 1),
and an error near the end of a query is reported at the end. :func:`syntax_message`
instead finds the first token after which the text can no longer be the start of
a query (a binary search over the tokens, asking Oxigraph of each prefix).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

__all__ = ["Token", "tokenize", "query_form", "declared_prefixes", "missing_prefixes", "variables",
           "values_defaults", "values_block", "outer_group_start", "syntax_message", "QUERY_FORMS"]

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|\"(?!\"\"))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7]+)
  | (?P<bnode>_:[\w.-]*[\w-])
  | (?P<pname>(?:[^\W\d_](?:[\w.-]*[\w-])?)?:(?:[\w:%-](?:[\w.:%-]*[\w:%-])?)?)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<op>\^\^|&&|\|\||!=|<=|>=|.)
""", re.X | re.S)

# Trailing spaces added to a prefix of the query when asking whether it can still be completed: more
# than the longest keyword (ENCODE_FOR_URI), so the keyword rule never runs into the end of the text.
_PADDING = " " * 32


@dataclass(frozen=True)
class Token:
    kind: str  # string, iri, var, bnode, pname, langtag, number, word or op
    text: str
    start: int  # offset in the query text

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def tokenize(sparql: str) -> list[Token]:
    """The query's tokens, without whitespace and comments (any character is at least an ``op``)."""
    return [Token(m.lastgroup, m.group(), m.start()) for m in _TOKEN.finditer(sparql)
            if m.lastgroup not in ("space", "comment")]


def _prologue_end(tokens: list[Token]) -> int:
    """Index of the first token after the PREFIX and BASE declarations."""
    index = 0
    while index < len(tokens) and tokens[index].kind == "word" and tokens[index].text.upper() in ("PREFIX", "BASE"):
        index += 3 if tokens[index].text.upper() == "PREFIX" else 2
    return index


def query_form(sparql: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's form, or None when it does not start with one."""
    tokens = tokenize(sparql)
    index = _prologue_end(tokens)
    if index < len(tokens) and tokens[index].text.upper() in QUERY_FORMS:
        return tokens[index].text.upper()
    return None


def declared_prefixes(tokens: list[Token]) -> dict[str, str]:
    """Prefix -> namespace of the query's own ``PREFIX p: <ns>`` declarations."""
    out = {}
    for word, name, iri in zip(tokens, tokens[1:], tokens[2:]):
        if word.kind == "word" and word.text.upper() == "PREFIX" and name.text.endswith(":") and iri.kind == "iri":
            out[name.text[:-1]] = iri.text[1:-1]
    return out


def _used_prefixes(tokens: list[Token]) -> list[Token]:
    """The prefixed-name tokens that use a prefix (not the names in PREFIX declarations)."""
    return [t for previous, t in zip([None] + tokens, tokens)
            if t.kind == "pname" and not (previous and previous.kind == "word" and previous.text.upper() == "PREFIX")]


def missing_prefixes(sparql: str) -> list[str]:
    """Prefixes the query uses without declaring them, in order of first use."""
    tokens = tokenize(sparql)
    declared = declared_prefixes(tokens)
    out: list[str] = []
    for token in _used_prefixes(tokens):
        prefix = token.text.split(":", 1)[0]
        if prefix not in declared and prefix not in out:
            out.append(prefix)
    return out


def variables(sparql: str) -> list[str]:
    """The names of the variables the query mentions (``?x`` and ``$x`` are the same), in order."""
    return list(dict.fromkeys(t.text[1:] for t in tokenize(sparql) if t.kind == "var"))


def values_block(tokens: list[Token], name: str) -> tuple[int, int] | None:
    """(start, end) offsets of the ``{ ... }`` of a one-variable ``VALUES ?name { ... }``, if the query has one."""
    for index, token in enumerate(tokens[:-2]):
        if (token.kind == "word" and token.text.upper() == "VALUES" and tokens[index + 1].kind == "var"
                and tokens[index + 1].text[1:] == name and tokens[index + 2].text == "{"):
            close = next((t for t in tokens[index + 3:] if t.text == "}"), None)
            if close is not None:
                return tokens[index + 2].start, close.end
    return None


def values_defaults(sparql: str) -> dict[str, list[str]]:
    """Variable -> the terms of its one-variable ``VALUES ?var { ... }`` block, as written (``UNDEF`` included)."""
    tokens = tokenize(sparql)
    out = {}
    for index, token in enumerate(tokens[:-2]):
        if token.kind == "word" and token.text.upper() == "VALUES" and tokens[index + 1].kind == "var":
            block = values_block(tokens, tokens[index + 1].text[1:])
            if block:
                inner = [t for t in tokens if block[0] < t.start and t.end < block[1]]
                out[tokens[index + 1].text[1:]] = _terms(inner)
    return out


def _terms(tokens: list[Token]) -> list[str]:
    """Group a data block's tokens into terms: a literal keeps its @lang or ^^datatype."""
    terms: list[str] = []
    for token in tokens:
        if terms and (token.kind == "langtag" or token.text == "^^" or terms[-1].endswith("^^")):
            terms[-1] += token.text
        else:
            terms.append(token.text)
    return terms


def outer_group_start(tokens: list[Token]) -> int | None:
    """Offset just inside the query's WHERE group: after ``WHERE {``, or the first ``{`` when WHERE is left out."""
    depth = 0
    for index, token in enumerate(tokens):
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
        elif depth == 0 and token.kind == "word" and token.text.upper() == "WHERE":
            brace = next((t for t in tokens[index + 1:] if t.text == "{"), None)
            return brace.end if brace else None
    brace = next((t for t in tokens if t.text == "{"), None)
    return brace.end if brace else None


def syntax_message(sparql: str, error: str, prefixes: dict[str, str]) -> str:
    """One sentence saying where (line, column, token of ``sparql``) and what the syntax error is.

    ``error`` is Oxigraph's message for ``sparql`` parsed with ``prefixes`` predeclared.
    """
    tokens = tokenize(sparql)
    if "Prefix not found" in error:
        known = set(prefixes) | set(declared_prefixes(tokens))
        for token in _used_prefixes(tokens):
            prefix = token.text.split(":", 1)[0]
            if prefix not in known:
                return f"unknown prefix {prefix}: at {_where(sparql, token.start)} (declare it: PREFIX {prefix}: <...>)"
    for token in tokens:
        if token.kind == "op" and token.text in "\"'":
            return f"SPARQL syntax error at {_where(sparql, token.start)}: a string starts here and never ends"
    bad = _first_bad_token(sparql, tokens, prefixes)
    if bad is None:
        return f"SPARQL syntax error at {_where(sparql, len(sparql.rstrip()))}: the query ends before it is complete"
    iri = _broken_iri(sparql, tokens, bad)
    if iri is not None:
        return f'SPARQL syntax error at {_where(sparql, iri[0])} near "{sparql[iri[0]:iri[1]]}": not a valid IRI'
    token = tokens[bad]
    near = token.text if token.kind != "op" else sparql[token.start:].split(None, 1)[0]
    near = near if len(near) <= 30 else near[:27] + "..."
    at = f'SPARQL syntax error at {_where(sparql, token.start)} near "{near}"'
    if bad == _prologue_end(tokens) and token.text.upper() not in QUERY_FORMS:
        return f"{at}: expected SELECT, ASK, CONSTRUCT or DESCRIBE"
    if token.kind == "iri" and "IRI parsing failed" in error:
        return f"{at}: not a valid absolute IRI"
    expected = _expected(sparql[:token.start], prefixes)
    return f"{at}: expected {expected}" if expected else at


def _first_bad_token(sparql: str, tokens: list[Token], prefixes: dict[str, str]) -> int | None:
    """Index of the first token after which the text cannot be completed into a query (None: it can)."""
    low, high = 0, len(tokens)  # tokens[:low] can be completed; the answer is in [low, high)
    while low < high:
        middle = (low + high) // 2
        if _can_continue(sparql[:tokens[middle].end], prefixes):
            low = middle + 1
        else:
            high = middle
    return low if low < len(tokens) else None


def _broken_iri(sparql: str, tokens: list[Token], bad: int) -> tuple[int, int] | None:
    """(start, end) of an IRI with a character IRIs cannot hold (``<a b>``) that the bad token lies in."""
    for token in reversed(tokens[:bad + 1]):
        if token.text == "<" and sparql[token.end:token.end + 1].strip():
            close = sparql.find(">", token.end)
            line_end = sparql.find("\n", token.end)
            line_end = len(sparql) if line_end < 0 else line_end
            if 0 <= close < line_end and tokens[bad].start <= close:
                return token.start, close + 1
            return None
    return None


def _can_continue(text: str, prefixes: dict[str, str]) -> bool:
    """Whether ``text`` is a query, or the start of one (Oxigraph gets to its end before failing)."""
    padded = text + _PADDING
    error = _parse_error(padded, prefixes)
    if error is None:
        return True
    match = re.match(r"error at (\d+):(\d+)", error)
    return not match or _offset(padded, int(match[1]), int(match[2])) >= len(padded)


def _parse_error(text: str, prefixes: dict[str, str]) -> str | None:
    """Oxigraph's syntax error message for ``text``, or None if it parses (the result is never read)."""
    try:
        ox.Store().query(text, prefixes=prefixes)
    except SyntaxError as exc:
        return str(exc)
    except (RuntimeError, OSError, ValueError):
        return None
    return None


def _expected(before: str, prefixes: dict[str, str]) -> str:
    """What Oxigraph expects after ``before`` (the text up to the bad token), when that is a short list."""
    error = _parse_error(before, prefixes)
    match = re.match(r"error at \d+:\d+: expected (?:one of )?(.*)", error or "", re.S)
    if not match:
        return ""
    items = [item for item in re.findall(r'"[^"]*"|\'[^\']*\'|\w+', match[1])
             if item not in ('"{|"', '"|}"', '"~"', '"<<"', '">>"', '"<<("', '")>>"')]
    words = [item for item in items if not item.startswith(("'", '"'))]
    tokens = [item for item in items if item.startswith('"')]
    if not tokens or words or len(tokens) > 6:  # keywords come out cut short at the end of the text: not shown
        return ""
    return tokens[0] if len(tokens) == 1 else f"one of {', '.join(tokens)}"


def _offset(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    return sum(len(line_text) + 1 for line_text in lines[: line - 1]) + column - 1


def _where(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"
