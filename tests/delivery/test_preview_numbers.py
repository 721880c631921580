"""Glyph-assembled numbers show the values the sidecar records (and numpy computes)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from nnviz_delivery.render import render
from nnviz_kit.glyphs import GlyphNumber
from nnviz_kit.labels import fmt
from scenes.linear_maps import LinearMap


def _render_keeping_scene(tmp_path: Path, params: dict, build_cache: Path, monkeypatch):
    monkeypatch.setenv("NNVIZ_BUILD", str(build_cache))
    kept: list = []

    class Kept(LinearMap):
        def construct(self) -> None:
            super().construct()
            kept.append(self)

    out = render(Kept, params, "low", "png", tmp_path / "frame.png")
    return kept[0], json.loads(out.with_suffix(".json").read_text())


@pytest.mark.parametrize(
    "matrix", [[[1, 3], [-2, 1]], [[-1.25, 0.5], [2.125, -1.75]], [[0.333, -7], [4.5, 0.01]]]
)
def test_glyph_numbers_match_sidecar_and_numpy(tmp_path, build_cache, monkeypatch, matrix):
    vector = [1.5, -2]
    scene, sidecar = _render_keeping_scene(
        tmp_path, {"matrix": matrix, "vector": vector}, build_cache, monkeypatch
    )
    shown = Counter(
        m.tex_string
        for top in scene.mobjects
        for m in top.get_family()
        if isinstance(m, GlyphNumber)
    )
    m, v = np.array(matrix, float), np.array(vector, float)
    # Oracle: numpy, independent of nnviz.linalg; the sidecar must agree with it too.
    np.testing.assert_allclose(sidecar["determinant"], np.linalg.det(m))
    np.testing.assert_allclose(sidecar["image"], m @ v)
    expected = Counter(
        [fmt(x) for x in np.ravel(sidecar["basis_images"])]
        + [fmt(x) for x in sidecar["image"]]
        + [fmt(sidecar["determinant"])]
    )
    assert shown == expected
    assert sorted(fmt(x) for x in m.ravel()) == sorted(
        fmt(x) for x in np.ravel(sidecar["basis_images"])
    )
