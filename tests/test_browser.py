"""The HTML graph in a real browser: headless Chromium, driven by Playwright, from disk."""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

import pytest

from kg.entity_index import INDEX_FILE, Part
from kg.viz import render_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


def open_page(browser, path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests, dialogs, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-kg-ready='1']", timeout=60000)
    page.kg_errors = errors
    return page, requests, dialogs


def node_id(page, label):
    found = page.evaluate("label => kg.idOf(label)", label)
    assert found is not None, f"no node labelled {label}"
    return found


def click_node(page, node):
    point = page.evaluate(
        "id => { const p = network.getPositions([id])[id]; const d = network.canvasToDOM(p);"
        " const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();"
        " return {x: r.left + d.x, y: r.top + d.y}; }", node)
    page.mouse.click(point["x"], point["y"])


def results(page):
    return page.eval_on_selector_all("#kg-results .kg-hit, #kg-results .kg-none", "els => els.map(e => e.textContent)")


def test_browser_clicking_a_person_shows_posts_meetings_claims_then_evidence(browser, seed_graph):
    page, requests, dialogs = open_page(browser, seed_graph / "graph.html")
    assert page.evaluate("nodes.length") > 30
    click_node(page, node_id(page, "谭耀宗"))
    panel = page.inner_text("#kg-panel")
    assert panel.startswith("谭耀宗\nPerson\nNames: Tam Yiu-chung")
    assert "Posts (1)\n全国人大常委 · 2021-11-24" in panel and "Conditions held (1)\n配额 · 2021-11-24" in panel
    assert "Claims\n2021-11-24 · 中国全国人大常委谭耀宗昨天表示，若防疫工作顺畅，配额可逐步增加。" in panel
    evidence = panel[panel.index("\nEvidence\n"):]
    assert "陆港通关对接会议将于明天举行 · 2021-11-24" in evidence  # the article's title (a link when it has one), date
    click_node(page, node_id(page, "李家超"))
    panel = page.inner_text("#kg-panel")
    assert "Meetings (1)\ndocking meeting #2 2021-11-25 in 深圳 · 2021-11-25 · 率领" in panel  # at its date, led by him
    assert [u for u in requests if not u.startswith("file://")] == [] and dialogs == [] and page.kg_errors == []


def test_browser_clicking_a_link_shows_its_relation_in_its_direction_and_evidence(browser, seed_graph):
    page, _, _ = open_page(browser, seed_graph / "graph.html")
    lee, meeting = node_id(page, "李家超"), node_id(page, "docking meeting #2 2021-11-25 in 深圳")
    page.evaluate("([a, b]) => kg.showEdge('e' + Math.min(a, b) + '-' + Math.max(a, b))", [lee, meeting])
    panel = page.inner_text("#kg-panel")
    assert "李家超 —[率领]→ docking meeting #2 2021-11-25 in 深圳" in panel  # leads: person to meeting
    assert "李家超 —[参与]→ docking meeting #2 2021-11-25 in 深圳" in panel
    assert "第二次的通关对接会议将于明天在深圳举行，香港将由政务司司长李家超率团前往" in panel


def test_browser_search_finds_people_by_any_name_lists_entities_first_and_says_no_match(browser, seed_graph):
    page, _, _ = open_page(browser, seed_graph / "graph.html")
    page.fill("#kg-search", "林鄭月娥")  # Traditional, as Hong Kong papers write it
    found = results(page)
    assert found[0].startswith("林郑月娥 · Person")
    page.fill("#kg-search", "林鄭")
    kinds = [hit.split(" · ")[1].split(" (")[0] for hit in results(page)]
    assert kinds.index("Article") > kinds.index("Person")  # the person before the articles naming her
    assert all(k == "Article" for k in kinds[kinds.index("Article"):])
    page.fill("#kg-search", "Carrie Lam")
    assert results(page)[0].startswith("林郑月娥 (Carrie Lam) · Person")
    page.fill("#kg-search", "john lee")
    assert results(page)[0].startswith("李家超 (John Lee) · Person")
    page.fill("#kg-search", "Nobody Atall")
    assert results(page) == ["No match for “Nobody Atall”."]
    page.fill("#kg-search", "Carrie Lam")
    page.click("#kg-results .kg-hit")  # choosing a match selects the node and opens its panel
    assert page.evaluate("network.getSelectedNodes()") == [node_id(page, "林郑月娥")]
    assert page.inner_text("#kg-panel").startswith("林郑月娥")


def test_browser_search_lists_entities_before_articles_however_well_an_article_matches(browser, tmp_path):
    from kg.entity_index import write_index

    art = f"{ID}article/a1"
    person, body = f"{ID}person/陈甲乙", f"{ID}org/甲乙局"
    write_index(tmp_path / INDEX_FILE, [Part(
        (art, "a1.md", "甲乙会议今日召开", "2021-11-01", "https://example.org/a1"),
        ((person, "Person"), (body, "GovernmentBody")),
        ((person, "陈甲乙", "pref"), (body, "甲乙局", "pref")), (),
        ((person, "speaks in", art, 0), (person, "member of", body, 0)), (), ("陈甲乙说，甲乙会议今日召开。",))])
    (tmp_path / "graph.html").write_text(render_html(tmp_path), encoding="utf-8")
    page, _, _ = open_page(browser, tmp_path / "graph.html")
    page.fill("#kg-search", "甲乙")  # the article's title and the body's name start with it, the person's holds it
    assert [hit.split(" · ")[:2] for hit in results(page)] == [["甲乙局", "Government body"], ["陈甲乙", "Person"],
                                                                ["甲乙会议今日召开", "Article"]]


def test_browser_search_brings_a_node_that_is_not_drawn_in_with_its_neighbours(browser, seed_graph, tmp_path):
    (tmp_path / "top.html").write_text(render_html(seed_graph, max_nodes=10), encoding="utf-8")
    page, _, _ = open_page(browser, tmp_path / "top.html")
    assert page.evaluate("nodes.length") == 10
    ho = node_id(page, "贺一诚")
    assert page.evaluate("id => nodes.get(id)", ho) is None
    page.fill("#kg-search", "Ho Iat-seng")
    assert results(page)[0].startswith("贺一诚 (Ho Iat-seng) · Person · not drawn yet")
    page.click("#kg-results .kg-hit")
    neighbours = page.evaluate("id => network.getConnectedNodes(id)", ho)
    labels = sorted(page.evaluate("ids => ids.map(i => kg.label(i))", neighbours))
    assert labels == ["澳门特别行政区政府", "澳门行政长官", "谭耀宗"]
    assert page.evaluate("id => !!nodes.get(id).hidden", ho) is False
    assert "Brought in: 3." in page.inner_text("#kg-status")  # 谭耀宗 was drawn already
    assert page.inner_text("#kg-panel").startswith("贺一诚")


def test_browser_nodes_linked_to_nothing_drawn_are_hidden_until_the_switch(browser, seed_graph):
    page, _, _ = open_page(browser, seed_graph / "graph.html")
    unlinked = page.evaluate("kg.data.overview.unlinked")
    assert unlinked and page.evaluate("ids => ids.map(i => !!nodes.get(i).hidden)", unlinked) == [True] * len(unlinked)
    linked = page.evaluate("nodes.get().filter(n => !kg.data.overview.unlinked.includes(n.id)).map(n => !!n.hidden)")
    assert linked and not any(linked)
    assert f"{len(unlinked)} nodes linked to nothing else drawn are hidden" in page.inner_text("#kg-status")
    page.check("#kg-unlinked")
    assert page.evaluate("ids => ids.map(i => !!nodes.get(i).hidden)", unlinked) == [False] * len(unlinked)


def test_browser_people_view_links_people_who_met_or_are_quoted_together(browser, seed_graph):
    page, _, _ = open_page(browser, seed_graph / "graph.html")
    page.check("input[name=kg-view][value=people]")
    classes = page.evaluate("nodes.get().map(n => kg.classOf(n.id))")
    assert classes and set(classes) == {"Person"}
    tam, ho = node_id(page, "谭耀宗"), node_id(page, "贺一诚")
    link = page.evaluate("([a, b]) => edges.get().find(e => (e.from === a && e.to === b) || (e.from === b && e.to === a)).id",
                         [tam, ho])
    page.evaluate("id => kg.showEdge(id)", link)
    panel = page.inner_text("#kg-panel")
    assert panel.startswith("谭耀宗 — 贺一诚") or panel.startswith("贺一诚 — 谭耀宗")
    assert "谭耀宗 said about 贺一诚" in panel and "近日与澳门特首贺一诚联络" in panel
    page.check("input[name=kg-view][value=all]")
    assert "Article" in page.evaluate("nodes.get().map(n => kg.classOf(n.id))")


def test_browser_timeline_strip_draws_each_meeting_at_its_date_and_focuses_on_it(browser, seed_graph):
    page, _, _ = open_page(browser, seed_graph / "graph.html")
    marks = page.evaluate(
        "Array.from(document.querySelectorAll('#kg-strip circle.kg-ev')).map(c => "
        "[kg.events[+c.dataset.event].date, +c.getAttribute('cx'), c.querySelector('title').textContent])")
    meetings = page.evaluate("kg.data.timeline.meetings.filter(m => /^\\d{4}/.test(m[0])).map(m => m[0])")
    assert sorted(m[0] for m in marks) == sorted(meetings) and len(meetings) >= 4
    by_date = sorted(marks)
    assert [x for _, x, _ in by_date] == sorted(x for _, x, _ in by_date)  # later dates further right
    assert [page.evaluate("x => kg.dateAt(x)", x) for _, x, _ in by_date] == [date for date, _, _ in by_date]  # on the axis
    assert all(date in title for date, _, title in marks)
    video = next(i for i, m in enumerate(page.evaluate("kg.events")) if m["kind"] == "meeting" and m["date"] == "2021-11-02")
    page.click(f"#kg-strip circle[data-event='{video}']")
    assert page.inner_text("#kg-panel").startswith("video meeting 2021-11-02\nmeeting · 2021-11-02")
    selected = page.evaluate("network.getSelectedNodes().map(i => kg.label(i))")
    assert sorted(selected) == ["video meeting 2021-11-02", "中国大陆当局", "香港特别行政区政府"]


def test_browser_dragging_across_the_strip_filters_the_graph_by_date(browser, seed_graph):
    page, _, _ = open_page(browser, seed_graph / "graph.html")
    box = page.eval_on_selector("#kg-strip", "s => s.getBoundingClientRect().toJSON()")
    # from the strip's left edge to a tenth of the way: the first days only
    page.mouse.move(box["x"] + 95, box["y"] + 60)
    page.mouse.down()
    page.mouse.move(box["x"] + 95 + (box["width"] - 107) * 0.1, box["y"] + 60, steps=4)
    page.mouse.up()
    start, end = page.input_value("#kg-from"), page.input_value("#kg-to")
    assert start and end and start <= end
    visible = page.evaluate("edges.get().filter(e => !e.hidden).map(e => e.kgDates)")
    hidden = page.evaluate("edges.get().filter(e => e.hidden).map(e => e.kgDates)")
    assert visible and hidden
    assert all(any(start <= d <= end for d in dates) for dates in visible)
    assert not any(any(start <= d <= end for d in dates) for dates in hidden)
    page.click("#kg-clear-dates")
    assert page.evaluate("edges.get().filter(e => e.hidden).length") == 0


def test_browser_hostile_article_text_runs_nothing(browser, tmp_path):
    from kg.build import build

    hostile = "<img src=x onerror=alert(1)><script>alert(2)</script><a href='javascript:alert(3)'>x</a>"
    (tmp_path / "a.md").write_text(
        f"---\ntitle: \"{hostile}\"\nlink: javascript:alert(4)\ndate: 2021-11-24\n---\n\n"
        f"<p>香港特首林郑月娥昨天宣布通关安排。&lt;img src=x onerror=alert(5)&gt; {hostile}</p>\n", encoding="utf-8")
    build(tmp_path, tmp_path / "out")
    page, requests, dialogs = open_page(browser, tmp_path / "out" / "graph.html")
    click_node(page, node_id(page, "林郑月娥"))
    page.fill("#kg-search", "img")
    page.wait_for_timeout(300)
    assert dialogs == [] and page.kg_errors == []
    assert [u for u in requests if not u.startswith("file://")] == []
    assert page.evaluate("document.querySelectorAll('#kg-panel img, #kg-panel script, #kg-panel a').length") == 0
    assert page.evaluate("document.querySelectorAll('#kg-results img, #kg-results script').length") == 0
    # as many scripts as the page of a harmless twin of the article: the hostile text added none
    (tmp_path / "twin").mkdir()
    (tmp_path / "twin" / "a.md").write_text(
        "---\ntitle: harmless\nlink: https://example.org/a\ndate: 2021-11-24\n---\n\n"
        "<p>香港特首林郑月娥昨天宣布通关安排。harmless text</p>\n", encoding="utf-8")
    build(tmp_path / "twin", tmp_path / "twin-out")
    twin = (tmp_path / "twin-out" / "graph.html").read_text(encoding="utf-8")
    from bs4 import BeautifulSoup

    # vis-network, the data (JSON, not run), the page's script
    assert page.evaluate("document.scripts.length") == len(BeautifulSoup(twin, "html.parser").find_all("script")) == 3


# -- at the size of a month of news ------------------------------------------------------------------
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣晶婷雪琳晨雨思嘉怡佳颖"
WORDS = "通关防疫经济会议政府香港深圳口岸检疫隔离名额健康码恢复安排表示计划合作发展贸易投资市场政策改革安全国际关系谈判协议"
ID = "https://w3id.org/kg-news/id/"


def month_of_news(articles: int = 10_000, seed: int = 2111):
    """Parts of ``articles`` generated articles, as many names and links as a month of news: each article
    quotes one to four people (a few of them often), some say something about another person or body,
    hold a post, take part in a meeting, cite an outlet or state a condition. Every third person has an
    English name ("Person 12")."""
    rng = random.Random(seed)
    people = sorted({rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
                     for _ in range(9_000)})
    bodies = [f"{''.join(rng.choice(WORDS) for _ in range(3))}{'局署会部院社'[k % 6]}" for k in range(9_000)]
    bodies = sorted(set(bodies))
    popular = [1 / (k + 1) ** 0.9 for k in range(len(people))]
    often = [1 / (k + 1) ** 0.9 for k in range(len(bodies))]
    for number in range(articles):
        art, date = f"{ID}article/s{number:05d}", f"2021-11-{1 + number % 30:02d}"
        title = "".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12)))
        types, names, attributes, edges, claims, sentences = set(), set(), set(), set(), [], []

        def node(kind, key, cls, english=None):
            iri = f"{ID}{kind}/{key}"
            types.add((iri, cls))
            names.add((iri, key, "pref"))
            if english:
                names.add((iri, english, "en"))
            return iri

        def person(name):
            k = people.index(name)
            return node("person", name, "Person", f"Person {k}" if k % 3 == 0 else None)

        def sentence(text):
            sentences.append(text)
            return len(sentences) - 1

        for name in rng.choices(people, popular, k=rng.randint(1, 4)):
            speaker, said = person(name), sentence(f"{name}表示，{title}。")
            edges.add((speaker, "speaks in", art, said))
            if rng.random() < 0.5:
                claims.append((speaker, title[:10], f"2022-0{rng.randint(1, 6)}" if rng.random() < 0.04 else "", said))
            if rng.random() < 0.3:
                about = person(rng.choices(people, popular)[0]) if rng.random() < 0.5 else \
                    node("org", rng.choices(bodies, often)[0], "GovernmentBody")
                if about != speaker:
                    edges.add((speaker, "said about", about, said))
            if rng.random() < 0.15:
                body = rng.choices(bodies, often)[0]
                edges.add((speaker, "holds post", node("role", body + "发言人", "Role"), said))
                edges.add((speaker, "member of", node("org", body, "GovernmentBody"), said))
        if rng.random() < 0.35:
            meeting = node("meeting", f"m{rng.randrange(3_600)}", "Meeting")
            said = sentence(f"双方于{date}举行会议。")
            attributes.add((meeting, "date", date, said))
            for name in rng.sample(people, 2):
                edges.add((person(name), "takes part in", meeting, said))
        if rng.random() < 0.4:
            edges.add((art, "cites", node("org", f"媒体{number % 700}", "MediaOutlet"), sentence("据报道。")))
        if rng.random() < 0.03:
            condition, said = node("condition", f"c{number % 270}", "PolicyCondition"), sentence("每日名额1000人。")
            attributes.add((condition, "value", "1000", said))
            edges.add((node("org", rng.choices(bodies, often)[0], "GovernmentBody"), "holds", condition, said))
        yield Part((art, f"s{number:05d}.md", title, date, f"https://example.org/{number}"), tuple(sorted(types)),
                   tuple(sorted(names)), tuple(sorted(attributes)), tuple(sorted(edges)), tuple(sorted(claims)),
                   tuple(sentences))


@pytest.fixture(scope="module")
def month_graph(tmp_path_factory):
    """The build of ../shared/corpus/bench-2111 named by KG_BENCH_GRAPH, else a generated graph of its size."""
    import os

    import kg.entity_index as entity_index

    given = os.environ.get("KG_BENCH_GRAPH")
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("month")
    with pytest.MonkeyPatch.context() as patch:  # betweenness is not drawn: sample less to write it fast
        patch.setattr(entity_index, "BETWEENNESS_SAMPLES", 20)
        entity_index.write_index(out / INDEX_FILE, month_of_news())
    return out


def test_browser_a_month_of_news_is_ready_at_once_and_searchable(browser, month_graph, tmp_path):
    started = time.perf_counter()
    html = render_html(month_graph)
    written = time.perf_counter() - started
    (tmp_path / "graph.html").write_text(html, encoding="utf-8")
    size = (tmp_path / "graph.html").stat().st_size
    del html
    page, requests, dialogs = open_page(browser, tmp_path / "graph.html")
    ready = int(page.evaluate("document.body.dataset.kgReadyMs")) / 1000  # from the request to the first drawing
    count = page.evaluate("kg.data.total")
    assert count > 20_000 and page.evaluate("nodes.length") == 300
    assert page.inner_text("#kg-status").startswith(f"Showing 300 of {count:,} nodes")
    assert size <= 5_000_000, f"the page is {size / 1e6:.1f} MB"
    assert ready <= 5, f"ready after {ready:.1f} s"  # the goal is 3 s (1.3-2.2 s measured); a busy machine is slower
    assert written <= 20, f"written in {written:.1f} s"  # the goal is 10 s for kg viz (5 s measured)
    # a person far from the centre, found by an English name and drawn with their neighbours
    # a person who is not drawn and has an English name no other node has (the last such, in index order)
    far, english = page.evaluate("""(() => {
        const d = kg.data, on = new Set(d.overview.nodes), seen = new Map();
        d.names.forEach((names, i) => names.split('\\t').concat([d.nodes.label[i]]).forEach(n => {
            const key = n.toLowerCase(); seen.set(key, (seen.get(key) || 0) + 1); }));
        let found = [-1, ''];
        d.names.forEach((names, i) => {
            if (on.has(i) || kg.classOf(i) !== 'Person') return;
            const name = names.split('\\t').find(n => /^[A-Za-z][A-Za-z0-9 .'-]{3,}$/.test(n) && seen.get(n.toLowerCase()) === 1);
            if (name) found = [i, name];
        });
        return found; })()""")
    assert far >= 0
    started = time.perf_counter()
    page.fill("#kg-search", english)
    first = results(page)[0]
    searched = time.perf_counter() - started
    assert first.startswith(page.evaluate("i => kg.label(i)", far) + f" ({english}) · Person")
    assert searched < 3
    page.click("#kg-results .kg-hit")
    assert page.evaluate("id => nodes.get(id) !== null && !nodes.get(id).hidden", far)
    assert page.evaluate("id => network.getConnectedNodes(id).length", far) >= 1
    assert dialogs == [] and page.kg_errors == [] and [u for u in requests if not u.startswith("file://")] == []
