"""The story in date order: meetings (by when they happen) and reopening predictions (by when they were said)."""

from __future__ import annotations

from pathlib import Path

from .query import QueryResult, open_graph, run_query

__all__ = ["timeline", "COLUMNS"]

COLUMNS = ["date", "event", "what", "who", "outlet", "expected", "sources", "evidence"]

_MEETINGS = """
SELECT ?meeting (SAMPLE(STR(?d)) AS ?date) (GROUP_CONCAT(DISTINCT ?k; separator=", ") AS ?kinds) (SAMPLE(?o) AS ?ordinal)
       (SAMPLE(?p) AS ?place) (SAMPLE(?s) AS ?status)
       (GROUP_CONCAT(DISTINCT ?participant; separator=", ") AS ?who)
       (GROUP_CONCAT(DISTINCT ?file; separator=", ") AS ?sources) (SAMPLE(?sentence) AS ?evidence)
WHERE {
  ?meeting a kg:Meeting ; kg:meetingKind ?k .
  OPTIONAL { ?meeting kg:date ?d }
  OPTIONAL { ?meeting kg:ordinal ?o }
  OPTIONAL { ?meeting kg:place/skos:prefLabel ?p }
  OPTIONAL { ?meeting kg:status ?s }
  OPTIONAL { ?meeting kg:participant/skos:prefLabel ?participant }
  GRAPH ?g { ?meeting a kg:Meeting . ?article kg:fileName ?file .
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


def timeline(graph_dir: Path) -> QueryResult:
    """Meetings and predictions of a built graph as one table in date order.

    Meetings are placed at their own date; predictions at the date they were published, with
    the date they expect in ``expected``. Rows without a known date come last.
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
        who, sources = (", ".join(sorted(filter(None, (m[c] or "").split(", ")))) for c in ("who", "sources"))
        rows.append([m["date"] or "", "meeting", what, who, "", "", sources, m["evidence"]])
    for p in run_query(store, _PREDICTIONS).as_dicts():
        rows.append([p["said"] or "", "prediction", f"reopening expected {p['expected']} ({p['precision']})",
                     p["who"] or "", p["outlet"] or "", p["expected"], p["file"], p["evidence"]])
    rows.sort(key=lambda r: (_sort_date(r[0]), r[1], r[5], r[6], r[2]))
    return QueryResult(list(COLUMNS), rows)


def _sort_date(value: str) -> str:
    # full dates first in order; "--12-14" (year unknown) and "" (unknown) after them
    return value if value[:1].isdigit() else "~" + value
