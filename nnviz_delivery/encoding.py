"""Encoder settings per quality: fast presets for previews, quality kept for final renders.

Manim encodes each animation with libx264 at its defaults (``preset=medium``, ``crf=23``).
At 1080p60 that encoder is the bottleneck of a render (see ``bench/render.py``), so each
quality picks its own trade-off:

- ``low`` (480p15) is a preview: ``ultrafast``, crf 23; the size does not matter.
- ``medium`` (720p30): ``superfast``, crf 20.
- ``high`` (1080p60) and ``4k`` are final renders: ``superfast`` at crf 18 with
  ``tune=animation`` (flat colours, sharp edges). Measured on LinearMap at 1080p60 it is
  about 1.7× cheaper in CPU than ``medium`` and matches ``medium``'s crf 18 in SSIM
  (0.9991 against the crf 23 stock render) for about twice the bitrate (~3.6 Mb/s).

Clips depend on this file in the Makefile: changing a setting re-renders them.
Set ``NNVIZ_ENCODER=stock`` to get Manim's own defaults (the benchmark's "before").
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["X264", "manim_settings"]

#: quality -> libx264 options (strings, as PyAV wants them).
X264: dict[str, dict[str, str]] = {
    "low": {"preset": "ultrafast", "crf": "23"},
    "medium": {"preset": "superfast", "crf": "20", "tune": "animation"},
    "high": {"preset": "superfast", "crf": "18", "tune": "animation"},
    "4k": {"preset": "superfast", "crf": "18", "tune": "animation"},
}

#: Encode animation n while animation n+1 draws (Manim's default, 1, waits at every play).
INFLIGHT_ENCODERS = 3


def manim_settings(quality: str, fmt: str = "mp4") -> dict[str, Any]:
    """Manim config entries for ``quality`` (empty with ``NNVIZ_ENCODER=stock`` or non-mp4)."""
    if os.environ.get("NNVIZ_ENCODER") == "stock":
        return {}
    settings: dict[str, Any] = {"max_inflight_encoders": INFLIGHT_ENCODERS}
    if fmt == "mp4":
        settings["video_encoder_options"] = dict(X264[quality])
    return settings
