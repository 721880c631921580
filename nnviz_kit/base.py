"""The base class of every nnviz scene: typed parameters, recorded numbers, anchors and sidecar.

A scene subclass declares ``PARAMS`` once; that declaration feeds the CLI, the Makefile,
the sidecar and the gallery. During ``construct`` it calls :meth:`NNVizScene.record` for
every number it shows and :meth:`NNVizScene.anchor` for key objects, whose pixel positions
in the final frame go into the sidecar.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from manim import (
    DOWN,
    Mobject,
    Scene,
    Text,
    config,
)

from nnviz_kit.framing import pixel_of
from nnviz_kit.labels import with_background
from nnviz_kit.layout import layout_problems
from nnviz_kit.params import Param, ParamError, to_jsonable, validate_params
from nnviz_kit.style import SMALL_SIZE, TEXT

__all__ = ["NNVizScene", "quality_name", "write_json_atomic"]

_QUALITY_BY_HEIGHT = {480: "low", 720: "medium", 1080: "high", 2160: "4k"}


def quality_name() -> str:
    """The nnviz quality name of the current manim config (low, medium, high, 4k or custom)."""
    return _QUALITY_BY_HEIGHT.get(config.pixel_height, "custom")


class NNVizScene(Scene):
    """A Manim scene with declared, validated parameters and a sidecar of the numbers it shows.

    Subclasses set ``PARAMS`` (a tuple of :class:`~nnviz_kit.params.Param`), ``TITLE`` and
    ``CAPTION`` (one line saying what the scene shows), and read values from ``self.params``.

    Examples
    --------
    >>> from scenes.linear_maps import LinearMap
    >>> LinearMap({"matrix": [[2, 1], [1, 3]]}).params["matrix"].tolist()
    [[2.0, 1.0], [1.0, 3.0]]
    """

    PARAMS: ClassVar[tuple[Param, ...]] = ()
    TITLE: ClassVar[str] = ""
    CAPTION: ClassVar[str] = ""

    def __init__(self, params: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        self.params: dict[str, Any] = self.validate({} if params is None else params)
        self.numbers: dict[str, Any] = {}
        self._anchors: dict[str, Callable[[], np.ndarray]] = {}
        self.sidecar_path: Path | None = None  # set by the CLI; plain manim writes beside output
        super().__init__(**kwargs)

    # -- parameters ------------------------------------------------------------------------
    @classmethod
    def validate(cls, given: Mapping[str, Any]) -> dict[str, Any]:
        """Every parameter checked, alone (``PARAMS``) and together (:meth:`check_params`).

        The one validation the CLI, the lecture file and the scene itself all use; it needs no
        Manim start-up, so bad input is refused before anything is rendered or written.
        Raises :class:`~nnviz_kit.params.ParamError` with a one-line message.
        """
        values = validate_params(cls.PARAMS, given, scene=cls.__name__)
        try:
            cls.check_params(values)
        except ParamError:
            raise
        except ValueError as exc:  # the core's checks say what is wrong in one sentence
            raise ParamError(f"{cls.__name__}: {exc}") from None
        return values

    @classmethod
    def check_params(cls, values: dict[str, Any]) -> None:
        """Checks across parameters (lengths that must agree); raise ``ParamError``.

        Subclasses override this; ``values`` are already converted and checked one by one.
        A ``ValueError`` from the numeric core (e.g. a direction parallel to the condition) is
        reported as a ``ParamError`` naming the scene.
        """

    # -- what the scene shows -------------------------------------------------------------
    def record(self, **numbers: Any) -> None:
        """Keep numbers shown on screen (full precision) for the sidecar."""
        self.numbers.update(numbers)

    def anchor(self, name: str, target: Mobject | Callable[[], np.ndarray] | np.ndarray) -> None:
        """Name a key point; its pixel position is taken from the final frame.

        ``target`` is a mobject (its centre), a callable returning a scene point, or a point.
        """
        if isinstance(target, Mobject):
            self._anchors[name] = target.get_center
        elif callable(target):
            self._anchors[name] = target
        else:
            point = np.asarray(target, dtype=float)
            self._anchors[name] = lambda: point

    def anchors(self) -> dict[str, list[float]]:
        """Pixel [x, y] (origin top-left) of every anchor, as the objects stand now."""
        return {name: pixel_of(get()) for name, get in self._anchors.items()}

    def note(self, text: str, font_size: float = SMALL_SIZE) -> Mobject:
        """A plain-language message at the bottom of the frame (e.g. "the plane collapses")."""
        msg = Text(text, font_size=font_size, color=TEXT)
        if msg.width > config.frame_width - 1:
            msg.scale_to_fit_width(config.frame_width - 1)
        return with_background(msg).to_edge(DOWN, buff=0.3)

    def swap(self, old: Mobject, new: Mobject, run_time: float = 1.0) -> Mobject:
        """Morph ``old`` into ``new`` and leave ``new`` (not a reshaped ``old``) in the scene.

        Unlike ``Transform``, the scene then holds ``new`` itself, so its text is checked as text.
        """
        from manim import ReplacementTransform

        self.play(ReplacementTransform(old, new), run_time=run_time)
        return new

    def caption(self, text: str, duration: float = 2.0) -> None:
        """A narration caption starting now (Manim subcaption; goes to .srt)."""
        self.add_subcaption(text, duration=duration)

    # -- sidecar -------------------------------------------------------------------------
    def sidecar(self) -> dict[str, Any]:
        """Scene, parameters, quality, duration, numbers and anchors, as plain JSON data."""
        return {
            "scene": type(self).__name__,
            "title": self.TITLE,
            "params": to_jsonable(self.params),
            "quality": quality_name(),
            "resolution": [config.pixel_width, config.pixel_height],
            "frame_rate": config.frame_rate,
            "duration": round(float(self.renderer.time), 6),
            **to_jsonable(self.numbers),
            "anchors": self.anchors(),
            "layout_problems": layout_problems(self.mobjects),
        }

    def render(self, preview: bool = False) -> None:
        super().render(preview)
        if self.sidecar_path is None:
            # Plain `manim` run: still write the sidecar beside manim's own output.
            artifact = self.renderer.file_writer.output_plan.primary_artifact
            if artifact is not None:
                write_json_atomic(Path(artifact).with_suffix(".json"), self.sidecar())


def write_json_atomic(path: Path, data: Mapping[str, Any]) -> None:
    """Write JSON to a temporary name beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n")
    os.replace(tmp, path)
