"""The timeline with policy conditions, and the timeline drawn (SVG, PNG) for reports."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.query import QueryResult, open_graph, run_query
from kg.timeline import COLUMNS, timeline
from kg.timeline_image import AXES_IN, LABEL_OFFSET_PT, _width_pt, draw_timeline, find_cjk_font, layout, render

KG = "https://w3id.org/kg-news/ns#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SVG = "{http://www.w3.org/2000/svg}"


def _graph_of(store, file_name: str) -> str:
    return run_query(store, f'SELECT ?g WHERE {{ GRAPH ?g {{ ?a kg:fileName "{file_name}" }} }}').rows[0][0]


def test_timeline_lists_conditions_at_their_first_date(seed_graph, tmp_path):
    # The 5000-6000 a day quota of 003 (published 2021-11-08) is stated again, by hand, in 001
    # (2021-11-05) and 000 (2021-11-24): it was first stated on 2021-11-05, in 001's words.
    store = open_graph(seed_graph)
    quota = run_query(store, "SELECT ?c WHERE { ?c a kg:Quota ; kg:minValue ?min FILTER (?min = 5000) }").rows[0][0]
    restated = ""
    for n, (name, sentence) in enumerate((("001_c4ff518b203b6675.txt", "港府五日已提出每日5000至6000人的配额。"),
                                         ("000_c506f010440d950d.txt", "港府廿四日再提每日5000至6000人。"))):
        restated += (f"<{_graph_of(store, name)}> {{ <{quota}> a <{KG}PolicyCondition>, <{KG}Quota> .\n"
                     f"  <{KG}test-fact-{n}> <{RDF}subject> <{quota}> ; <{RDF}predicate> <{RDF}type> ;"
                     f" <{KG}evidence> <{KG}test-mention-{n}> .\n"
                     f'  <{KG}test-mention-{n}> <{KG}sentence> "{sentence}" . }}\n')
    graph = tmp_path / "graph"
    graph.mkdir()
    shutil.copy(seed_graph / "graph.ttl", graph / "graph.ttl")
    (graph / "graph.trig").write_text((seed_graph / "graph.trig").read_text(encoding="utf-8") + "\n" + restated,
                                      encoding="utf-8")

    rows = timeline(graph).as_dicts()

    conditions = [r for r in rows if r["event"] == "condition"]
    assert {"date": "2021-11-05", "event": "condition", "what": "quota: 5000-6000 people/day",
            "who": "香港特别行政区政府", "outlet": "", "expected": "",
            "sources": "000_c506f010440d950d.txt, 001_c4ff518b203b6675.txt, 003_c51ed2c6366fe5d1.txt",
            "evidence": "港府五日已提出每日5000至6000人的配额。"} in conditions
    assert {"date": "2021-11-08", "event": "condition", "what": "circuit breaker: 一例本地确诊", "who": "中国大陆当局",
            "outlet": "", "expected": "", "sources": "003_c51ed2c6366fe5d1.txt",
            "evidence": "另有消息人士指，大陆当局要求的熔断机制更加严格，倘若有一例本地确诊便暂停通关，然而港府认为此条件太高，"
                        "希望大陆当局谅解，接受以两个群组在香港同时暴发才作为“熔断点”，有关机制仍有待进一步开会确定。"} in conditions
    # each condition once, in date order among the meetings and predictions; 004 has no date: last
    assert len({(r["what"], r["who"], r["sources"]) for r in conditions}) == len(conditions)
    dated = [r["date"] for r in rows if r["date"][:1].isdigit()]
    assert dated == sorted(dated)
    assert {r["date"] for r in conditions} == {"2021-11-05", "2021-11-08", "2021-11-10", "2021-11-24", ""}
    assert rows.index(next(r for r in conditions if r["date"] == "")) > rows.index(conditions[0])


# ---------------------------------------------------------------- the timeline drawn

def _rows(*events: tuple[str, str, str, str, str]) -> QueryResult:
    """Timeline rows by hand: (date, event, what, who, expected)."""
    return QueryResult(list(COLUMNS), [[d, e, what, who, "", expected, "a.md", "句。"] for d, e, what, who, expected in events])


def _svg_marks(svg: bytes, lane: str) -> list[float]:
    """The x of every dot the SVG draws in ``lane`` (its group's id: lane-date-n)."""
    root = ET.fromstring(svg)
    return sorted(float(use.get("x")) for group in root.iter(f"{SVG}g") if (group.get("id") or "").startswith(f"{lane}-")
                  for use in group.iter(f"{SVG}use"))


def _svg_texts(svg: bytes) -> list[str]:
    # text is drawn as glyph paths; matplotlib keeps each string as a comment before it
    return [c.strip() for c in re.findall(r"<!-- (.*?) -->", svg.decode("utf-8"), flags=re.S)]


def test_timeline_svg_is_byte_identical_for_the_same_graph(seed_graph, tmp_path):
    runner = CliRunner()
    for fmt in ("svg", "png"):
        outputs = [tmp_path / f"first.{fmt}", tmp_path / f"second.{fmt}"]
        for out in outputs:
            result = runner.invoke(main, ["timeline", "--graph", str(seed_graph), "--format", fmt, "-o", str(out)])
            assert result.exit_code == 0, result.output
        first, second = (out.read_bytes() for out in outputs)
        assert first == second, fmt
    svg = (tmp_path / "first.svg").read_bytes()
    assert b"<dc:date>" not in svg and b"Matplotlib v" not in svg  # no time of drawing, no tool version
    assert b"Software" not in (tmp_path / "first.png").read_bytes()
    assert runner.invoke(main, ["timeline", "--graph", str(seed_graph), "--format", "svg"]).stdout_bytes == svg


def test_timeline_png_requires_an_output_file(seed_graph, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["timeline", "--graph", str(seed_graph), "--format", "png"])
    assert result.exit_code == 1
    assert result.output == "Error: --format png writes binary data: give a file with -o, e.g. -o timeline.png\n"

    out = tmp_path / "report" / "timeline.png"
    result = runner.invoke(main, ["timeline", "--graph", str(seed_graph), "--format", "png", "-o", str(out)])
    rows = timeline(seed_graph).as_dicts()
    undated = sum(1 for r in rows if not re.match(r"\d{4}-", r["date"]))
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {out} ({len(rows) - undated} events drawn, {undated} without a date that has a year left out)\n"
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert [p.name for p in out.parent.iterdir()] == ["timeline.png"]  # written atomically: no temporary left


def test_timeline_image_marks_each_meeting_prediction_and_condition_at_its_date(seed_graph):
    svg = draw_timeline(seed_graph, "svg").data
    axes = ET.fromstring(svg).find(f".//{SVG}g[@id='patch_2']/{SVG}path").get("d")
    xs = [float(v) for v in re.findall(r"([\d.]+) [\d.]+", axes)]
    left, right = min(xs), max(xs)  # the axes' box, in SVG points
    rows = timeline(seed_graph).as_dicts()
    placed = layout(timeline(seed_graph))
    span = (placed.end - placed.start).days
    for lane in ("meeting", "prediction", "condition"):
        days = [date.fromisoformat(r["date"]) for r in rows
                if r["event"] == lane and re.fullmatch(r"\d{4}-\d\d-\d\d", r["date"])]
        expected = sorted(left + (day - placed.start).days / span * (right - left) for day in days)
        assert days and _svg_marks(svg, lane) == pytest.approx(expected, abs=0.01), lane


def test_timeline_layout_points_predictions_at_the_first_day_they_expect():
    placed = layout(_rows(("2022-10-02", "prediction", "", "梁兆基", "2023-Q1"),
                          ("2021-11-05", "prediction", "", "消息人士", "2021-12"),
                          ("2021-11-10", "prediction", "", "中国大陆官员", "2022-02-01"),
                          ("2021-11-12", "prediction", "", "", "--12"),
                          ("2021-12", "meeting", "meeting (held)", "常委会", "")))
    assert [(m.lane, m.at, m.target, m.until) for m in placed.marks] == [
        ("meeting", date(2021, 12, 1), None, date(2021, 12, 31)),  # known to the month: a bar over it
        ("prediction", date(2021, 11, 5), date(2021, 12, 1), None),
        ("prediction", date(2021, 11, 10), date(2022, 2, 1), None),
        ("prediction", date(2021, 11, 12), None, None),  # expects a month without a year: no arrow
        ("prediction", date(2022, 10, 2), date(2023, 1, 1), None),
    ]
    assert placed.start < date(2021, 11, 5) and placed.end > date(2023, 1, 1)  # every arrow's end is on the strip


def test_timeline_image_leaves_out_undated_rows_and_says_how_many(tmp_path):
    rows = _rows(("2021-11-24", "meeting", "visit (held)", "", ""),
                 ("--12-14", "meeting", "docking meeting #3 in 深圳 (held)", "", ""),
                 ("", "prediction", "", "香港媒体", "--12"),
                 ("", "condition", "quota", "", ""),
                 ("2021-11-08", "condition", "circuit breaker: 一例本地确诊", "中国大陆当局", ""))
    placed = layout(rows)
    assert [(m.lane, m.at) for m in placed.marks] == [("meeting", date(2021, 11, 24)), ("condition", date(2021, 11, 8))]
    assert placed.left_out == {"meeting": 1, "prediction": 1, "condition": 1}
    texts = _svg_texts(render(placed, "svg", None))
    assert any("Left out: 3 without a date that has a year (1 meeting, 1 prediction, 1 condition)." in t for t in texts)
    assert "visit" in texts and "一例本地确诊" in texts and not any("docking" in t for t in texts)


def test_timeline_layout_labels_only_what_fits_and_never_overlaps():
    crowded = [(f"2021-11-{day:02d}", "meeting", f"docking meeting #{n} in 深圳 (held)", "", "")
               for n, day in enumerate(range(1, 29, 1), start=1)] + [
        ("2021-11-01", "condition", f"quota: {n}000 people/day", "", "") for n in range(1, 4)] + [
        ("2021-11-02", "condition", "quota: 9000 people/day", "", "")]
    placed = layout(_rows(*crowded, ("2022-11-01", "meeting", "visit in 罗湖 (held)", "", "")))
    meetings = [m for m in placed.marks if m.lane == "meeting"]
    labelled, total = placed.labelled("meeting")
    assert 0 < labelled < total == 29  # a pile of 28 meetings in four weeks: not every label fits
    assert [m.label for m in meetings if m.label][:2] == ["docking #1 · 深圳", "docking #2 · 深圳"]  # earliest first
    assert meetings[-1].label == "visit · 罗湖" and meetings[-1].left  # at the end of the strip: left of its dot
    strip_days = (placed.end - placed.start).days
    for row in range(len(placed.rows["meeting"])):
        spans = sorted(_label_days(m, strip_days) for m in meetings if m.label and m.row == row)
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), row
    conditions = [m for m in placed.marks if m.lane == "condition"]
    assert conditions[0].label == "×3 1000 people/day, …"  # the three of that day, cut after a whole value
    assert [m.label for m in conditions[1:]] == ["", "", ""]
    assert placed.labelled("condition") == (3, 4)  # the 2021-11-02 quota sits under the 2021-11-01 label


def _label_days(mark, strip_days: float) -> tuple[float, float]:
    # where the label lies on the time axis, by the layout's own width estimate
    width = (LABEL_OFFSET_PT + _width_pt(mark.label)) * strip_days / (AXES_IN * 72)
    at = mark.at.toordinal()
    return (at - width, at) if mark.left else (at, at + width)


@pytest.mark.skipif(not shutil.which("fc-list") or not subprocess.run(["fc-list", ":lang=zh"], capture_output=True,
                    text=True).stdout.strip(), reason="no Chinese font on this machine (CI installs fonts-wqy-zenhei)")
def test_timeline_image_draws_han_characters_with_a_chinese_font(seed_graph, monkeypatch):
    image = draw_timeline(seed_graph, "svg")
    family = find_cjk_font()
    glyph_fonts = {ref.split("-")[0] for ref in re.findall(r'xlink:href="#([^"]+)"', image.data.decode("utf-8"))}
    assert family and family.replace(" ", "") in glyph_fonts and image.warnings == []

    monkeypatch.setattr("kg.timeline_image.find_cjk_font", lambda: None)
    without = draw_timeline(seed_graph, "svg")
    assert without.warnings == ["no Chinese font found (fc-list :lang=zh lists none; install fonts-wqy-zenhei or "
                                "fonts-noto-cjk): Chinese labels are drawn as empty boxes"]
    assert family.replace(" ", "") not in without.data.decode("utf-8")


def _timeline_of_one_post(tmp_path, title: str, date: str, body: str) -> list[dict]:
    """The timeline rows of a graph built from one hand-written post."""
    from kg.build import build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text(f"---\ntitle: {title}\ndate: {date} 18:00:00 +0800\n---\n{body}\n", encoding="utf-8")
    build(corpus, tmp_path / "out", html=False)
    return timeline(tmp_path / "out").as_dicts()


def test_timeline_places_a_meeting_no_article_dates_at_the_first_article_that_reports_it(tmp_path):
    rows = _timeline_of_one_post(tmp_path, "经民联与李家超会面", "2022-05-16",
                                 "经民联主席卢伟国与行政长官当选人李家超会面，冀对方争取尽快通关。")
    meetings = [r for r in rows if r["event"] == "meeting"]
    assert [(r["date"], r["what"]) for r in meetings] == [("2022-05-16", "meeting (date not given, reported)")]


def test_timeline_shows_a_reopening_announced_as_decided_on_the_day_it_was_said(tmp_path):
    rows = [r for r in _timeline_of_one_post(tmp_path, "明日起与内地全面通关", "2023-02-05", "香港明日起与内地全面通关。")
            if r["event"] == "prediction"]
    assert [(r["date"], r["what"], r["expected"]) for r in rows] == \
        [("2023-02-05", "reopening announced for 2023-02-06", "2023-02-06")]
