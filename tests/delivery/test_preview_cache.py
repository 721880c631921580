"""The preview engine's result cache stays under its size cap, least recently used first.

Sizes are the bytes this test writes, so the expected survivors are worked out by hand.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from nnviz_delivery.preview.job import RESULT_FILE, cache_dir, read_result, trim_cache

PAYLOAD = 1000  # bytes of each result's one file


def _result(key: str, used: float) -> int:
    """A finished result ``key`` last used at ``used`` (s, in the past); returns its bytes."""
    folder = cache_dir(key)
    folder.mkdir(parents=True)
    (folder / "frame.png").write_bytes(b"x" * PAYLOAD)
    manifest = json.dumps({"files": {"frame": "frame.png"}, "meta": {}}).encode()
    (folder / RESULT_FILE).write_bytes(manifest)
    os.utime(folder / RESULT_FILE, (used, used))
    return PAYLOAD + len(manifest)


@pytest.fixture
def build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NNVIZ_BUILD", str(tmp_path))
    return tmp_path


def _left(build: Path) -> set[str]:
    return {p.name for p in (build / "preview").iterdir()}


def test_the_least_recently_used_results_go_first(build: Path):
    sizes = {key: _result(key, used) for key, used in (("a", 1e8), ("b", 2e8), ("c", 3e8))}
    sizes["d"] = _result("d", 4e8)
    partial = cache_dir("p")  # being written: no manifest yet, never removed
    (partial / "clip.mp4").parent.mkdir(parents=True)
    (partial / "clip.mp4").write_bytes(b"y" * 500)
    assert read_result("b") is not None  # a read makes b the most recently used
    limit = sizes["a"] + sizes["b"] + 500
    left = trim_cache(limit, keep="a")  # a is the oldest, but kept (the result just made)
    assert _left(build) == {"a", "b", "p"}  # c, then d went; b was read after them
    assert left == sizes["a"] + sizes["b"] + 500


def test_nothing_goes_under_the_cap(build: Path):
    """Negative control: the same cache under a roomy cap keeps every result."""
    total = sum(_result(key, used) for key, used in (("a", 1e8), ("b", 2e8)))
    assert trim_cache(total) == total
    assert _left(build) == {"a", "b"}
