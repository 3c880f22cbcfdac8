"""Outputs are written whole or not at all: a temporary file beside the target, renamed over it."""

from __future__ import annotations

import os
import stat

import pytest

from kg.io import atomic_path, atomic_writer, write_atomic


def test_io_write_atomic_writes_text_as_utf8_and_bytes_as_they_are(tmp_path):
    write_atomic(tmp_path / "a.txt", "通关\n")
    write_atomic(tmp_path / "b.bin", b"\x00\xff")
    assert (tmp_path / "a.txt").read_bytes() == "通关\n".encode("utf-8")
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\xff"


def test_io_write_atomic_replaces_an_old_file_and_creates_missing_folders(tmp_path):
    target = tmp_path / "deep" / "er" / "out.ttl"
    write_atomic(target, "old")
    write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert os.listdir(target.parent) == ["out.ttl"]  # no temporary file left beside it


@pytest.mark.parametrize("opener", ["writer", "path"])
def test_io_a_failure_while_writing_leaves_the_old_file_whole_and_no_temporary_file(tmp_path, opener):
    target = tmp_path / "out.ttl"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):  # any exception, even an interrupt
        if opener == "writer":
            with atomic_writer(target) as handle:
                handle.write(b"half")
                raise KeyboardInterrupt
        else:
            with atomic_path(target) as path:
                path.write_bytes(b"half")
                raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["out.ttl"]


@pytest.mark.parametrize("opener", ["writer", "path"])
def test_io_the_temporary_file_sits_beside_the_target_hidden_until_renamed(tmp_path, opener):
    target = tmp_path / "graph.ttl"
    if opener == "writer":
        with atomic_writer(target) as handle:
            handle.write(b"x")
            (temporary,) = os.listdir(tmp_path)
            assert not target.exists()
    else:
        with atomic_path(target) as path:
            path.write_bytes(b"x")
            temporary = path.name
            assert path.parent == tmp_path and not target.exists()
    assert temporary.startswith(".graph.ttl.") and temporary.endswith(".tmp")
    assert target.read_bytes() == b"x"


@pytest.mark.parametrize("opener", ["writer", "path"])
def test_io_outputs_are_ordinary_files_readable_as_the_umask_allows(tmp_path, opener):
    old = os.umask(0o022)
    try:
        if opener == "writer":
            with atomic_writer(tmp_path / "o") as handle:
                handle.write(b"x")
        else:
            with atomic_path(tmp_path / "o") as path:
                path.write_bytes(b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "o").stat().st_mode) == 0o644  # not mkstemp's 0600
