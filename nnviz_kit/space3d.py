"""Three-dimensional blocks: a 3-D scene base, camera framing from the numbers, basis arrows,
the unit cube, lattices, planes and dots in space, and anchors projected to pixels.

Math coordinates map to scene coordinates by one scale (``Space.unit``) and a shift that puts
the middle of what must be seen at the scene origin; linear maps act about ``Space.origin``.
Numbers and matrices live in panels fixed in the frame; only the drawings move with the camera.

>>> s = fit_space([[0, 0, 0], [1, 1, 1]], phi=70 * DEGREES, thetas=[-50 * DEGREES],
...               half_width=3.0, half_height=3.0)
>>> bool(0.5 < s.unit <= MAX_UNIT)
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from manim import (
    BLUE_D,
    DEGREES,
    ORIGIN,
    RIGHT,
    UL,
    Cone,
    DecimalNumber,
    Dot,
    Line,
    Line3D,
    Mobject,
    Polygon,
    ThreeDScene,
    VGroup,
    VMobject,
    config,
)
from manim.utils.space_ops import rotation_about_z, rotation_matrix

from nnviz_kit.base import NNVizScene
from nnviz_kit.framing import pixel_of
from nnviz_kit.labels import fmt, matrix_label
from nnviz_kit.layout import layout_problems, mark_background
from nnviz_kit.panels import panel
from nnviz_kit.style import BACKGROUND_GRID, GRID, I_HAT, J_HAT, UNIT_SQUARE, UNIT_SQUARE_OPACITY

__all__ = [
    "K_HAT",
    "BASIS_COLORS",
    "MAX_UNIT",
    "Space",
    "NNVizScene3D",
    "camera_rotation",
    "fit_space",
    "edge_on_theta",
    "arrow3d",
    "basis_arrows",
    "lattice",
    "floor_grid",
    "parallelepiped",
    "plane_patch",
    "dots3d",
    "segment",
    "named_matrix3",
]

K_HAT = BLUE_D  # 3b1b's third basis colour
BASIS_COLORS = (I_HAT, J_HAT, K_HAT)
#: Scene units per math unit at most, so a tiny example is not blown up past readability.
MAX_UNIT = 1.6
FOCAL_DISTANCE = 20.0  # manim's ThreeDCamera default


@dataclass(frozen=True)
class Space:
    """scene = unit · (math − centre): the math point ``centre`` (3,) sits at the scene origin,
    which the camera looks at and turns about. Apply a linear map about :attr:`origin`."""

    unit: float
    centre: np.ndarray

    def to_scene(self, coords: object) -> np.ndarray:
        """Math points (3,) or (k, 3) to scene points of the same shape."""
        return self.unit * (np.asarray(coords, dtype=float) - self.centre)

    @property
    def origin(self) -> np.ndarray:
        """The scene point of the math origin (the fixed point of every linear map)."""
        return self.to_scene(np.zeros(3))


def camera_rotation(phi: float, theta: float, gamma: float = 0.0) -> np.ndarray:
    """The (3, 3) world-to-camera rotation of manim's ThreeDCamera for these angles."""
    out = np.identity(3)
    for m in (rotation_about_z(-theta - 90 * DEGREES), rotation_matrix(-phi, RIGHT),
              rotation_about_z(gamma)):  # fmt: skip
        out = m @ out
    return out


def _fits(q: np.ndarray, unit: float, rots: Sequence[np.ndarray], hw: float, hh: float) -> bool:
    for rot in rots:
        r = unit * q @ rot.T
        factor = FOCAL_DISTANCE / np.maximum(FOCAL_DISTANCE - r[:, 2], 1e-6)
        if np.any(np.abs(r[:, 0] * factor) > hw) or np.any(np.abs(r[:, 1] * factor) > hh):
            return False
    return True


def fit_space(
    points: object,
    phi: float,
    thetas: Iterable[float],
    half_width: float,
    half_height: float,
    max_unit: float = MAX_UNIT,
) -> Space:
    """The largest unit (<= ``max_unit``) at which ``points`` (k, 3), centred on their box,
    project inside ±half_width × ±half_height for every camera angle theta in ``thetas``."""
    pts = np.asarray(points, dtype=float).reshape(-1, 3)
    centre = (pts.min(axis=0) + pts.max(axis=0)) / 2
    q = pts - centre
    rots = [camera_rotation(phi, t) for t in thetas]
    lo, hi = 1e-3, max_unit
    if not _fits(q, hi, rots, half_width, half_height):
        for _ in range(40):  # bisection: "fits" is monotone in the unit
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if _fits(q, mid, rots, half_width, half_height) else (lo, mid)
    else:
        lo = hi
    return Space(unit=float(lo), centre=centre)


def edge_on_theta(normal: object, phi: float) -> float | None:
    """A camera angle theta from which the plane with this normal (3,) is seen edge-on at
    ``phi`` (its two sides split left and right of a line); None if no theta does it."""
    n = np.asarray(normal, dtype=float)
    # The view direction (sin φ cos θ, sin φ sin θ, cos φ) must be orthogonal to n.
    a, b, c = n[0] * np.sin(phi), n[1] * np.sin(phi), n[2] * np.cos(phi)
    r = float(np.hypot(a, b))
    if r < 1e-12 or abs(c) > r:
        return None
    return float(np.arctan2(b, a) + np.arccos(-c / r))


class NNVizScene3D(NNVizScene, ThreeDScene):
    """An :class:`NNVizScene` with manim's 3-D camera: framing, fixed panels, projected anchors.

    Call :meth:`frame_space` first; then draw in ``self.space`` coordinates, put text through
    :meth:`fixed_panel` / :meth:`fixed_note`, and name key points with ``anchor`` (scene
    points: projected through the camera) or ``anchor(..., fixed=True)`` (frame points).
    """

    PANEL_WIDTH = 3.6
    NOTE_HEIGHT = 0.8

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fixed: list[Mobject] = []
        self._frame_anchors: set[str] = set()
        self.space = Space(1.0, np.zeros(3))

    # -- camera ------------------------------------------------------------------------
    def frame_space(
        self,
        points: object,
        phi: float = 70 * DEGREES,
        theta: float = -50 * DEGREES,
        swing: float = 0.0,
        side: float | None = None,
        bottom: float | None = None,
    ) -> Space:
        """Fit ``points`` (k, 3) between the side panels for theta .. theta + swing, and aim."""
        side = self.PANEL_WIDTH if side is None else side
        bottom = self.NOTE_HEIGHT if bottom is None else bottom
        hw = config.frame_width / 2 - side - 0.2
        hh = config.frame_height / 2 - bottom - 0.2
        thetas = np.linspace(theta, theta + swing, 7 if swing else 1)
        self.space = fit_space(points, phi, thetas, hw, hh)
        # The camera looks at the scene origin: manim offsets 3-D points by frame_center twice
        # (once in the projection, once on the way to pixels), so it stays at ORIGIN.
        self.set_camera_orientation(phi=phi, theta=theta)
        return self.space

    def to_frame(self, point: object) -> np.ndarray:
        """A scene point (3,) as it appears in the frame (frame coordinates), now."""
        camera = self.renderer.camera
        camera.reset_rotation_matrix()
        return camera.project_point(np.asarray(point, dtype=float))

    def camera_state(self) -> dict[str, Any]:
        """The camera's angles (radians), focal distance, zoom, frame centre and the unit."""
        c = self.renderer.camera
        return {
            "phi": c.get_phi(), "theta": c.get_theta(), "gamma": c.get_gamma(),
            "focal_distance": c.get_focal_distance(), "zoom": c.get_zoom(),
            "frame_center": np.asarray(c.frame_center, dtype=float), "unit": self.space.unit,
            "centre": self.space.centre,
        }  # fmt: skip

    # -- text in the frame -------------------------------------------------------------
    def fix(self, *mobjects: Mobject) -> Mobject:
        """Keep ``mobjects`` fixed in the frame (not yet added); returns the first."""
        self.renderer.camera.add_fixed_in_frame_mobjects(*mobjects)
        self._fixed.extend(mobjects)
        return mobjects[0]

    def fixed_panel(self, *items: Mobject, corner: np.ndarray = UL, **kw: Any) -> VGroup:
        """A :func:`~nnviz_kit.panels.panel` in a corner, fixed in the frame."""
        kw.setdefault("width", self.PANEL_WIDTH - 0.3)
        return self.fix(panel(*items, corner=corner, **kw))

    def fixed_note(self, text: str) -> Mobject:
        """A plain-language message at the bottom of the frame, fixed in the frame.

        The text also goes into the sidecar under ``notes``.
        """
        self.numbers.setdefault("notes", []).append(text)
        return self.fix(self.note(text))

    def live_number(self, get: Callable[[], float], **kw: Any) -> DecimalNumber:
        """A number fixed in the frame that follows ``get()`` on every frame."""
        number = DecimalNumber(get(), num_decimal_places=kw.pop("digits", 2), **kw)

        def follow(mob: DecimalNumber) -> None:
            mob.set_value(get())
            # set_value rebuilds the digits: fix the new ones in the frame too.
            self.renderer.camera.add_fixed_in_frame_mobjects(mob)

        number.add_updater(follow)
        return self.fix(number)

    def pin_label(self, label: Mobject, to: Mobject, offset: Sequence[float]) -> Mobject:
        """Keep ``label`` facing the camera at a fixed on-screen ``offset`` (x, y) from ``to``."""
        label.move_to(to.get_center() + np.array([offset[0], offset[1], 0.0]))
        # manim shifts a fixed-orientation mobject by project(c) - c, c = center_func():
        # with c the dot's centre, the label keeps its offset in the frame.
        self.renderer.camera.add_fixed_orientation_mobjects(label, center_func=to.get_center)
        return label

    def face_camera(self, *mobjects: Mobject) -> None:
        """Each mobject keeps facing the camera around its own centre (dots, labels)."""
        for mob in mobjects:
            self.renderer.camera.add_fixed_orientation_mobjects(mob)

    # -- sidecar -----------------------------------------------------------------------
    def anchor(self, name: str, target: Any, fixed: bool = False) -> None:
        """As :meth:`NNVizScene.anchor`; scene points are projected unless ``fixed``."""
        super().anchor(name, target)
        if fixed:
            self._frame_anchors.add(name)

    def anchors(self) -> dict[str, list[float]]:
        out = {}
        for name, get in self._anchors.items():
            p = get()
            out[name] = pixel_of(p if name in self._frame_anchors else self.to_frame(p))
        return out

    def sidecar(self) -> dict[str, Any]:
        data = super().sidecar()
        data["camera"] = {k: np.asarray(v).tolist() for k, v in self.camera_state().items()}
        data["layout_problems"] = layout_problems(self._fixed_in_scene()) + self._offframe_3d()
        return data

    def _fixed_in_scene(self) -> list[Mobject]:
        # Only fixed mobjects that are themselves in the scene: a number inside a panel is
        # checked once, as part of its panel.
        tops = {id(m) for m in self.mobjects}
        return [m for m in self._fixed if id(m) in tops]

    def _offframe_3d(self, tol: float = 0.05) -> list[str]:
        """Drawn 3-D shapes (not background, not fixed) whose projection leaves the frame."""
        fixed = {id(m) for top in self._fixed for m in top.get_family()}
        hw, hh = config.frame_width / 2 + tol, config.frame_height / 2 + tol
        problems = []
        for top in self.mobjects:
            for mob in _drawn_leaves(top):
                if id(mob) in fixed:
                    continue
                pts = self.to_frame_many(mob.points)
                if np.any(np.abs(pts[:, 0]) > hw) or np.any(np.abs(pts[:, 1]) > hh):
                    problems.append(f"off-frame (3-D): {type(mob).__name__}")
        return problems

    def to_frame_many(self, points: np.ndarray) -> np.ndarray:
        camera = self.renderer.camera
        camera.reset_rotation_matrix()
        return camera.project_points(np.asarray(points, dtype=float))


def _drawn_leaves(mob: Mobject) -> Iterable[VMobject]:
    if getattr(mob, "nnviz_background", False):
        return
    if mob.submobjects:
        for sub in mob.submobjects:
            yield from _drawn_leaves(sub)
    elif isinstance(mob, VMobject) and mob.has_points():
        if mob.get_fill_opacity() > 0 or mob.get_stroke_opacity() > 0:
            yield mob


# -- drawing blocks --------------------------------------------------------------------------


def arrow3d(space: Space, end: object, color: Any, start: object = ORIGIN) -> Mobject:
    """An arrow between math points (a small dot if it has no length): a shaft and a cone.

    Built as Manim's ``Arrow3D`` is, but with few faces: ``Arrow3D`` gives its cone 32 x 32
    faces whatever ``resolution`` says, and building six such arrows took seconds a frame.
    A ruled cone and a straight shaft need one face along their length.
    """
    a, b = space.to_scene(start), space.to_scene(end)
    length = float(np.linalg.norm(b - a))
    if length < 1e-6:
        return Dot(b, radius=0.06, color=color)
    direction = (b - a) / length
    tip = min(0.28, 0.5 * length)
    shaft = Line3D(a, b - tip * direction, thickness=0.03, color=color, resolution=(1, 12))
    cone = Cone(direction=direction, base_radius=0.09, height=tip, resolution=(1, 16))
    arrow = VGroup(shaft, cone.shift(b).set_color(color))
    # Unshaded and drawn after the translucent faces: the arrow keeps its exact colour on top.
    for part in arrow.get_family():
        part.shade_in_3d = False
    return arrow


def basis_arrows(space: Space, matrix: object | None = None) -> VGroup:
    """î, ĵ, k̂ (or the columns of ``matrix``) as arrows from the origin, coloured by basis."""
    m = np.eye(3) if matrix is None else np.asarray(matrix, dtype=float)
    return VGroup(*(arrow3d(space, m[:, j], BASIS_COLORS[j]) for j in range(3)))


def segment(space: Space, a: object, b: object, color: Any, width: float = 2.0) -> Line:
    """A straight line between math points."""
    return Line(space.to_scene(a), space.to_scene(b), color=color, stroke_width=width)


def lattice(space: Space, extent: int = 1, color: Any = GRID, opacity: float = 0.55) -> VGroup:
    """Lines of the integer lattice in [-extent, extent]³ along each axis (the grid of space).

    Marked as background: after a large map they may run past the frame on purpose.
    """
    lines = VGroup()
    ticks = range(-extent, extent + 1)
    for axis in range(3):
        others = [i for i in range(3) if i != axis]
        for u in ticks:
            for v in ticks:
                a, b = np.zeros(3), np.zeros(3)
                a[others], b[others] = (u, v), (u, v)
                a[axis], b[axis] = -extent, extent
                w = 2.0 if (u, v) == (0, 0) else 1.0
                lines.add(segment(space, a, b, color, w).set_stroke(opacity=opacity))
    mark_background(lines)
    return lines


def floor_grid(space: Space, extent: int = 2) -> VGroup:
    """A faint, fixed grid on the plane z = 0 (background)."""
    lines = VGroup()
    for t in range(-extent, extent + 1):
        lines.add(segment(space, [t, -extent, 0], [t, extent, 0], BACKGROUND_GRID, 1))
        lines.add(segment(space, [-extent, t, 0], [extent, t, 0], BACKGROUND_GRID, 1))
    lines.set_stroke(opacity=0.35)
    mark_background(lines)
    return lines


_CUBE_FACES = ((0, 1, 3, 2), (4, 5, 7, 6), (0, 1, 5, 4), (2, 3, 7, 6), (0, 2, 6, 4), (1, 3, 7, 5))


def parallelepiped(space: Space, corners: object) -> VGroup:
    """The six faces of a (possibly flattened) box from its 8 corners (8, 3) in math units,
    corner i at bits (i & 1, i & 2, i & 4) as ``nnviz.space3d.unit_cube``; YELLOW, ~0.3."""
    c = space.to_scene(np.asarray(corners, dtype=float))
    faces = VGroup(*(Polygon(*c[list(f)]) for f in _CUBE_FACES))
    faces.set_fill(UNIT_SQUARE, UNIT_SQUARE_OPACITY).set_stroke(UNIT_SQUARE, 1.5)
    return faces


def plane_patch(
    space: Space,
    point: object,
    uv: object,
    half: float | tuple[float, float],
    color: Any,
    opacity: float = 0.25,
    centre: object | None = None,
) -> VGroup:
    """A translucent rectangle of the plane through ``point`` spanned by rows ``uv`` (2, 3),
    ``half`` math units each way from ``centre`` (default ``point``): one number for a square,
    or (along u, along v). With a few grid lines."""
    p = np.asarray(point if centre is None else centre, dtype=float)
    hu, hv = (half, half) if np.ndim(half) == 0 else half
    u, v = np.asarray(uv, dtype=float) * np.array([[hu], [hv]])  # half-edges
    corners = [p + su * u + sv * v for su, sv in ((-1, -1), (1, -1), (1, 1), (-1, 1))]
    square = Polygon(*space.to_scene(np.array(corners)), stroke_width=1.5, stroke_color=color)
    square.set_fill(color, opacity)
    grid = VGroup()
    for t in np.linspace(-1, 1, 5)[1:-1]:
        grid.add(segment(space, p + t * u - v, p + t * u + v, color, 1))
        grid.add(segment(space, p - u + t * v, p + u + t * v, color, 1))
    grid.set_stroke(opacity=0.5)
    return VGroup(square, grid)


def dots3d(space: Space, points: object, colors: Sequence[Any] | Any, radius: float = 0.06):
    """Flat dots at math points (k, 3); pass them to ``NNVizScene3D.face_camera``."""
    pts = space.to_scene(np.asarray(points, dtype=float).reshape(-1, 3))
    if not isinstance(colors, (list, tuple)):
        colors = [colors] * len(pts)
    return VGroup(*(Dot(p, radius=radius, color=c) for p, c in zip(pts, colors, strict=True)))


def named_matrix3(name: str, matrix: object, colors: Sequence[Any] | None = BASIS_COLORS) -> VGroup:
    """``name`` (TeX, e.g. "A =") beside a compact matrix, columns coloured î, ĵ, k̂ (or plain)."""
    from manim import MathTex

    from nnviz_kit.style import LABEL_SIZE

    widest = max(len(fmt(v)) for v in np.ravel(matrix))
    mat = matrix_label(matrix, column_colors=colors or (), font_size=LABEL_SIZE * 0.8,
                       h_buff=max(0.8, 0.16 * widest + 0.45), v_buff=0.55)  # fmt: skip
    return VGroup(MathTex(name, font_size=LABEL_SIZE), mat).arrange(RIGHT, buff=0.15)
