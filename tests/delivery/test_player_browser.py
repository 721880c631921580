"""The gallery and the lecture player in a real browser (Debian's headless Chromium + Playwright).

A low-quality two-scene lecture and a blog kit, built by the real lecture and blog builders
(see ``tests/delivery/lecture_fixture.py``), are served from a temporary ``renders/`` on
127.0.0.1. Screenshots go to ``renders/screenshots/`` for a human to look at.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from pathlib import Path

import pytest

from nnviz_delivery.gallery import build_gallery
from tests.conftest import ROOT
from tests.delivery.http_server import serve
from tests.delivery.lecture_fixture import (
    EVIL_TITLE,
    FIXTURE_CLIP,
    FIXTURE_SLUG,
    FIXTURE_TITLE,
    build_fixture_site,
)

pytestmark = pytest.mark.render

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--autoplay-policy=no-user-gesture-required",
]
SHOTS = Path(os.environ.get("NNVIZ_SCREENSHOTS", ROOT / "renders" / "screenshots"))

if not Path(CHROMIUM).exists():  # pragma: no cover - `make setup` installs it
    pytest.skip("Debian's chromium is not installed (make setup)", allow_module_level=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory, worker_id, build_cache) -> Path:
    """renders/ with the fixture lecture, a blog kit and the gallery; built once per test run."""
    if worker_id == "master":
        root = tmp_path_factory.mktemp("site")
    else:  # xdist: the workers share one build (the lock keeps the second one waiting)
        root = tmp_path_factory.getbasetemp().parent / "browser-site"
        root.mkdir(exist_ok=True)
    renders = root / "renders"
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "done").exists():
            shutil.rmtree(renders, ignore_errors=True)
            build_fixture_site(renders, build_cache)
            build_gallery(renders)
            (root / "done").touch()
    return renders


@pytest.fixture(scope="module")
def base_url(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield context
        context.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors, page errors and failed requests."""
    pg = browser.new_page()
    pg.set_viewport_size({"width": 1280, "height": 800})
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    pg.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    pg.on(
        "response",
        lambda r: errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
    )
    pg.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    pg.errors = errors
    yield pg
    pg.close()


def _lecture(site: Path) -> dict:
    return json.loads((site / "lectures" / FIXTURE_SLUG / "lecture.json").read_text())


def _no_horizontal_scroll(pg) -> None:
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= pg.viewport_size["width"], f"page is {width}px wide"


def test_gallery_lists_the_lecture_and_the_clip_and_copies_the_embed_code(page, base_url, site):
    browser = page.context
    browser.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(f"{base_url}/index.html")
    card = page.locator(f'article.lecture[data-slug="{FIXTURE_SLUG}"]')
    assert card.count() == 1
    title = _lecture(site)["title"]
    assert title == FIXTURE_TITLE
    assert card.locator("h3").inner_text() == title
    assert "0:12" in card.inner_text()  # duration 12.5 s
    assert "matrix = [[2, 1], [1, 3]]" in card.inner_text()
    poster = card.locator("img")
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=poster.element_handle()
    )
    assert "A matrix is a function" in poster.get_attribute("alt")

    clip = page.locator(f'article.clip[data-clip="{FIXTURE_CLIP}"]')
    assert clip.count() == 1
    assert clip.locator("h3").inner_text() == EVIL_TITLE  # shown, not run
    clip.get_by_role("button", name="Copy embed code").click()
    page.wait_for_function("document.querySelector('.clip .status').textContent.length > 0")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == (site / "blog" / FIXTURE_CLIP / "embed.html").read_text()

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "gallery.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    _no_horizontal_scroll(page)
    page.screenshot(path=SHOTS / "gallery-phone.png", full_page=True)

    page.set_viewport_size({"width": 1280, "height": 800})
    card.get_by_role("link", name="Watch the lecture").click()
    page.wait_for_url("**/player.html")
    assert page.locator("h1").inner_text() == title
    assert page.errors == []


def test_player_plays_steps_through_sections_and_shows_captions(page, base_url, site):
    data = _lecture(site)
    second = data["chapter_starts"][1]
    page.goto(f"{base_url}/lectures/{FIXTURE_SLUG}/player.html")
    page.wait_for_function("document.getElementById('video').readyState >= 2", timeout=15000)

    # The captions track loads, with every cue of the lecture.
    page.wait_for_function("document.querySelector('track').readyState === 2", timeout=10000)
    cues = page.evaluate("document.getElementById('video').textTracks[0].cues.length")
    assert cues == 2
    assert page.get_attribute("#cc", "aria-pressed") == "true"
    page.keyboard.press("c")
    assert page.evaluate("document.getElementById('video').textTracks[0].mode") == "hidden"
    assert page.get_attribute("#cc", "aria-pressed") == "false"
    page.keyboard.press("c")
    assert page.evaluate("document.getElementById('video').textTracks[0].mode") == "showing"

    # Space plays; time advances.
    page.keyboard.press("Space")
    page.wait_for_function("document.getElementById('video').currentTime > 0.5", timeout=10000)
    page.keyboard.press("Space")
    assert page.evaluate("document.getElementById('video').paused")

    # → plays to the end of the current section and pauses there: the next chapter's start.
    page.evaluate(
        "v => { v.playbackRate = 4; v.currentTime = 6; }", page.locator("video").element_handle()
    )
    page.wait_for_function("document.getElementById('video').currentTime >= 6")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("!document.getElementById('video').paused", timeout=5000)
    page.wait_for_function("document.getElementById('video').paused", timeout=15000)
    t = page.evaluate("document.getElementById('video').currentTime")
    assert abs(t - second) < 0.1, (t, second)
    assert page.get_attribute('button[data-chapter="0"]', "aria-current") == "true"

    # → at a section end starts the next section: chapter 2 becomes current and is announced.
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"document.getElementById('video').currentTime > {second + 0.05}")
    assert page.get_attribute('button[data-chapter="1"]', "aria-current") == "true"
    assert "Chapter 2 of 2" in page.inner_text("#now")
    assert "Two steps" in page.inner_text("#alt-now")

    # The second scene's "Turn" section loops (Manim section type presentation.loop).
    page.wait_for_function("document.getElementById('video').paused", timeout=10000)  # end of Draw
    page.keyboard.press("ArrowRight")  # start Turn, which loops until → again
    wrapped = page.evaluate(
        """() => new Promise(done => {
            const v = document.getElementById('video'); let last = v.currentTime, back = false;
            const id = setInterval(() => {
                if (v.currentTime < last - 0.2) back = true;
                last = v.currentTime;
            }, 50);
            setTimeout(() => { clearInterval(id); done({back, paused: v.paused}); }, 1500);
        })"""
    )
    assert wrapped == {"back": True, "paused": False}

    # ← more than a second into a section goes back to its start, then to the previous one.
    video = page.locator("video").element_handle()
    page.evaluate(f"v => {{ v.pause(); v.currentTime = {second + 1.2}; }}", video)
    page.wait_for_function(f"document.getElementById('video').currentTime > {second + 1}")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        f"Math.abs(document.getElementById('video').currentTime - {second}) < 0.05"
    )
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("document.getElementById('video').currentTime < 0.05")

    # Speed control and every button has an accessible name.
    page.select_option("#speed", "1.5")
    assert page.evaluate("document.getElementById('video').playbackRate") == 1.5
    unnamed = page.evaluate(
        "[...document.querySelectorAll('button')].filter(b => !(b.getAttribute('aria-label') || b.textContent.trim())).length"
    )
    assert unnamed == 0
    # For the screenshot: mid-transformation, with the caption on screen.
    page.evaluate("v => { v.pause(); v.currentTime = 5; }", video)
    page.wait_for_function("document.getElementById('video').currentTime === 5")
    page.wait_for_timeout(300)

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "player.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    _no_horizontal_scroll(page)
    page.screenshot(path=SHOTS / "player-phone.png", full_page=True)
    assert page.errors == []


def test_player_works_from_file_urls_with_captions_built_in(page, site):
    """Opened straight from disk (no server), the captions come from the page's own data."""
    page.goto((site / "lectures" / FIXTURE_SLUG / "player.html").as_uri())
    page.wait_for_function("document.getElementById('video').readyState >= 2", timeout=15000)
    assert page.evaluate("document.querySelectorAll('track').length") == 0
    assert page.evaluate("document.getElementById('video').textTracks[0].cues.length") == 2
    page.keyboard.press("Space")
    page.wait_for_function("document.getElementById('video').currentTime > 0.3", timeout=10000)
    assert page.errors == []


def test_gallery_from_file_urls_falls_back_to_selecting_the_embed_code(page, site):
    """No clipboard API on file://: the snippet is selected for Ctrl+C instead, without errors."""
    page.goto((site / "index.html").as_uri())
    # Chromium treats file:// as secure and may still offer the API; other browsers do not.
    page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.get_by_role("button", name="Copy embed code").click()
    page.wait_for_function("document.querySelector('.clip .status').textContent.length > 0")
    assert page.evaluate("document.querySelector('details.embed').open")
    selected = page.evaluate(
        "(() => { const a = document.activeElement; return a.value.slice(a.selectionStart, a.selectionEnd); })()"
    )
    assert selected == (site / "blog" / FIXTURE_CLIP / "embed.html").read_text()
    assert page.errors == []


def test_watch_preview_page_reloads_when_a_new_render_lands(page, tmp_path):
    from PIL import Image

    from nnviz_delivery.watch import Watcher

    watcher = Watcher(f"{tmp_path / 'scene.py'}:Scene", [], out_dir=tmp_path / "watch")
    preview = watcher.write_page()
    Image.new("RGB", (16, 9)).save(preview.with_name("frame.png"))
    page.goto(preview.as_uri())
    page.evaluate("window.stale = true")
    page.wait_for_timeout(1500)
    assert page.evaluate("window.stale === true")  # no new render: no reload
    watcher.error = "SyntaxError: '(' was never closed (scene.py, line 3)"
    watcher.write_page()
    page.wait_for_function("window.stale === undefined", timeout=5000)
    assert "SyntaxError" in page.inner_text(".error")
    assert page.errors == []


def test_scrubbing_leaves_step_mode_instead_of_jumping_back(page, base_url, site):
    second = _lecture(site)["chapter_starts"][1]
    page.goto(f"{base_url}/lectures/{FIXTURE_SLUG}/player.html")
    page.wait_for_function("document.getElementById('video').readyState >= 2", timeout=15000)
    page.keyboard.press("ArrowRight")  # step mode: would stop at the end of chapter 1
    page.wait_for_function("document.getElementById('video').currentTime > 0.3", timeout=10000)
    page.wait_for_timeout(1100)  # the scrub below is the viewer's, not the player's own seek
    page.evaluate(f"document.getElementById('video').currentTime = {second + 0.2}")
    page.wait_for_timeout(800)
    state = page.evaluate("(v => [v.paused, v.currentTime])(document.getElementById('video'))")
    assert state[0] is False and state[1] > second + 0.2, state
    assert page.errors == []
