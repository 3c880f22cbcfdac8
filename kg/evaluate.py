"""Compare a built graph with hand-annotated gold files: precision, recall and F1 per category.

A gold file is JSON, one per article, named ``<article file name>.json``::

    {"file": "...", "published": "2021-12-14", "script": "zh-Hant",
     "people": [{"name": "李家超", "mentions": ["李家超"], "positions": [{"title": "政务司司长", "org": "..."}]}],
     "organizations": [{"name": "...", "mentions": [...], "kind": "government|media|other"}],
     "meetings": [{"summary": "...", "date": "2021-12-14", "place": "深圳", "participants": [...], "evidence": "..."}],
     "conditions": [{"kind": "Quota", "value": "1000", "unit": "people/day", "holder": "...", "evidence": "..."}],
     "predictions": [{"speaker": "...", "expected": "2021-12", "evidence": "..."}]}

Event entries may also list ``"also"``: further sentences stating the same meeting, condition
or prediction; a prediction may be ``"negated": true`` ("年底前不可能通关": not a prediction of
that date, so a claim expecting it is a false alarm). A category a gold file does not have (the
event sets have no ``people``) is not scored for that file.

The graph is read through the saved queries (people, organizations, meetings,
conditions, claims), so the evaluation measures exactly what users query.
Names compare after Traditional->Simplified conversion and case folding. Events are matched one to
one, each gold entry to at most one node of the graph:

- a **condition** matches a condition node of the same kind whose evidence sentence holds one of the
  entry's quotes (or is held by one): same kind and same sentence (the kind alone for an entry that
  quotes no evidence, as some of the first sets' do);
- a **meeting** matches a meeting node whose date is compatible (equal, or one more precise than
  the other, or a year-less ``--MM-DD`` of the same day), or, when either has no date, one that shares
  the place, a participant or an evidence sentence;
- a **prediction** matches a claim of the article that expects the same date;
- **quota values** compare as the sets of numbers an article's quotas hold (gold values written in words,
  "数百", "设配额", are not numbers and are left to the conditions score).
"""

from __future__ import annotations

import json
import re
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
    scored: set[str] = field(default_factory=set)  # the categories some gold file annotates

    def format(self, details: bool = True) -> str:
        lines = [f"{self.articles} annotated articles", "",
                 f"{'category':<14}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}"]
        for name, s in self.scores.items():
            if name not in self.scored:
                continue
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
        report.scored.update(c for c in ("people", "organizations", "meetings", "conditions", "predictions") if c in gold)
        if "conditions" in gold:
            report.scored.add("quota values")
        if "people" in gold:
            _score_entities(report, file, "people", _entities(gold["people"]), mine.get("people", {}))
        if "organizations" in gold:
            _score_entities(report, file, "organizations", _without_place(_entities(gold["organizations"])),
                            _without_place(mine.get("organizations", {})))
        if "meetings" in gold:
            _score_events(report, file, "meetings", gold["meetings"], mine.get("meetings", {}), _same_meeting)
        if "conditions" in gold:
            _score_events(report, file, "conditions", gold["conditions"], mine.get("conditions", {}), _same_condition)
            # numbers only: a gold value in words ("设配额", "数百", "取消配额") is the condition's content, scored
            # under conditions; no number of the graph could equal it
            quotas = {str(c["value"]) for c in gold["conditions"]
                      if c["kind"] == "Quota" and _NUMBER.fullmatch(str(c.get("value") or ""))}
            _score_sets(report, file, "quota values", quotas, set(mine.get("quota values", set())))
        if "predictions" in gold:
            expected = [p for p in gold["predictions"] if not p.get("negated")]
            _score_events(report, file, "predictions", expected, mine.get("predictions", {}), _same_prediction)
    if len(report.missing) == report.articles:
        raise KgError(f"{graph_dir} holds none of the articles annotated in {gold_dir} ({report.articles} gold files; "
                      f"was the graph built from other files?)")
    return report


_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?")  # 1000, 1.5, 1000-2000 (a range)
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


def _quotes(entry: dict) -> list[str]:
    """A gold entry's evidence and restatements, folded for comparison."""
    quotes = [entry.get("evidence") or ""] + list(entry.get("also") or [])
    return [_squash(q) for q in quotes if q]


def _squash(text: str) -> str:
    return "".join(fold(text).split())


def _same_sentence(quotes: list[str], sentences: set[str]) -> bool:
    """Whether a gold quote and a sentence of the graph are the same sentence (one holds the other:
    a quote may be a clause of the sentence, or span it)."""
    return any(q and s and (q in s or s in q) for q in quotes for s in sentences)


def _dates_compatible(a: str, b: str) -> bool:
    """2021-11 ~ 2021-11-25; --11-25 ~ 2021-11-25; never two different days."""
    if a.startswith("--") or b.startswith("--"):
        return a[-5:] == b[-5:] if len(a) >= 7 and len(b) >= 7 else False
    return a.startswith(b) or b.startswith(a)


def _same_meeting(gold: dict, node: dict) -> bool:
    date = gold.get("date") or ""
    if date and node["date"]:
        return _dates_compatible(date, node["date"])
    participants = {fold(p) for p in gold.get("participants") or []}
    return bool((gold.get("place") and fold(gold["place"]) in node["places"]) or participants & node["participants"]
                or _same_sentence(_quotes(gold), node["evidence"]))


def _same_condition(gold: dict, node: dict) -> bool:
    quotes = _quotes(gold)  # the first gold sets quoted no evidence for some conditions: the kind decides
    return gold["kind"] == node["kind"] and (not quotes or _same_sentence(quotes, node["evidence"]))


def _same_prediction(gold: dict, node: dict) -> bool:
    return str(gold["expected"]) == node["expected"]


def _score_events(report, file, category, gold: list[dict], nodes: dict[str, dict], same) -> None:
    """Match gold entries to the graph's nodes one to one (each entry in order takes the first free
    node it matches, preferring one whose evidence is the entry's sentence)."""
    score = report.scores[category]
    free = dict(sorted(nodes.items()))
    misses = []
    for entry in gold:
        candidates = [key for key, node in free.items() if same(entry, node)]
        candidates.sort(key=lambda key: not _same_sentence(_quotes(entry), free[key]["evidence"]))
        if candidates:
            del free[candidates[0]]
            score.tp += 1
        else:
            misses.append(_label(category, entry))
    score.fn += len(misses)
    score.fp += len(free)
    report.errors[file][category] = (sorted(misses), sorted(_label(category, node) for node in free.values()))


def _label(category: str, item: dict) -> str:
    """How a gold entry or a node is named in the error lists."""
    evidence = item.get("evidence") or ""
    evidence = evidence if isinstance(evidence, str) else min(evidence, default="")
    if category == "meetings":
        return f"{item.get('date') or 'undated'} {_short(item.get('summary') or evidence)}"
    if category == "conditions":
        return f"{item['kind']}: {_short(evidence)}"
    return str(item["expected"])


def _short(text: str) -> str:
    return text if len(text) <= 24 else text[:23] + "…"


def _predicted(store) -> dict[str, dict]:
    """file -> category -> what the graph holds: entities (node -> names), events (node -> fields)."""
    out: dict[str, dict] = defaultdict(lambda: defaultdict(dict))
    for row in run_query(store, saved_query("people")).as_dicts():
        out[row["file"]]["people"].setdefault(row["person"], set()).add(fold(row["name"]))
    for row in run_query(store, saved_query("organizations")).as_dicts():
        out[row["file"]]["organizations"].setdefault(row["org"], set()).add(fold(row["name"]))
    for row in run_query(store, saved_query("meetings")).as_dicts():
        node = out[row["file"]]["meetings"].setdefault(
            row["meeting"], {"date": row["date"] or "", "places": set(), "participants": set(), "evidence": set()})
        node["places"].update([fold(row["place"])] if row["place"] else [])
        node["participants"].update([fold(row["participant"])] if row["participant"] else [])
        node["evidence"].add(_squash(row["evidence"]))
    for row in run_query(store, saved_query("conditions")).as_dicts():
        node = out[row["file"]]["conditions"].setdefault(row["condition"], {"kind": row["kind"], "evidence": set()})
        node["evidence"].add(_squash(row["evidence"]))
        if row["kind"] == "Quota" and row["value"]:
            out[row["file"]].setdefault("quota values", set()).add(row["value"])
    for row in run_query(store, saved_query("claims")).as_dicts():
        if row["expected"]:
            # one prediction per speaker and date: a speaker's date restated in the headline and the body
            # is one prediction (as in the gold), two speakers' the same date are two; with nobody
            # speaking, the outlet the claim cites is its source ("香港经济日报报导…", "报导指出…")
            speaker = fold(row["speaker"] or row["outlet"] or row["claim"])
            node = out[row["file"]]["predictions"].setdefault(
                (speaker, row["expected"]), {"expected": row["expected"], "evidence": set()})
            node["evidence"].add(_squash(row["evidence"]))
    return out
