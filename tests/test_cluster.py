"""kg build --scheduler: extraction as tasks of a Dask cluster gives the outputs of a local build."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import main

from conftest import ROOT, SHARED

OUTPUTS = ("graph.trig", "graph.ttl", "entities.sqlite")


def _same_outputs(a, b) -> None:
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_cluster_build_of_the_seeds_on_two_workers_is_byte_identical_to_a_local_build(tmp_path):
    build(ROOT / "seeds", tmp_path / "local", html=False, jobs=1)
    build(ROOT / "seeds", tmp_path / "cluster", html=False, scheduler="local:2")
    _same_outputs(tmp_path / "local", tmp_path / "cluster")


def test_cluster_build_reports_a_broken_file_and_builds_the_rest(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "good.md").write_text("---\ntitle: 通关\ndate: 2021-11-24 09:00:00 +0800\n---\n谭耀宗表示，通关有望下月实现。\n",
                                    encoding="utf-8")
    (corpus / "bad.md").write_bytes(b"---\ntitle: [unclosed\n---\nbody\n")
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(tmp_path / "out"), "--no-html", "-q",
                                       "--scheduler", "local:2"])
    assert result.exit_code == 3, result.output
    assert "skipped bad.md: front matter is not valid YAML" in result.output
    assert "Read 1 articles, skipped 1." in result.output


@pytest.mark.skipif(not (SHARED / "corpus" / "dev").is_dir(), reason="../shared/corpus/dev is not here")
def test_cluster_build_of_the_dev_corpus_is_byte_identical_to_a_local_build(tmp_path):
    build(SHARED / "corpus" / "dev", tmp_path / "local", html=False, jobs=2)
    build(SHARED / "corpus" / "dev", tmp_path / "cluster", html=False, scheduler="local:2")
    _same_outputs(tmp_path / "local", tmp_path / "cluster")


@pytest.mark.skipif(not (SHARED / "corpus" / "dev").is_dir(), reason="../shared/corpus/dev is not here")
def test_cluster_build_survives_a_worker_killed_mid_build_with_the_same_outputs(tmp_path):
    import os
    import signal
    import threading
    import time

    from distributed import Client, LocalCluster

    build(SHARED / "corpus" / "dev", tmp_path / "local", html=False, jobs=2)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        pids = list(client.run(os.getpid).values())
        started = threading.Event()

        def kill_one_when_busy():
            started.wait()
            while not client.processing() or not any(client.processing().values()):
                time.sleep(0.05)  # until the workers hold tasks
            os.kill(pids[0], signal.SIGKILL)

        killer = threading.Thread(target=kill_one_when_busy, daemon=True)
        killer.start()
        started.set()
        build(SHARED / "corpus" / "dev", tmp_path / "cluster", html=False, scheduler=cluster.scheduler_address)
        killer.join(timeout=5)
        assert pids[0] not in client.run(os.getpid).values()  # that worker did die (the nanny started another)
    _same_outputs(tmp_path / "local", tmp_path / "cluster")


@pytest.mark.parametrize("scheduler, message", [
    ("local:0", "local:N needs a number of workers N >= 1"),
    ("tcp://127.0.0.1:9", "cannot reach the Dask scheduler at tcp://127.0.0.1:9"),
])
def test_cluster_a_bad_scheduler_is_a_clear_error(tmp_path, monkeypatch, scheduler, message):
    import kg.build

    monkeypatch.setattr(kg.build, "CONNECT_TIMEOUT", 2)
    result = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "-o", str(tmp_path / "out"), "--no-html", "-q",
                                       "--scheduler", scheduler])
    assert result.exit_code == 1 and message in result.output, result.output
    assert not (tmp_path / "out" / "graph.ttl").exists()
