"""The studio page in a real browser (Debian's headless Chromium + Playwright) on a real studio.

The studio server runs in this process (``tests/delivery/studio_server.py``) with private
``renders/`` and ``build/`` folders. Expected numbers come from numpy, expected error lines from
the ``nnviz`` CLI. Nothing waits on the clock: every wait is on a selector, a request or a
condition, with generous timeouts only as hang guards. Screenshots at 1280 px and 390 px go to
``renders/studio-screens/`` for a human to look at.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import numpy as np
import pytest

from tests.conftest import ROOT
from tests.delivery import test_player_browser as player

pytestmark = pytest.mark.render

CHROMIUM = player.CHROMIUM
browser = player.browser  # the same Chromium launch as the gallery's browser tests (a fixture)
SHOTS = Path(os.environ.get("NNVIZ_SCREENSHOTS", ROOT / "renders" / "studio-screens"))
#: A hang guard for renders on a loaded machine, never a performance bound (ms).
LONG = 600_000
DEFAULT_MATRIX = [[1, 3], [-2, 1]]  # LinearMap's declared default (checked below)

if not Path(CHROMIUM).exists():  # pragma: no cover - `make setup` installs it
    pytest.skip("Debian's chromium is not installed (make setup)", allow_module_level=True)


@pytest.fixture(scope="module")
def studio(tmp_path_factory, build_cache):
    """A real studio with two engine workers, writing into private folders."""
    from tests.delivery.studio_server import running_studio

    renders = tmp_path_factory.mktemp("studio-renders")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NNVIZ_RENDERS", str(renders))
        mp.setenv("NNVIZ_BUILD", str(build_cache))
        yield from running_studio(workers=2)


@pytest.fixture(scope="module")
def base_url(studio) -> str:
    return f"http://127.0.0.1:{studio.port}"


@pytest.fixture
def page(browser):
    """A fresh page; console errors, page errors and failed requests fail the test."""
    pg = browser.new_page()
    pg.set_default_timeout(LONG)
    pg.set_viewport_size({"width": 1280, "height": 900})
    errors: list[str] = []
    pg.on("console", lambda m: None if _expected(m) else errors.append(f"{m.text} {m.location}"))
    pg.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    pg.on(
        "requestfailed",
        lambda r: None if _aborted_by_the_page(r) else errors.append(f"{r.url} {r.failure}"),
    )
    pg.errors = errors
    yield pg
    assert not errors, errors
    pg.close()


def _expected(message) -> bool:
    """Not an error: any non-error message, and Chromium's network log of a 422 from
    /api/validate (the contract's answer for invalid values, which the page shows inline)."""
    if message.type != "error":
        return True
    url = message.location.get("url", "")
    return url.endswith("/api/validate") and "status of 422" in message.text


def _aborted_by_the_page(request) -> bool:
    """An API call dropped on purpose (a stale /api/frame aborted by a newer edit, an event
    stream the page closed, a call in flight at a reload), or a video request the media player
    dropped to ask for a byte range instead."""
    dropped = "/api/" in request.url or request.resource_type == "media"
    return dropped and request.failure == "net::ERR_ABORTED"


def _open(pg, base_url: str, scene: str, params: dict | None = None) -> None:
    """Open the studio on ``scene`` and wait for its first picture."""
    query = {"scene": scene, **({"p": json.dumps(params)} if params else {})}
    pg.goto(f"{base_url}/?{urlencode(query)}")
    pg.wait_for_selector("body[data-ready]")
    _wait_picture(pg)


def _wait_picture(pg, old_src: str | None = None) -> str:
    """The preview's src once a picture is shown (a new one when ``old_src`` is given)."""
    pg.wait_for_function(
        "old => { const f = document.getElementById('frame');"
        " return !f.hidden && f.complete && f.naturalWidth > 0 && f.src && f.src !== old; }",
        arg=old_src,
    )
    return pg.evaluate("document.getElementById('frame').src")


def _determinant(pg) -> tuple[str, float]:
    """The determinant as shown in the numbers panel, and its full value (title)."""
    dd = pg.locator('#numbers dd[data-key="determinant"]')
    return dd.inner_text().strip(), float(dd.get_attribute("title"))


def _cell(pg, param: str, index: str):
    return pg.locator(f'.field[data-param="{param}"] input[data-index="{index}"]')


def _cli_error(*args: str) -> str:
    """The one line the CLI prints after ``error: `` for these arguments (exit 2, no render)."""
    done = subprocess.run(
        [sys.executable, "-m", "scenes", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 2, done.stderr
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith("error: "), line
    return line.removeprefix("error: ")


def test_editing_a_matrix_entry_moves_the_picture_the_numbers_and_the_url(page, base_url):
    _open(page, base_url, "LinearMap")
    first = page.evaluate("document.getElementById('frame').src")
    shown, full = _determinant(page)
    # negative control: before the edit the panel holds the default matrix's determinant
    assert full == pytest.approx(np.linalg.det(DEFAULT_MATRIX), abs=1e-9)
    assert float(shown) == pytest.approx(np.linalg.det(DEFAULT_MATRIX), abs=0.005)

    _cell(page, "matrix", "0,0").fill("2.25")
    new = [[2.25, 3], [-2, 1]]
    src = _wait_picture(page, first)
    assert src != first
    page.wait_for_function(
        "want => { const d = document.querySelector('#numbers dd[data-key=\"determinant\"]');"
        " return d && Math.abs(Number(d.title) - want) < 1e-9; }",
        arg=float(np.linalg.det(new)),
    )
    shown, full = _determinant(page)
    assert full == pytest.approx(np.linalg.det(new), abs=1e-9)  # 8.25
    assert float(shown) == pytest.approx(np.linalg.det(new), abs=0.005)

    query = parse_qs(urlparse(page.url).query)
    assert query["scene"] == ["LinearMap"]
    assert json.loads(query["p"][0]) == {"matrix": new}
    command = page.input_value("#command").splitlines()
    assert command == [
        "nnviz render LinearMap --set 'matrix=[[2.25,3],[-2,1]]'",
        "make clip SCENE=LinearMap SET='matrix=[[2.25,3],[-2,1]]'",
    ]

    page.reload()
    page.wait_for_selector("body[data-ready]")
    assert _wait_picture(page) == src  # the same numbers give the same content-addressed file
    assert _cell(page, "matrix", "0,0").input_value() == "2.25"
    assert _determinant(page)[1] == pytest.approx(np.linalg.det(new), abs=1e-9)

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "studio-1280.png"), full_page=True)


@pytest.mark.parametrize(("typed", "as_json"), [("abc", '"abc"'), ("1e9", "1e9")])
def test_an_invalid_entry_shows_the_cli_line_inline_and_renders_nothing(
    page, base_url, typed, as_json
):
    _open(page, base_url, "LinearMap")
    frames: list[str] = []
    page.on("request", lambda r: frames.append(r.url) if "/api/frame" in r.url else None)
    with page.expect_response(lambda r: "/api/validate" in r.url and r.status == 422):
        _cell(page, "matrix", "1,1").fill(typed)
    error = page.locator('.field[data-param="matrix"] .error')
    error.wait_for(state="visible")
    want = _cli_error("render", "LinearMap", "--set", f"matrix=[[1,3],[-2,{as_json}]]")
    assert error.inner_text().strip() == want
    assert frames == []
    # positive control: the counter does see frame requests, and the error goes away
    with page.expect_request(lambda r: "/api/frame" in r.url):
        _cell(page, "matrix", "1,1").fill("4")
    error.wait_for(state="hidden")
    _wait_picture(page)
    assert len(frames) >= 1


def _given(pg) -> dict:
    """The parameters the URL holds (what a copied link reopens)."""
    return json.loads(parse_qs(urlparse(pg.url).query).get("p", ["{}"])[0])


def test_the_form_follows_the_declarations_slider_rows_and_only_when(page, base_url):
    _open(page, base_url, "HyperplaneScore")
    # a bounded Number: a slider and a box that move together
    slider = page.locator('.field[data-param="offset"] input[type=range]')
    assert (slider.get_attribute("min"), slider.get_attribute("max")) == ("-10", "10")
    first = page.evaluate("document.getElementById('frame').src")
    slider.focus()
    page.keyboard.press("End")
    assert page.input_value("#p-offset") == "10"
    first = _wait_picture(page, first)
    assert _given(page) == {"offset": 10}
    # an n×2 Array: a row can be added (a copy of the last) and removed again
    rows = page.locator('.field[data-param="points"] input.cell')
    assert rows.count() == 10
    page.click('.field[data-param="points"] button:has-text("+ row")')
    assert rows.count() == 12
    _wait_picture(page, first)
    assert len(_given(page)["points"]) == 6
    page.click('.field[data-param="points"] button:has-text("− row")')
    assert rows.count() == 10
    page.wait_for_function(
        "() => !new URLSearchParams(location.search).get('p').includes('points')"
    )

    # only_when: the dataset choice shows the fields the scene reads, and sends only those
    _open(page, base_url, "CovariancePCA")
    assert page.is_visible('.field[data-param="n"]')
    assert not page.is_visible('.field[data-param="points"]')
    first = page.evaluate("document.getElementById('frame').src")
    page.select_option("#p-dataset", "custom")
    assert page.is_visible('.field[data-param="points"]')
    assert not page.is_visible('.field[data-param="n"]')
    _wait_picture(page, first)  # valid: the custom points rendered
    page.wait_for_function("() => new URLSearchParams(location.search).get('p') !== null")
    assert _given(page) == {"dataset": "custom"}
    assert not page.is_visible("#form-error")


def test_the_storyboard_strip_shows_every_animation_and_a_click_enlarges_a_still(page, base_url):
    _open(page, base_url, "LinearMap", {"matrix": [[1.5, 1], [0, 1]]})
    stills = page.locator("#stills button.still")
    stills.first.wait_for()
    assert stills.count() >= 2  # LinearMap plays several animations
    small = stills.nth(1).locator("img").evaluate("i => i.src")
    assert not page.is_visible("#still-dialog")
    stills.nth(1).focus()
    page.keyboard.press("Enter")
    page.locator("#still-dialog").wait_for(state="visible")
    assert page.evaluate("document.getElementById('still-big').src") == small
    page.keyboard.press("Escape")
    page.locator("#still-dialog").wait_for(state="hidden")


def test_play_renders_the_clip_and_the_video_plays(page, base_url):
    _open(page, base_url, "LinearMap", {"matrix": [[0.5, 1], [-1, 2]]})
    page.click("#play")
    page.wait_for_function("document.getElementById('clip').readyState >= 2")
    assert page.locator("#clip").is_visible()
    assert "/files/" in page.get_attribute("#clip", "src")


def test_an_exported_explorable_works_from_file_and_its_slider_switches_the_poster(
    page, base_url, browser
):
    _open(page, base_url, "HyperplaneScore")
    page.select_option("#explore-param", "offset")
    page.fill("#explore-values", "-2, 2")
    page.click("#explore-go")
    page.wait_for_selector("#explore-result:not([hidden]), #explore-error:not([hidden])")
    assert page.is_visible("#explore-result"), page.inner_text("#explore-error")
    folder = Path(page.inner_text("#explore-folder").strip())
    index = folder / "index.html"
    assert index.is_file(), index

    local = browser.new_page()
    local.set_default_timeout(LONG)
    errors: list[str] = []
    local.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    local.on("pageerror", lambda e: errors.append(str(e)))
    local.goto(index.as_uri())
    slider = local.locator("input[type=range]")
    assert slider.count() == 1
    posters = "[...document.images].filter(i => i.offsetParent !== null).map(i => i.src).join()"
    local.wait_for_function(f"({posters}).length > 0")
    before = local.evaluate(posters)
    slider.focus()
    local.keyboard.press("End")
    local.wait_for_function(f"({posters}) !== {json.dumps(before)}")
    after = local.evaluate(posters)
    assert after != before and after.startswith("file://")
    local.close()
    assert not errors, errors


def test_the_studio_fits_a_phone_and_is_reachable_by_keyboard(page, base_url):
    page.set_viewport_size({"width": 390, "height": 844})
    _open(page, base_url, "LinearMap")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width}px wide"
    # Tab reaches the first matrix entry, and typing there edits it
    page.focus("#picker > summary")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.index") == "0,0":
            break
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "matrix row 1 column 1"
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "studio-390.png"), full_page=True)
