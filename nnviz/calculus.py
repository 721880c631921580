"""Smooth maps of the plane and their Jacobians: up close, a smooth map moves like a matrix.

Each named map comes with its Jacobian written out by hand, beside the map, so a scene can
show J and compare the true image of a point with the linear approximation f(p) + J(q − p).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnviz.checks import as_points, as_vector, check_choice

__all__ = ["PLANE_MAPS", "PlaneMap", "linearize", "plane_map"]

# the fixed layer inside the "tanh_layer" map: a neuron layer of width 2
_A = np.array([[0.8, -0.6], [0.5, 0.9]])
_C = np.array([0.2, -0.1])


@dataclass(frozen=True, eq=False)
class PlaneMap:
    """A smooth map f: R² → R² with its Jacobian ``jacobian(p)`` (2, 2), rows ∂fᵢ/∂(x, y).

    ``f`` takes points (k, 2) and returns (k, 2).

    >>> m = plane_map("wave"); m.jacobian([0.0, 0.0])
    array([[1. , 0.5],
           [0.5, 1. ]])
    """

    name: str
    f: Callable[[np.ndarray], np.ndarray]
    jac: Callable[[float, float], np.ndarray]

    def __call__(self, points: object) -> np.ndarray:
        """Images of ``points`` (2,) or (k, 2), with the input's shape."""
        P, single = as_points("points", points, 2)
        out = self.f(P)
        return out[0] if single else out

    def jacobian(self, point: object) -> np.ndarray:
        """The Jacobian matrix at ``point`` (2,): shape (2, 2)."""
        x, y = as_vector("point", point, 2)
        return self.jac(x, y)


def _wave(P: np.ndarray) -> np.ndarray:
    x, y = P[:, 0], P[:, 1]
    return np.column_stack([x + 0.5 * np.sin(y), y + 0.5 * np.sin(x)])


def _wave_jac(x: float, y: float) -> np.ndarray:
    return np.array([[1.0, 0.5 * np.cos(y)], [0.5 * np.cos(x), 1.0]])


def _square(P: np.ndarray) -> np.ndarray:
    # the complex square z ↦ z²/2: angles double, lengths square
    x, y = P[:, 0], P[:, 1]
    return np.column_stack([(x * x - y * y) / 2, x * y])


def _square_jac(x: float, y: float) -> np.ndarray:
    return np.array([[x, -y], [y, x]])


def _tanh_layer(P: np.ndarray) -> np.ndarray:
    return np.tanh(P @ _A.T + _C)


def _tanh_layer_jac(x: float, y: float) -> np.ndarray:
    z = _A @ np.array([x, y]) + _C
    return np.diag(1.0 - np.tanh(z) ** 2) @ _A


PLANE_MAPS: dict[str, PlaneMap] = {
    m.name: m
    for m in (
        PlaneMap("wave", _wave, _wave_jac),
        PlaneMap("square", _square, _square_jac),
        PlaneMap("tanh_layer", _tanh_layer, _tanh_layer_jac),
    )
}


def plane_map(name: str) -> PlaneMap:
    """A named smooth map of the plane: 'wave', 'square' or 'tanh_layer'.

    >>> plane_map("square")([1.0, 1.0])
    array([0., 1.])
    """
    return PLANE_MAPS[check_choice(name, "name", PLANE_MAPS)]


def linearize(m: PlaneMap, point: object, points: object) -> np.ndarray:
    """The linear approximation f(p) + J(p)(q − p) at ``point`` p (2,), for ``points`` q (k, 2).

    >>> linearize(plane_map("square"), [1.0, 0.0], [[1.1, 0.0]])
    array([[0.6, 0. ]])
    """
    p = as_vector("point", point, 2)
    Q, single = as_points("points", points, 2)
    out = m(p) + (Q - p) @ m.jacobian(p).T
    return out[0] if single else out
