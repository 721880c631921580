"""Helpers for picture tests: read rendered frames and look at the pixels around an anchor."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

__all__ = ["load_rgb", "hex_rgb", "count_near", "frame_of_video"]


def load_rgb(path: Path) -> np.ndarray:
    """An image as an (h, w, 3) uint8 array."""
    return np.asarray(Image.open(path).convert("RGB"))


def hex_rgb(color: str) -> np.ndarray:
    """ "#83C167" -> array([131, 193, 103])."""
    color = color.lstrip("#")
    return np.array([int(color[i : i + 2], 16) for i in (0, 2, 4)])


def count_near(
    img: np.ndarray, xy: tuple[float, float], color: str, radius: int = 6, tol: float = 60.0
) -> int:
    """How many pixels within ``radius`` of pixel ``xy`` are within ``tol`` (RGB distance) of ``color``."""
    x, y = int(round(xy[0])), int(round(xy[1]))
    h, w, _ = img.shape
    patch = img[
        max(0, y - radius) : min(h, y + radius + 1), max(0, x - radius) : min(w, x + radius + 1)
    ]
    dist = np.linalg.norm(patch.astype(float) - hex_rgb(color), axis=-1)
    return int(np.sum(dist < tol))


def frame_of_video(path: Path, index: int = -1) -> np.ndarray:
    """One decoded frame (default: the last) of a video as (h, w, 3) uint8, read with PyAV."""
    import av

    with av.open(str(path)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    return frames[index]
