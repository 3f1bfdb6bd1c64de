"""Pages and feeds rendered by this process and forked helpers, each helper replaced by a fresh
one every few chunks (output/write.py `_run`): the output is byte for byte what one process
writes alone, in the same order of results."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SiteSource, copy_sample, file_tree

from generator.output import write


def _build(tmp_path: Path, name: str) -> dict[str, bytes]:
    site = SiteSource.__new__(SiteSource)
    site.root = tmp_path / "src"
    return file_tree(site.build(site_dir=tmp_path / name).dir)


@pytest.mark.parametrize("helpers", [1, 2])
def test_helpers_write_what_one_process_writes(tmp_path, monkeypatch, helpers):
    copy_sample(tmp_path / "src")
    monkeypatch.setenv("CAREERS_NO_CACHE", "1")  # each build from scratch
    monkeypatch.setattr(write, "HELPERS", 0)
    alone = _build(tmp_path, "alone")
    # Small chunks and short lives: many helpers, each taking a share of every batch.
    monkeypatch.setattr(write, "HELPERS", helpers)
    monkeypatch.setattr(write, "PARALLEL_MIN", 1)
    monkeypatch.setattr(write, "CHUNK", 3)
    monkeypatch.setattr(write, "HELPER_LIFE", 4)
    shared = _build(tmp_path, "shared")
    assert shared.keys() == alone.keys()
    assert [name for name in alone if shared[name] != alone[name]] == []
    assert sum(name.endswith("index.html") for name in alone) > 3 * 4 * 3  # several batches
