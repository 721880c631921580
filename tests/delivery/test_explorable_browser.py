"""An explorable opened from ``file://`` in a real browser (Debian's Chromium + Playwright).

Built by the real builder (three low-quality HyperplaneScore variants of ``offset``), opened
straight from disk: the slider, the number buttons and the arrow keys switch the poster and
the shown value and numbers, the clip plays, and nothing logs an error. Screenshots at desktop
width and at 390 px go to ``renders/screenshots/`` for a human to look at.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from nnviz_delivery.explorable import MANIFEST, build_explorable
from scenes import registry
from tests.delivery import test_player_browser as player

# The player tests' Chromium launch and error-recording page (it skips when Chromium is missing).
browser, page, SHOTS = player.browser, player.page, player.SHOTS

pytestmark = pytest.mark.render

VALUES = [-2, 0, 1.5]


@pytest.fixture(scope="module")
def folder(tmp_path_factory, build_cache) -> Path:
    os.environ["NNVIZ_BUILD"] = str(build_cache)
    out = tmp_path_factory.mktemp("renders") / "explorables" / "offset"
    return build_explorable(registry.get("HyperplaneScore"), {}, "offset", VALUES, "low", out)


def _state(pg) -> dict:
    return pg.evaluate(
        """(() => ({
            src: document.getElementById('poster').getAttribute('src'),
            value: document.getElementById('value').textContent,
            slider: document.getElementById('slider').value,
            raw: [...document.querySelectorAll('#numbers dt')].map((dt) =>
                [dt.textContent, dt.nextElementSibling.textContent]),
        }))()"""
    )


def test_the_slider_switches_the_poster_value_and_numbers_from_file_urls(page, folder):
    manifest = json.loads((folder / MANIFEST).read_text())
    page.goto((folder / "index.html").as_uri())
    first = _state(page)
    assert first["src"] == "variant_01.png" and first["value"] == "-2"
    # raw scores = points · normal + offset; at offset -2 the first point (2, 1.5) scores 1.5
    assert ["raw scores", "[1.5, -0.5, -2.5, -5, 0.5]"] in first["raw"]
    page.locator("#slider").focus()
    page.keyboard.press("ArrowRight")  # the range input moves itself with the arrows
    second = _state(page)
    assert second["src"] == "variant_02.png" and second["value"] == "0"
    assert ["raw scores", "[3.5, 1.5, -0.5, -3, 2.5]"] in second["raw"]
    page.get_by_role("button", name="offset = 1.5").click()
    third = _state(page)
    assert third["src"] == "variant_03.png" and third["value"] == "1.5"
    assert third["slider"] == "2"
    assert [f["poster"] for f in manifest["files"]] == [f"variant_0{i}.png" for i in (1, 2, 3)]
    # the poster really loaded (a broken src would have naturalWidth 0)
    page.wait_for_function("document.getElementById('poster').naturalWidth > 0")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "explorable-desktop.png"), full_page=True)
    assert page.errors == []


def test_the_clip_plays_and_follows_the_slider(page, folder):
    page.goto((folder / "index.html").as_uri())
    page.get_by_role("button", name="▶ Play the clip").click()
    page.wait_for_function("document.getElementById('clip').readyState >= 2", timeout=15000)
    assert page.evaluate("document.getElementById('clip').getAttribute('src')") == "variant_01.mp4"
    page.keyboard.press("3")
    page.wait_for_function(
        "document.getElementById('clip').getAttribute('src') === 'variant_03.mp4'"
        " && document.getElementById('clip').readyState >= 2",
        timeout=15000,
    )
    assert _state(page)["value"] == "1.5"
    assert page.errors == []


def test_the_page_fits_a_phone(page, folder):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto((folder / "index.html").as_uri())
    page.keyboard.press("ArrowRight")
    assert _state(page)["src"] == "variant_02.png"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width}px wide"
    page.wait_for_function("document.getElementById('poster').naturalWidth > 0")
    page.screenshot(path=str(SHOTS / "explorable-390.png"), full_page=True)
    assert page.errors == []
