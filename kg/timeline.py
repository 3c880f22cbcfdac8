"""The story in date order: meetings (by when they happen), reopening predictions (by when they were
said) and policy conditions (by when they were first stated)."""

from __future__ import annotations

import re
from pathlib import Path

from .query import QueryResult, open_graph, run_query

__all__ = ["timeline", "COLUMNS"]

COLUMNS = ["date", "event", "what", "who", "outlet", "expected", "sources", "evidence"]

# MAX of the dates: one a year is known for ("2021-12-14") over one without ("--12-14"); MIN elsewhere: any
# one value, the same in every run
_MEETINGS = """
SELECT ?meeting (MAX(STR(?d)) AS ?date) (GROUP_CONCAT(DISTINCT ?k; separator=", ") AS ?kinds) (MIN(?o) AS ?ordinal)
       (MIN(?p) AS ?place) (MIN(?s) AS ?status)
       (GROUP_CONCAT(DISTINCT ?participant; separator=", ") AS ?who)
       (GROUP_CONCAT(DISTINCT ?file; separator=", ") AS ?sources) (MIN(?sentence) AS ?evidence)
       (MIN(SUBSTR(STR(?issued), 1, 10)) AS ?reported)
WHERE {
  ?meeting a kg:Meeting ; kg:meetingKind ?k .
  OPTIONAL { ?meeting kg:date ?d }
  OPTIONAL { ?meeting kg:ordinal ?o }
  OPTIONAL { ?meeting kg:place/skos:prefLabel ?p }
  OPTIONAL { ?meeting kg:status ?s }
  OPTIONAL { ?meeting kg:participant/skos:prefLabel ?participant }
  GRAPH ?g { ?meeting a kg:Meeting . ?article kg:fileName ?file .
             OPTIONAL { ?article dcterms:issued ?issued }
             ?fact rdf:subject ?meeting ; rdf:predicate rdf:type ; kg:evidence/kg:sentence ?sentence }
}
GROUP BY ?meeting
"""

_PREDICTIONS = """
SELECT DISTINCT ?claim ?said ?expected ?precision ?who ?outlet ?file ?evidence WHERE {
  GRAPH ?g {
    ?article kg:fileName ?file .
    OPTIONAL { ?article dcterms:issued ?issued }
    ?claim kg:expectedReopening ?e ; kg:expectedPrecision ?precision .
    ?fact rdf:subject ?claim ; rdf:predicate rdf:type ; kg:evidence/kg:sentence ?evidence .
    OPTIONAL { ?claim kg:speaker/skos:prefLabel ?who }
    OPTIONAL { ?claim kg:citedOutlet/skos:prefLabel ?outlet }
  }
  BIND (SUBSTR(STR(?issued), 1, 10) AS ?said)
  BIND (STR(?e) AS ?expected)
}
"""

_ANNOUNCED = """
SELECT DISTINCT ?claim ?said ?announced ?who ?outlet ?file ?evidence WHERE {
  GRAPH ?g {
    ?article kg:fileName ?file .
    OPTIONAL { ?article dcterms:issued ?issued }
    ?claim kg:announcedReopening ?a .
    ?fact rdf:subject ?claim ; rdf:predicate rdf:type ; kg:evidence/kg:sentence ?evidence .
    OPTIONAL { ?claim kg:speaker/skos:prefLabel ?who }
    OPTIONAL { ?claim kg:citedOutlet/skos:prefLabel ?outlet }
  }
  BIND (SUBSTR(STR(?issued), 1, 10) AS ?said)
  BIND (STR(?a) AS ?announced)
}
"""

# One row per article that states a condition (the named graph: its file, date and sentence); what the
# condition is comes from the union of the graphs. The earliest article dates it (grouped in Python, so the
# evidence kept is the earliest article's sentence, not whichever SAMPLE picks).
_CONDITIONS = """
SELECT DISTINCT ?condition ?kind ?value ?unit ?holder ?file ?said ?evidence WHERE {
  GRAPH ?g {
    ?article a kg:Article ; kg:fileName ?file .
    OPTIONAL { ?article dcterms:issued ?issued }
    ?condition a kg:PolicyCondition .
    ?fact rdf:subject ?condition ; rdf:predicate rdf:type ; kg:evidence/kg:sentence ?evidence .
  }
  ?condition a ?class . FILTER (?class != kg:PolicyCondition)
  OPTIONAL { ?condition kg:value ?v }
  OPTIONAL { ?condition kg:minValue ?min . ?condition kg:maxValue ?max }
  OPTIONAL { ?condition kg:detail ?detail }
  OPTIONAL { ?condition kg:unit ?u }
  OPTIONAL { ?condition kg:period ?period }
  OPTIONAL { ?condition kg:heldBy/skos:prefLabel ?holder }
  BIND (STRAFTER(STR(?class), "#") AS ?kind)
  BIND (COALESCE(IF(BOUND(?min), CONCAT(STR(?min), "-", STR(?max)), ?unset), STR(?v), ?detail) AS ?value)
  BIND (IF(BOUND(?period), CONCAT(?u, "/", ?period), ?u) AS ?unit)
  BIND (SUBSTR(STR(?issued), 1, 10) AS ?said)
}
"""


def timeline(graph_dir: Path) -> QueryResult:
    """Meetings, predictions and conditions of a built graph as one table in date order.

    Meetings are placed at their own date, or, when no article dates them, at the first publication
    date of the articles that report them ("date not given, reported"); predictions at the date they were published, with
    the date they expect in ``expected`` (a reopening stated as decided, "明日起全面通关", is a row
    "reopening announced for …" at the day it was said); conditions at the earliest publication date of the
    articles that state them, with every such article in ``sources`` and the earliest one's
    sentence as ``evidence``. Rows without a known date come last.
    """
    store = open_graph(graph_dir)
    rows = []
    for m in run_query(store, _MEETINGS).as_dicts():
        kinds = sorted(set((m["kinds"] or "meeting").split(", ")))
        specific = [k for k in kinds if k != "meeting"] or ["meeting"]
        kind = "/".join(specific)
        what = (kind if kind in ("meeting", "visit") else f"{kind} meeting") + (f" #{m['ordinal']}" if m["ordinal"] else "")
        what += f" in {m['place']}" if m["place"] else ""
        if m["status"]:
            what += f" ({m['status']})"
        elif not m["date"] and m["reported"]:
            what += " (date not given, reported)"  # placed where the story first tells of it
        who, sources = (", ".join(sorted(filter(None, (m[c] or "").split(", ")))) for c in ("who", "sources"))
        rows.append([m["date"] or m["reported"] or "", "meeting", what, who, "", "", sources, m["evidence"]])
    for p in run_query(store, _PREDICTIONS).as_dicts():
        rows.append([p["said"] or "", "prediction", f"reopening expected {p['expected']} ({p['precision']})",
                     p["who"] or "", p["outlet"] or "", p["expected"], p["file"], p["evidence"]])
    for a in run_query(store, _ANNOUNCED).as_dicts():  # "香港明日起与内地全面通关": decided, said on that day
        rows.append([a["said"] or "", "prediction", f"reopening announced for {a['announced']}", a["who"] or "",
                     a["outlet"] or "", a["announced"], a["file"], a["evidence"]])
    rows.extend(_condition_rows(run_query(store, _CONDITIONS).as_dicts()))
    rows.sort(key=lambda r: (_sort_date(r[0]), r[1], r[5], r[6], r[2]))
    return QueryResult(list(COLUMNS), rows)


def _condition_rows(found: list[dict[str, str | None]]) -> list[list[str]]:
    """One row per condition: first stated on the earliest date of the articles that state it."""
    by_condition: dict[str, list[dict[str, str | None]]] = {}
    for row in found:
        by_condition.setdefault(row["condition"], []).append(row)
    rows = []
    for stated in by_condition.values():
        first = min(stated, key=lambda r: (_sort_date(r["said"] or ""), r["file"], r["evidence"], r["kind"],
                                           r["value"] or "", r["unit"] or ""))
        value = " ".join(filter(None, (first["value"], first["unit"])))
        what = _words(first["kind"]) + (f": {value}" if value else "")  # "quota: 1000 people/day"
        who = ", ".join(sorted({r["holder"] for r in stated if r["holder"]}))
        sources = ", ".join(sorted({r["file"] for r in stated}))
        rows.append([first["said"] or "", "condition", what, who, "", "", sources, first["evidence"]])
    return rows


def _words(kind: str) -> str:
    # the class's local name as words: HealthCodeRequirement -> health code requirement
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", kind).lower()


def _sort_date(value: str) -> str:
    # full dates first in order; "--12-14" (year unknown) and "" (unknown) after them
    return value if value[:1].isdigit() else "~" + value
