"""The catalog reads lecture and blog folders; the pages escape what users typed (no browser)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from nnviz_delivery.catalog import load_clips, load_lectures, parse_vtt
from nnviz_delivery.describe import alt_text
from nnviz_delivery.gallery import build_gallery, fmt_duration
from nnviz_delivery.media import srt_to_vtt
from scenes.registry import Lecture, LectureScene

EVIL = '</script><script>alert("x")</script> & <b>'


def _lecture(renders: Path, data: dict | None, slug: str = "01-demo", **files: str) -> Path:
    folder = renders / "lectures" / slug
    folder.mkdir(parents=True)
    (folder / "lecture.mp4").write_bytes(b"")  # the catalog only needs it to exist
    if data is not None:
        (folder / "lecture.json").write_text(json.dumps(data))
    for name, text in files.items():
        (folder / name.replace("_", ".")).write_text(text)
    return folder


def test_chapters_from_scenes_and_sections_from_manims_save_sections_index(tmp_path):
    data = {
        "title": "Demo",
        "scenes": [
            {"name": "A", "title": "First", "params": {"k": 1}, "duration": 4.0},
            {
                "name": "B",
                "title": "Second",
                "duration": 6.0,
                "sections": [  # as Manim writes it: durations are strings
                    {"name": "intro", "type": "default.normal", "duration": "2.500000"},
                    {"name": "spin", "type": "presentation.loop", "duration": "3.500000"},
                ],
            },
        ],
    }
    _lecture(tmp_path, data)
    (lec,) = load_lectures(tmp_path)
    assert lec.lecture == Lecture(
        "01-demo", "Demo", (LectureScene("A", {"k": 1}), LectureScene("B", {}))
    )
    assert lec.duration == 10.0
    assert [(c.title, c.start, c.end) for c in lec.chapters] == [
        ("First", 0.0, 4.0),
        ("Second", 4.0, 10.0),
    ]
    assert [(s.title, s.start, s.end, s.chapter, s.loop) for s in lec.sections] == [
        ("First", 0.0, 4.0, 0, False),
        ("intro", 4.0, 6.5, 1, False),
        ("spin", 6.5, 10.0, 1, True),
    ]


def test_delivery_one_layout_scene_key_and_sidecar_path(tmp_path):
    """The fields Delivery I's lecture builder writes (scenes[].scene, sidecar as a file name)."""
    folder = _lecture(
        tmp_path,
        {
            "slug": "01-demo",
            "title": "Matrices",
            "duration": 9.5,
            "frame_rate": 15,
            "scenes": [
                {
                    "scene": "LinearMap",
                    "title": "A matrix is a function",
                    "clip": "01-LinearMap.mp4",
                    "sidecar": "01-LinearMap.json",
                    "params": {"vector": [7, 8]},
                    "duration": 9.5,
                    "start": 0.0,
                    "end": 9.5,
                }
            ],
            "chapter_starts": [0.0],
        },
    )
    (folder / "01-LinearMap.json").write_text(json.dumps({"determinant": 7.0, "frame_rate": 15}))
    (lec,) = load_lectures(tmp_path)
    assert lec.chapters[0].scene == "LinearMap"
    assert lec.chapters[0].alt == (
        "A matrix is a function. Parameters: vector [7, 8]. Shown: determinant 7."
    )
    assert lec.frame_rate == 15 and lec.duration == 9.5


def test_chapters_vtt_is_the_fallback_and_srt_captions_are_converted(tmp_path):
    vtt = "WEBVTT\n\n00:00:00.000 --> 00:00:03.000\nOne\n\n00:00:03.000 --> 00:00:07.500\nTwo\n"
    srt = "1\n00:00:01,000 --> 00:00:02,500\nHello\n\n2\n00:01:02,250 --> 00:01:03,000\nBye\n"
    _lecture(tmp_path, None, chapters_vtt=vtt, captions_srt=srt)
    (lec,) = load_lectures(tmp_path)
    assert [(c.title, c.start) for c in lec.chapters] == [("One", 0.0), ("Two", 3.0)]
    assert lec.duration == 7.5 and lec.captions == "captions.srt"
    assert parse_vtt(srt_to_vtt(srt)) == [
        {"start": 1.0, "end": 2.5, "text": "Hello"},
        {"start": 62.25, "end": 63.0, "text": "Bye"},
    ]
    build_gallery(tmp_path)
    assert (lec.folder / "captions.vtt").read_text().startswith("WEBVTT")
    assert 'src="captions.vtt"' in (lec.folder / "player.html").read_text()


def test_folders_without_a_video_are_skipped(tmp_path):
    (tmp_path / "lectures" / "empty").mkdir(parents=True)
    (tmp_path / "blog" / "empty").mkdir(parents=True)
    assert load_lectures(tmp_path) == [] and load_clips(tmp_path) == []
    assert "Nothing rendered yet" in build_gallery(tmp_path).read_text()


def test_alt_text_names_the_title_and_key_numbers():
    sidecar = {
        "scene": "LinearMap",
        "title": "A matrix is a function",
        "params": {"matrix": [[2.0, 1.0], [1.0, 3.0]]},
        "determinant": 5.000000001,
        "anchors": {"i_hat_tip": [1, 2]},
        "layout_problems": [],
        "duration": 9.5,
    }
    text = alt_text(sidecar)
    assert (
        text == "A matrix is a function. Parameters: matrix [[2, 1], [1, 3]]. Shown: determinant 5."
    )
    assert alt_text({**sidecar, "alt": "Given."}) == "Given."
    assert len(alt_text({**sidecar, "big": list(range(500))})) <= 300


def test_pages_escape_titles_params_and_embed_code(tmp_path):
    _lecture(
        tmp_path,
        {
            "title": EVIL,
            "scenes": [{"name": "X", "title": EVIL, "params": {"p": EVIL}, "duration": 2}],
        },
    )
    clip = tmp_path / "blog" / "c1"
    clip.mkdir(parents=True)
    (clip / "clip.mp4").write_bytes(b"")
    (clip / "clip.json").write_text(json.dumps({"title": EVIL, "params": {EVIL: 1}, "duration": 3}))
    (clip / "embed.html").write_text('<video src="clip.mp4"></video>')
    index = build_gallery(tmp_path).read_text()
    player = (tmp_path / "lectures" / "01-demo" / "player.html").read_text()
    # The only script elements are ours: the inlined JS (and the player's data block).
    for page, ours in ((index, 1), (player, 2)):
        assert '<script>alert("x")' not in page
        assert len(re.findall(r"<script\b", page)) == len(re.findall(r"</script>", page)) == ours
    assert "&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)" in index
    assert "&lt;video src=&quot;clip.mp4&quot;&gt;&lt;/video&gt;" in index  # inside the textarea
    data = re.search(r'id="lecture-data">(.*?)</script>', player, re.S).group(1)
    assert json.loads(data)["title"] == EVIL
    assert "http://" not in index and "https://" not in index  # no CDN: works offline


def test_fmt_duration():
    assert [fmt_duration(t) for t in (0, 9.4, 59.6, 75.4, 3600)] == [
        "0:00",
        "0:09",
        "1:00",
        "1:15",
        "60:00",
    ]
