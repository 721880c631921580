"""Media plumbing for delivery: probing, concatenation with chapters, web formats, captions.

Probing uses PyAV; cutting and muxing use the ``ffmpeg`` program (installed with Manim's
system packages). Every function writes to the path it is given and nowhere else: callers
stage outputs under ``build/`` and publish them with :func:`nnviz.atomic.publish`.

:class:`Chapter` lives here, the lowest delivery module that needs it; the lecture builder,
the catalog and the gallery all use this one type.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from nnviz.atomic import atomic_path, write_text

__all__ = [
    "Chapter",
    "MediaError",
    "probe",
    "Probe",
    "concat",
    "faststart",
    "to_webm",
    "to_gif",
    "last_frame",
    "moov_before_mdat",
    "shift_captions",
    "srt_to_vtt",
    "chapters_vtt",
]


class MediaError(RuntimeError):
    """ffmpeg failed; the message carries its last line of output."""


@dataclass(frozen=True)
class Probe:
    """What delivery needs to know about a video file."""

    duration: float  # seconds, of the container
    width: int
    height: int
    frame_rate: float
    codec: str
    pixel_format: str


@dataclass(frozen=True)
class Chapter:
    """One chapter of a lecture (usually one scene): a title and its span in seconds.

    ``scene``, ``params`` and ``alt`` describe the scene shown, for the player and the gallery.
    """

    title: str
    start: float
    end: float
    scene: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    alt: str = ""


def probe(path: Path) -> Probe:
    """Duration, size, rate, codec and pixel format of the first video stream (PyAV)."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        duration = container.duration / 1_000_000 if container.duration else 0.0
        if stream.duration is not None and stream.time_base is not None:
            duration = float(stream.duration * stream.time_base)
        return Probe(
            duration=duration,
            width=stream.codec_context.width,
            height=stream.codec_context.height,
            frame_rate=float(stream.guessed_rate or stream.average_rate or 0),
            codec=stream.codec_context.name,
            pixel_format=stream.codec_context.pix_fmt or "",
        )


def _ffmpeg(*args: str) -> None:
    cmd = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args]
    # run() kills ffmpeg if we are interrupted (KeyboardInterrupt, or SIGTERM as SystemExit).
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise MediaError(f"ffmpeg failed ({out.returncode}): {last}")


def _ffmetadata(title: str, chapters: Sequence[Chapter]) -> str:
    def esc(text: str) -> str:
        for ch in "\\=;#\n":
            text = text.replace(ch, "\\" + ch)
        return text

    lines = [";FFMETADATA1", f"title={esc(title)}"]
    for ch in chapters:
        lines += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={round(ch.start * 1000)}",
            f"END={round(ch.end * 1000)}",
            f"title={esc(ch.title)}",
        ]
    return "\n".join(lines) + "\n"


def concat(clips: Sequence[Path], titles: Sequence[str], title: str, output: Path) -> list[Chapter]:
    """Join ``clips`` into ``output`` (mp4, faststart) with one chapter per clip.

    Streams are copied when every clip has the same codec, size, rate and pixel format
    (the usual case: one lecture, one quality); otherwise they are re-encoded to the first
    clip's format. Chapter spans come from the probed clip durations, so the chapters add
    up to the lecture's duration.
    """
    probes = [probe(c) for c in clips]
    chapters, start = [], 0.0
    for p, name in zip(probes, titles, strict=True):
        chapters.append(Chapter(name, start, start + p.duration))
        start += p.duration
    work = output.parent
    listing = work / f"{output.stem}.concat.txt"
    write_text(listing, "".join(f"file '{c.resolve()}'\n" for c in clips))
    meta = work / f"{output.stem}.ffmetadata"
    write_text(meta, _ffmetadata(title, chapters))
    same = len({(p.codec, p.width, p.height, p.frame_rate, p.pixel_format) for p in probes}) == 1
    inputs = ["-f", "concat", "-safe", "0", "-i", str(listing), "-i", str(meta)]
    maps = ["-map", "0:v", "-map_metadata", "1", "-map_chapters", "1"]
    if same:
        codec = ["-c", "copy"]
    else:
        first = probes[0]
        scale = f"scale={first.width}:{first.height}:force_original_aspect_ratio=decrease,"
        pad = f"pad={first.width}:{first.height}:(ow-iw)/2:(oh-ih)/2,fps={first.frame_rate:g}"
        codec = ["-vf", scale + pad, "-c:v", "libx264", "-crf", "18", "-pix_fmt", "yuv420p"]
    _ffmpeg(*inputs, *maps, *codec, "-movflags", "+faststart", str(output))
    listing.unlink()
    meta.unlink()
    return chapters


def faststart(src: Path, output: Path) -> None:
    """Copy ``src`` into ``output`` as H.264/yuv420p mp4 with the moov atom first."""
    p = probe(src)
    if p.codec == "h264" and p.pixel_format == "yuv420p":
        _ffmpeg("-i", str(src), "-map", "0:v", "-c", "copy", "-movflags", "+faststart", str(output))
    else:
        _ffmpeg(
            "-i", str(src), "-map", "0:v", "-c:v", "libx264", "-crf", "18",
            "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(output),
        )  # fmt: skip


def to_webm(src: Path, output: Path) -> None:
    """VP9 in WebM at constant quality (crf 32, the range libvpx recommends for the web)."""
    _ffmpeg(
        "-i", str(src), "-map", "0:v", "-c:v", "libvpx-vp9", "-crf", "32", "-b:v", "0",
        "-row-mt", "1", "-deadline", "good", "-cpu-used", "4", "-pix_fmt", "yuv420p",
        str(output),
    )  # fmt: skip


def to_gif(
    src: Path,
    output: Path,
    *,
    height: int = 480,
    max_seconds: float = 10.0,
    max_bytes: int = 4_000_000,
) -> dict[str, float]:
    """A looping, palette-optimised GIF of at most ``max_seconds`` and ``max_bytes``.

    A longer clip is sped up to fit (the whole story, faster) rather than cut. If the file
    is too big, the frame rate, then the palette, then the size are reduced until it fits.
    Returns the settings used: ``speed``, ``fps``, ``colors``, ``height``, ``duration``.
    """
    duration = probe(src).duration
    speed = max(1.0, duration / max_seconds)
    tries = [(15, 256, height), (12, 128, height), (10, 64, height), (8, 32, height)]
    tries += [(8, 32, 360), (6, 16, 270)]
    for fps, colors, h in tries:
        graph = (
            f"setpts=PTS/{speed:.6f},fps={fps},scale=-2:'min({h},ih)':flags=lanczos,split[a][b];"
            f"[a]palettegen=max_colors={colors}:stats_mode=diff[p];"
            "[b][p]paletteuse=dither=bayer:bayer_scale=5:diff_mode=rectangle"
        )
        _ffmpeg("-i", str(src), "-filter_complex", graph, "-loop", "0", str(output))
        if output.stat().st_size <= max_bytes:
            break
    else:
        raise MediaError(f"could not fit {src.name} into a {max_bytes}-byte GIF")
    return {
        "speed": speed,
        "fps": fps,
        "colors": colors,
        "height": h,
        "duration": duration / speed,
    }


def last_frame(src: Path, output: Path) -> None:
    """The final frame of ``src`` as a PNG (decoded, so it is exactly what viewers see last)."""
    import av

    frame = None
    with av.open(str(src)) as container:
        for frame in container.decode(video=0):  # noqa: B007 - keep the last one
            pass
    if frame is None:
        raise MediaError(f"{src} has no video frames")
    with atomic_path(output) as tmp:
        frame.to_image().save(tmp, format="PNG")


def moov_before_mdat(path: Path) -> bool:
    """Whether an mp4's top-level ``moov`` box comes before its ``mdat`` (faststart)."""
    order = []
    with path.open("rb") as f:
        while True:
            head = f.read(8)
            if len(head) < 8:
                break
            size, kind = int.from_bytes(head[:4], "big"), head[4:8].decode("latin-1")
            header = 8
            if size == 1:
                size, header = int.from_bytes(f.read(8), "big"), 16
            order.append(kind)
            if size == 0:
                break
            f.seek(size - header, 1)
    return "moov" in order and "mdat" in order and order.index("moov") < order.index("mdat")


def shift_captions(parts: Sequence[tuple[str, float]]) -> str:
    """Join SRT texts, each shifted by its start in seconds, into one renumbered SRT."""
    import srt

    subs = []
    for text, start in parts:
        offset = timedelta(seconds=start)
        for sub in srt.parse(text):
            subs.append(srt.Subtitle(0, sub.start + offset, sub.end + offset, sub.content))
    return srt.compose(subs, reindex=True, start_index=1)


def _vtt_time(t: timedelta | float) -> str:
    ms = round((t.total_seconds() if isinstance(t, timedelta) else t) * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def _vtt(cues: Sequence[tuple[timedelta | float, timedelta | float, str]]) -> str:
    """A WebVTT text of numbered cues ``(start, end, text)``."""
    body = [
        f"{i}\n{_vtt_time(start)} --> {_vtt_time(end)}\n{text}\n"
        for i, (start, end, text) in enumerate(cues, 1)
    ]
    return "WEBVTT\n\n" + "\n".join(body)


def srt_to_vtt(text: str) -> str:
    """WebVTT (the only format a ``<track>`` reads) with the same cues as an SRT text.

    >>> print(srt_to_vtt("1\\n00:00:01,000 --> 00:00:02,500\\nHello\\n"), end="")
    WEBVTT
    <BLANKLINE>
    1
    00:00:01.000 --> 00:00:02.500
    Hello
    """
    import srt

    return _vtt([(s.start, s.end, s.content) for s in srt.parse(text)])


def chapters_vtt(chapters: Sequence[Chapter]) -> str:
    """WebVTT chapters track: one cue per chapter, its title as the text."""
    return _vtt([(c.start, c.end, c.title) for c in chapters])
