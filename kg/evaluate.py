"""Compare a built graph with hand-annotated gold files: precision, recall and F1 per category.

A gold file is JSON, one per article, named ``<article file name>.json``::

    {"file": "...", "published": "2021-12-14", "script": "zh-Hant",
     "people": [{"name": "李家超", "mentions": ["李家超"], "positions": [{"title": "政务司司长", "org": "..."}]}],
     "organizations": [{"name": "...", "mentions": [...], "kind": "government|media|other"}],
     "meetings": [{"summary": "...", "date": "2021-12-14", "place": "深圳", "participants": [...], "evidence": "..."}],
     "conditions": [{"kind": "Quota", "value": "1000", "unit": "people/day", "holder": "...", "evidence": "..."}],
     "predictions": [{"speaker": "...", "expected": "2021-12", "evidence": "..."}]}

The graph is read through the saved queries (people, organizations, meetings,
conditions, claims), so the evaluation measures exactly what users query.
Names compare after Traditional->Simplified conversion and case folding.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .errors import KgError
from .extractors.patterns import gazetteer
from .knowledge import fold, load_knowledge
from .query import open_graph, run_query, saved_query

__all__ = ["Score", "EvalReport", "evaluate", "CATEGORIES"]

CATEGORIES = ("people", "organizations", "meetings", "conditions", "quota values", "predictions")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalReport:
    scores: dict[str, Score] = field(default_factory=lambda: {c: Score() for c in CATEGORIES})
    # file -> category -> (misses, false alarms)
    errors: dict[str, dict[str, tuple[list[str], list[str]]]] = field(default_factory=dict)
    articles: int = 0
    missing: list[str] = field(default_factory=list)  # annotated articles the graph does not hold

    def format(self, details: bool = True) -> str:
        lines = [f"{self.articles} annotated articles", "",
                 f"{'category':<14}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}"]
        for name, s in self.scores.items():
            lines.append(f"{name:<14}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>7.3f}{s.tp:>5}{s.fp:>5}{s.fn:>5}")
        if details:
            for file, categories in sorted(self.errors.items()):
                shown = {c: e for c, e in categories.items() if e[0] or e[1]}
                if not shown:
                    continue
                lines += ["", file]
                for category, (misses, alarms) in shown.items():
                    if misses:
                        lines.append(f"  {category} missed: {', '.join(misses)}")
                    if alarms:
                        lines.append(f"  {category} false alarms: {', '.join(alarms)}")
        return "\n".join(lines) + "\n"


def evaluate(gold_dir: Path, graph_dir: Path) -> EvalReport:
    """Score the graph in ``graph_dir`` against every ``*.json`` gold file in ``gold_dir``.

    An annotated article the graph does not hold counts as all misses and is listed in
    ``report.missing``.

    Raises:
        KgError: no gold files, a gold file that is not JSON, or a graph that holds none of
            the annotated articles (its scores would only mislead: precision 1, recall 0).
    """
    gold_files = sorted(Path(gold_dir).glob("*.json"))
    if not gold_files:
        raise KgError(f"{gold_dir}: no gold files (*.json) here")
    store = open_graph(graph_dir)
    in_graph = {row[0] for row in run_query(store, _FILES).rows}
    predicted = _predicted(store)
    report = EvalReport()
    for path in gold_files:
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise KgError(f"{path}: not valid JSON (line {exc.lineno})") from None
        file = gold.get("file") or path.name.removesuffix(".json")
        report.articles += 1
        if file not in in_graph:
            report.missing.append(file)
        mine = predicted.get(file, {})
        report.errors[file] = {}
        for category, gold_items, predicted_items in (
            ("people", _entities(gold.get("people", [])), mine.get("people", {})),
            ("organizations", _without_place(_entities(gold.get("organizations", []))),
             _without_place(mine.get("organizations", {}))),
        ):
            _score_entities(report, file, category, gold_items, predicted_items)
        for category, gold_values, predicted_values in (
            ("meetings", {m.get("date") or "" for m in gold.get("meetings", [])}, mine.get("meetings", set())),
            ("conditions", {c["kind"] for c in gold.get("conditions", [])}, mine.get("conditions", set())),
            ("quota values", {str(c["value"]) for c in gold.get("conditions", []) if c["kind"] == "Quota" and c.get("value")},
             mine.get("quota values", set())),
            ("predictions", {p["expected"] for p in gold.get("predictions", [])}, mine.get("predictions", set())),
        ):
            _score_sets(report, file, category, set(gold_values), set(predicted_values))
    if len(report.missing) == report.articles:
        raise KgError(f"{graph_dir} holds none of the articles annotated in {gold_dir} ({report.articles} gold files; "
                      f"was the graph built from other files?)")
    return report


_FILES = "SELECT DISTINCT ?file WHERE { GRAPH ?g { ?article a kg:Article ; kg:fileName ?file } }"


def _entities(items: list[dict]) -> dict[str, set[str]]:
    """Gold entities: canonical name -> every folded form (name and mentions)."""
    return {fold(i["name"]): {fold(i["name"])} | {fold(m) for m in i.get("mentions", [])} for i in items}


def _without_place(entities: dict[str, set[str]]) -> dict[str, set[str]]:
    """Each organization's forms, also without one leading place name (香港特区政府 = 特区政府,
    巴基斯坦外交部 = 外交部 for matching): a place before a body's name is kept or dropped
    inconsistently by annotators and articles alike, and does not make another body."""
    places = gazetteer(load_knowledge(), "place")
    if places is None:
        return entities
    widened = {}
    for key, forms in entities.items():
        more = set(forms)
        for form in forms:
            match = places.match(form)
            rest = form[match.end():].lstrip() if match else ""
            if len(rest) >= 2 and not rest.isdigit() and rest != form:
                more.add(rest)
        widened[key] = more
    return widened


def _score_entities(report, file, category, gold: dict[str, set[str]], predicted: dict[str, set[str]]) -> None:
    score = report.scores[category]
    matched_gold, alarms = set(), []
    for node, forms in sorted(predicted.items()):
        hit = next((g for g, gold_forms in sorted(gold.items()) if g not in matched_gold and forms & gold_forms), None)
        if hit is None:
            alarms.append(sorted(forms)[0] if forms else node)
        else:
            matched_gold.add(hit)
    misses = sorted(set(gold) - matched_gold)
    score.tp += len(matched_gold)
    score.fp += len(alarms)
    score.fn += len(misses)
    report.errors[file][category] = (misses, sorted(alarms))


def _score_sets(report, file, category, gold: set[str], predicted: set[str]) -> None:
    score = report.scores[category]
    score.tp += len(gold & predicted)
    score.fp += len(predicted - gold)
    score.fn += len(gold - predicted)
    report.errors[file][category] = (sorted(gold - predicted), sorted(predicted - gold))


def _predicted(store) -> dict[str, dict]:
    out: dict[str, dict] = defaultdict(lambda: defaultdict(dict))
    for row in run_query(store, saved_query("people")).as_dicts():
        out[row["file"]]["people"].setdefault(row["person"], set()).add(fold(row["name"]))
    for row in run_query(store, saved_query("organizations")).as_dicts():
        out[row["file"]]["organizations"].setdefault(row["org"], set()).add(fold(row["name"]))
    for row in run_query(store, saved_query("meetings")).as_dicts():
        out[row["file"]].setdefault("meetings", set()).add(row["date"] or "")
    for row in run_query(store, saved_query("conditions")).as_dicts():
        out[row["file"]].setdefault("conditions", set()).add(row["kind"])
        if row["kind"] == "Quota" and row["value"]:
            out[row["file"]].setdefault("quota values", set()).add(row["value"])
    for row in run_query(store, saved_query("claims")).as_dicts():
        if row["expected"]:
            out[row["file"]].setdefault("predictions", set()).add(row["expected"])
    return out
