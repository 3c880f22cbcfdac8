"""The timeline drawn for reports: time across, one lane per kind of event (SVG or PNG, via matplotlib).

:func:`layout` turns the rows of :func:`kg.timeline.timeline` into marks (where each one sits, in which
row of its lane, with which label); :func:`render` draws them; :func:`draw_timeline` does both for a built
graph. Only rows dated with a year are drawn; the picture says how many were left out. Month- and
quarter-only dates sit at their first day.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import unicodedata
import warnings
from dataclasses import dataclass, field
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

from .query import QueryResult

__all__ = ["draw_timeline", "layout", "render", "find_cjk_font", "Layout", "Mark", "TimelineImage", "IMAGE_FORMATS"]

IMAGE_FORMATS = ("svg", "png")
LANES = ("meeting", "prediction", "condition")
WIDTH_IN = 16.0  # the figure's width; the axes take AXES_IN of it (the rest: lane names, margins)
AXES_IN = 13.6
FONT_PT = 8.0
MAX_LABEL_EM = 18.0  # a longer label is cut with "…"
LABEL_OFFSET_PT = 5.0  # between a mark and its label
GAP_PT = 6.0  # free space kept between one label's end and the next mark in the same row
ROWS = {"meeting": 5, "prediction": 9}  # conditions get one row per kind instead
_COLOURS = {"meeting": "#1f77b4", "prediction": "#d62728", "condition": "#2ca02c"}
_ROW_IN, _LANE_GAP = 0.3, 0.7  # a row's height in inches; the space between lanes, in rows
_HASH_SALT = "kg-timeline"  # fixed ids in the SVG, so the same graph gives the same bytes


@dataclass(frozen=True)
class Mark:
    """One event where it is drawn: ``at`` on the time axis, ``row`` (0 = top) within its ``lane``."""

    lane: str  # meeting | prediction | condition
    at: date  # the event's date (month, quarter: its first day)
    row: int
    label: str  # "" when the label did not fit
    until: date | None = None  # meetings known to the month only: the month's last day
    target: date | None = None  # predictions: the first day of what they expect (None: no year known)
    left: bool = False  # the label runs left of the mark (near the end of the strip)
    planned: bool = False  # a meeting announced, not yet held: drawn hollow


@dataclass
class Layout:
    """Where everything goes: the marks, the time span, the rows of each lane and what was left out."""

    marks: list[Mark]
    start: date
    end: date
    rows: dict[str, list[str]]  # lane -> its rows' names (conditions: the kinds, in order of first date)
    left_out: dict[str, int] = field(default_factory=dict)  # lane -> rows without a date that has a year

    def labelled(self, lane: str) -> tuple[int, int]:
        """How many of ``lane``'s marks are labelled, and how many marks it has.

        A condition's label names every condition of its kind stated that day, so all of them count.
        """
        marks = [m for m in self.marks if m.lane == lane]
        if lane == "condition":
            named = {(m.row, m.at) for m in marks if m.label}
            return sum(1 for m in marks if (m.row, m.at) in named), len(marks)
        return sum(1 for m in marks if m.label), len(marks)


@dataclass
class TimelineImage:
    """A drawn timeline: the file's bytes, and what a reader of the command should be told."""

    data: bytes
    drawn: int  # events drawn
    left_out: int  # events without a date that has a year
    warnings: list[str]


def first_day(value: str) -> date | None:
    """The first day of an ISO date, month (2021-12) or quarter (2022-Q1); None without a year (--12-14, "")."""
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value or "")
    if m:
        return date(int(m[1]), int(m[2]), int(m[3] or 1))
    m = re.fullmatch(r"(\d{4})-Q([1-4])", value or "")
    return date(int(m[1]), 3 * int(m[2]) - 2, 1) if m else None


def layout(result: QueryResult) -> Layout:
    """Place the rows of :func:`kg.timeline.timeline` on a strip ``AXES_IN`` inches wide.

    Meetings and predictions are packed into rows, earliest first: a mark goes into the first row that
    is free at its date, with its label if the row is free; when no row is free it goes, unlabelled,
    into the row that frees up first. Conditions get one row per kind (in order of first date) and one
    label per date and kind. A label runs right of its mark, or left of it near the end of the strip,
    and only where it fits: labels never overlap each other, and in a crowded stretch later marks go
    unlabelled. A prediction's arrow points at the first day of what it expects (a month or quarter:
    its start).
    """
    events = result.as_dicts()
    dated = sorted(((at, e) for e in events if (at := first_day(e["date"]))), key=lambda d: d[0])
    left_out = {lane: sum(1 for e in events if e["event"] == lane and not first_day(e["date"])) for lane in LANES}
    ends = [at for at, _ in dated] + [t for _, e in dated if (t := first_day(e["expected"] or ""))]
    first, last = (min(ends), max(ends)) if ends else (date(2000, 1, 1), date(2000, 1, 2))
    pad = timedelta(days=max(3, (last - first).days // 40))
    strip = _Strip(first - pad, last + pad)
    marks, rows = [], {}
    for lane in ("meeting", "prediction"):
        marks += _packed(lane, [(at, e) for at, e in dated if e["event"] == lane], strip)
        rows[lane] = [""] * (1 + max((m.row for m in marks if m.lane == lane), default=0))
    conditions, rows["condition"] = _by_kind([(at, e) for at, e in dated if e["event"] == "condition"], strip)
    return Layout(marks + conditions, strip.start, strip.end, rows, left_out)


def _packed(lane: str, dated: list[tuple[date, dict]], strip: _Strip) -> list[Mark]:
    """Meetings or predictions, earliest first, each in the first row free at its date (see :func:`layout`)."""
    marks = []
    right = [float("-inf")] * ROWS[lane]  # per row: where its last mark, bar, arrow or label ends (in days)
    for at, e in dated:
        target = first_day(e["expected"] or "") if lane == "prediction" else None
        until = _month_end(at) if lane == "meeting" and len(e["date"]) == 7 else None
        reach = strip.x(max(at, target or at, until or at))
        free = [r for r, end in enumerate(right) if end + strip.gap <= strip.x(min(at, target or at))]
        label = _meeting_label(e) if lane == "meeting" else _prediction_label(e)
        span = strip.label_span(at, label)
        fits = [r for r in free if right[r] + strip.gap <= span[0]]  # a label left of its mark needs more room
        if fits:
            row = fits[0]
            right[row] = max(reach, span[1])
        else:
            row = free[0] if free else min(range(len(right)), key=right.__getitem__)
            span, label, right[row] = None, "", max(right[row], reach)
        marks.append(Mark(lane, at, row, label, until, target, left=bool(span) and span[1] <= strip.x(at),
                          planned=e["what"].endswith("(planned)")))
    return marks


def _by_kind(dated: list[tuple[date, dict]], strip: _Strip) -> tuple[list[Mark], list[str]]:
    """Conditions, one row per kind (in order of first date), one label per kind and day where it fits."""
    groups: dict[tuple[date, str], list[dict]] = {}
    for at, e in dated:
        groups.setdefault((at, e["what"].partition(": ")[0]), []).append(e)
    kinds = list(dict.fromkeys(kind for _, kind in groups))
    right = dict.fromkeys(kinds, float("-inf"))
    marks = []
    for (at, kind), group in groups.items():
        label = _condition_label(group)
        span = strip.label_span(at, label) if label else None
        if span and right[kind] + strip.gap <= span[0]:
            right[kind] = span[1]
        else:
            span, label = None, ""
        left = bool(span) and span[1] <= strip.x(at)
        row = kinds.index(kind)
        marks += [Mark("condition", at, row, label if i == 0 else "", left=left) for i in range(len(group))]
    return marks, kinds or [""]


@dataclass(frozen=True)
class _Strip:
    """The time axis in days, and how many days a point of text takes on it."""

    start: date
    end: date

    @property
    def days_per_pt(self) -> float:
        return (self.end - self.start).days / (AXES_IN * 72)

    @property
    def gap(self) -> float:
        return GAP_PT * self.days_per_pt

    def x(self, day: date) -> float:
        return float(day.toordinal())

    def label_span(self, at: date, label: str) -> tuple[float, float]:
        """Where ``label`` lies in days: right of the mark at ``at``, or left of it if it would leave the strip."""
        width = (LABEL_OFFSET_PT + _width_pt(label)) * self.days_per_pt
        x = self.x(at)
        return (x, x + width) if x + width <= self.x(self.end) else (x - width, x)


def _meeting_label(e: dict) -> str:
    # "docking meeting #2 in 深圳 (planned)" -> "docking #2 · 深圳" (drawn hollow); without a place, who took part
    what = re.sub(r" \((held|planned|postponed|cancelled|date not given, reported)\)$", "", e["what"])
    what = re.sub(r"(?<=\S) meeting\b", "", what).replace(" in ", " · ")
    if "·" not in what and e["who"]:
        what += " · " + e["who"].split(", ")[0]
    return _cut(what)


def _prediction_label(e: dict) -> str:
    return _cut(" · ".join(filter(None, (f"→ {e['expected']}", e["who"] or e["outlet"]))))


def _condition_label(group: list[dict]) -> str:
    values = list(dict.fromkeys(v for e in group if (v := e["what"].partition(": ")[2])))
    return _cut((f"×{len(group)} " if len(group) > 1 else "") + ", ".join(values))


def _cut(text: str) -> str:
    """``text``, or as much as fits in MAX_LABEL_EM ending in "…" (after a whole item of a list, if one fits)."""
    if _width_pt(text) <= MAX_LABEL_EM * FONT_PT:
        return text
    while _width_pt(text + "…") > MAX_LABEL_EM * FONT_PT:
        text = text[:-1]
    head, comma, _ = text.rpartition(", ")
    return f"{head}, …" if comma and len(head) > len(text) / 2 else text.rstrip(" ,·") + "…"


def _width_pt(text: str) -> float:
    # an estimate, so the layout needs no font: Han characters are one em wide, others about 0.6 em
    return FONT_PT * sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def draw_timeline(graph_dir: Path, fmt: str = "svg") -> TimelineImage:
    """The timeline of a built graph drawn as SVG or PNG bytes, the same bytes for the same graph.

    Lanes from the top: meetings (a dot at their date, hollow when planned; a bar over the month when
    only the month is known), reopening predictions (a dot at the date they were published, an arrow to the first
    day of the date they expect; no arrow when it has no year), policy conditions (a dot at the date
    they were first stated, one row per kind). Labels are drawn only where they fit (see
    :func:`layout`); the footnote says how many fit and how many events had no date with a year.
    Chinese text needs a CJK font (found with fontconfig); without one the picture is still drawn,
    with empty boxes for Han characters, and ``warnings`` says so.

    Raises:
        ValueError: ``fmt`` is not svg or png.
    """
    from .timeline import timeline

    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(IMAGE_FORMATS)}, not {fmt!r}")
    placed = layout(timeline(graph_dir))
    cjk = find_cjk_font()
    needs_cjk = any(unicodedata.east_asian_width(c) in "WF" for m in placed.marks for c in m.label)
    notes = [] if cjk or not needs_cjk else [
        "no Chinese font found (fc-list :lang=zh lists none; install fonts-wqy-zenhei or fonts-noto-cjk): "
        "Chinese labels are drawn as empty boxes"]
    return TimelineImage(render(placed, fmt, cjk), len(placed.marks), sum(placed.left_out.values()), notes)


def find_cjk_font() -> str | None:
    """The family name of an installed Chinese font matplotlib can use, or None."""
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    found = []
    if shutil.which("fc-list"):
        listing = subprocess.run(["fc-list", ":lang=zh", "family", "file"], capture_output=True, text=True,
                                 check=False).stdout
        for line in sorted(listing.splitlines()):
            path, _, families = line.partition(": ")
            family = families.split(",")[0].strip()
            if family and family not in known and Path(path).is_file():
                font_manager.fontManager.addfont(path)  # installed after matplotlib's font cache was made
                known = {f.name for f in font_manager.fontManager.ttflist}
            if family in known:
                found.append(family)
    else:  # no fontconfig: look for the usual Chinese families among the fonts matplotlib knows
        found = sorted(n for n in known if re.search(r"CJK|Han Sans|Han Serif|WenQuanYi|YaHei|PingFang|Hei|Song", n))
    # plain faces before their Mono/Sharp/bold variants, so the pick does not depend on listing order
    return min(found, key=lambda n: (bool(re.search(r"Mono|Sharp|Bold|Light", n)), n), default=None)


def render(placed: Layout, fmt: str, cjk: str | None) -> bytes:
    """``placed`` drawn as SVG or PNG bytes; ``cjk`` is the font family for Han characters (None: none found).

    Everything that could vary between runs is fixed: matplotlib's default style whatever the user's
    matplotlibrc, a set salt for the SVG's ids, no date or tool version in the file's metadata.
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    tops, y = {}, 0.0  # each lane's top, in rows from the top of the axes
    for lane in LANES:
        tops[lane] = y
        y += len(placed.rows[lane]) + _LANE_GAP
    total = y - _LANE_GAP
    height = total * _ROW_IN + 1.6
    out = BytesIO()
    fonts = logging.getLogger("matplotlib.font_manager")
    level = fonts.level
    with matplotlib.rc_context(), warnings.catch_warnings():
        matplotlib.rcdefaults()  # a user's matplotlibrc must not change the picture
        matplotlib.rcParams.update({
            "font.family": ["DejaVu Sans"] + ([cjk] if cjk else []), "font.size": FONT_PT,
            "svg.fonttype": "path", "svg.hashsalt": _HASH_SALT, "axes.unicode_minus": False})
        warnings.filterwarnings("ignore", message="Glyph .* missing from")  # said once, in TimelineImage.warnings
        fonts.setLevel(logging.ERROR)  # "Failed to find font weight normal, now using 500" for every CJK face is noise
        try:
            fig = Figure(figsize=(WIDTH_IN, height))
            FigureCanvasAgg(fig)  # no pyplot, no display: the Agg canvas, or the SVG one savefig picks
            ax = fig.add_axes(((WIDTH_IN - AXES_IN - 0.4) / WIDTH_IN, 1.0 / height, AXES_IN / WIDTH_IN,
                               total * _ROW_IN / height))
            _lanes(fig, ax, placed, tops, total)
            _marks(fig, ax, placed, tops)
            if fmt == "svg":
                fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
            else:
                fig.savefig(out, format="png", dpi=110, metadata={"Software": None})
        finally:
            fonts.setLevel(level)
    return out.getvalue()


def _lanes(fig, ax, placed: Layout, tops: dict[str, float], total: float) -> None:
    """The time axis, the lanes' bands and names, the title and the footnote."""
    from matplotlib import dates as mdates
    from matplotlib.transforms import blended_transform_factory

    ax.set_xlim(placed.start, placed.end)
    ax.set_ylim(total, 0)
    locator = mdates.AutoDateLocator(minticks=6, maxticks=14)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    figure_x = blended_transform_factory(fig.transFigure, ax.transData)
    for i, lane in enumerate(LANES):
        top, bottom = tops[lane], tops[lane] + len(placed.rows[lane])
        ax.axhspan(max(top - _LANE_GAP / 2, 0), min(bottom + _LANE_GAP / 2, total), zorder=0,
                   color="#f2f2f2" if i % 2 == 0 else "white")
        fig.text(0.008, (top + bottom) / 2, f"{lane}s ({placed.labelled(lane)[1]})", transform=figure_x,
                 rotation=90, ha="left", va="center", fontsize=FONT_PT + 1, fontweight="bold", color=_COLOURS[lane])
    kinds = placed.rows["condition"]
    ax.set_yticks([tops["condition"] + r + 0.5 for r in range(len(kinds))], kinds)
    days = [m.at for m in placed.marks]
    ax.set_title("Meetings, reopening predictions and policy conditions"
                 + (f", {min(days):%Y-%m-%d} to {max(days):%Y-%m-%d}" if days else ": none has a date with a year"),
                 loc="left", fontsize=FONT_PT + 3)
    fig.text(0.008, 0.01, _footnote(placed), fontsize=FONT_PT - 0.5, color="#444444", va="bottom", linespacing=1.5)


def _marks(fig, ax, placed: Layout, tops: dict[str, float]) -> None:
    """A dot per event (its SVG id: lane-date-n), month bars, prediction arrows, labels."""
    from matplotlib.transforms import offset_copy

    beside = {left: offset_copy(ax.transData, fig=fig, x=-LABEL_OFFSET_PT if left else LABEL_OFFSET_PT, y=4.5,
                                units="points") for left in (False, True)}
    for n, mark in enumerate(placed.marks):
        colour, y = _COLOURS[mark.lane], tops[mark.lane] + mark.row + 0.5
        if mark.until:
            ax.plot([mark.at, mark.until], [y, y], color=colour, linewidth=3, alpha=0.35, solid_capstyle="butt")
        if mark.target:
            ax.annotate("", xy=(mark.target, y), xytext=(mark.at, y), arrowprops={
                "arrowstyle": "->", "color": colour, "linewidth": 0.8, "alpha": 0.7, "shrinkA": 0, "shrinkB": 0})
        face, edge = ("white", colour) if mark.planned else (colour, "white")
        ax.plot([mark.at], [y], marker="o", markersize=5, color=colour, alpha=0.8, markerfacecolor=face,
                markeredgecolor=edge, markeredgewidth=1 if mark.planned else 0.5,
                gid=f"{mark.lane}-{mark.at.isoformat()}-{n}")
        if mark.label:
            ax.text(mark.at, y, mark.label, transform=beside[mark.left], va="baseline",
                    ha="right" if mark.left else "left", color="#222222")


def _footnote(placed: Layout) -> str:
    counts = ", ".join(f"{lane}s {placed.labelled(lane)[0]} of {placed.labelled(lane)[1]}" for lane in LANES)
    missing = sum(placed.left_out.values())
    which = ", ".join(f"{n} {lane}{'s' if n > 1 else ''}" for lane, n in placed.left_out.items() if n)
    return ("Meetings at their date (hollow: planned; a bar: only the month is known); predictions at the day they "
            "were published, the arrow to the first day of what they expect; conditions at the day they were first stated "
            "(×N: N of that kind that day).\n"
            f"Labelled where they fit, earliest first: {counts}. "
            + (f"Left out: {missing} without a date that has a year ({which})." if missing
               else "Every event has a date with a year."))
