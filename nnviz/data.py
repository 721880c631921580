"""Small data sets: TensorFlow Playground's 2-D toys, two moons, and the 8×8 digits.

The toy sets follow Playground's generators (github.com/tensorflow/playground, dataset.ts) in
its units (points within about ±6) with labels mapped from {+1, −1} to {1, 0}. Points come
grouped by class, class 1 first, as Playground makes them: shuffle before slicing off a test
set. ``noise`` is Playground's slider as a fraction (0 to 0.5 in the app).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from nnviz.checks import as_array, check_choice, check_scalar

__all__ = [
    "DATASETS",
    "Dataset",
    "circle",
    "dataset",
    "digits",
    "gauss",
    "moons",
    "one_hot",
    "rescale",
    "spiral",
    "xor",
]


@dataclass(frozen=True, eq=False)
class Dataset:
    """Inputs ``X`` (n, d) float64 and integer labels ``y`` (n,); unpacks as ``X, y = data``.

    >>> X, y = circle(10, 0.0, seed=0)
    >>> X.shape, y.shape, X.dtype
    ((10, 2), (10,), dtype('float64'))
    """

    X: np.ndarray
    y: np.ndarray

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter((self.X, self.y))

    def __len__(self) -> int:
        return len(self.y)


def _toy_args(n: object, noise: object, seed: object) -> tuple[int, float, np.random.Generator]:
    """The toy generators' shared arguments, checked: n >= 1, noise >= 0, and the seeded rng."""
    return (
        check_scalar(n, "n", int, min_val=1),
        check_scalar(noise, "noise", float, min_val=0),
        np.random.default_rng(check_scalar(seed, "seed", int, min_val=0)),
    )


def _halves(n: int) -> tuple[int, int]:
    return n - n // 2, n // 2  # class 1 gets the odd point


def _make(X: np.ndarray, y: np.ndarray) -> Dataset:
    return Dataset(np.ascontiguousarray(X, dtype=np.float64), np.asarray(y, dtype=np.int64))


def _uniform_disc(rng: np.random.Generator, m: int, r0: float, r1: float) -> np.ndarray:
    r = rng.uniform(r0, r1, m)
    t = rng.uniform(0, 2 * np.pi, m)
    return np.column_stack([r * np.sin(t), r * np.cos(t)])


def circle(n: int = 200, noise: float = 0.0, seed: int = 0) -> Dataset:
    """A disc (label 1, radius < 2.5) inside a ring (label 0, radius 3.5 to 5).

    As in Playground, noise jitters the point by up to ±5·noise per coordinate only when
    choosing its label (radius of the jittered point < 2.5 → 1), so noise shows as
    mislabelled points near the boundary. At zero noise, label = (radius < 2.5).

    >>> X, y = circle(4, 0.0, seed=1); ((np.hypot(*X.T) < 2.5) == y).all()
    np.True_
    """
    n, noise, rng = _toy_args(n, noise, seed)
    n1, n0 = _halves(n)
    X = np.vstack([_uniform_disc(rng, n1, 0.0, 2.5), _uniform_disc(rng, n0, 3.5, 5.0)])
    jitter = rng.uniform(-5.0, 5.0, X.shape) * noise
    y = np.hypot(*(X + jitter).T) < 2.5
    return _make(X, y)


def xor(n: int = 200, noise: float = 0.0, seed: int = 0) -> Dataset:
    """Four quadrants: label 1 where x·y >= 0 (first and third), else 0.

    Coordinates are uniform in ±5 pushed 0.3 away from the axes; noise jitters by up to
    ±5·noise when choosing the label, as for ``circle``.

    >>> X, y = xor(6, 0.0, seed=0); ((X[:, 0] * X[:, 1] >= 0) == y).all()
    np.True_
    """
    n, noise, rng = _toy_args(n, noise, seed)
    X = rng.uniform(-5.0, 5.0, (n, 2))
    X += np.where(X > 0, 0.3, -0.3)  # a gap along the axes keeps the quadrants apart
    jitter = rng.uniform(-5.0, 5.0, X.shape) * noise
    J = X + jitter
    return _make(X, J[:, 0] * J[:, 1] >= 0)


def gauss(n: int = 200, noise: float = 0.0, seed: int = 0) -> Dataset:
    """Two Gaussian blobs: label 1 around (2, 2), label 0 around (−2, −2).

    Each coordinate's variance grows linearly with noise, from 0.5 at 0 to 4 at 0.5.

    >>> X, y = gauss(100, 0.0, seed=0); X[y == 1].mean(axis=0).round()
    array([2., 2.])
    """
    n, noise, rng = _toy_args(n, noise, seed)
    std = np.sqrt(0.5 + 7.0 * noise)
    n1, n0 = _halves(n)
    X = np.vstack([rng.normal(2.0, std, (n1, 2)), rng.normal(-2.0, std, (n0, 2))])
    return _make(X, np.r_[np.ones(n1), np.zeros(n0)])


def spiral(n: int = 200, noise: float = 0.0, seed: int = 0) -> Dataset:
    """Two interleaved spirals of 1.75 turns out to radius 5: label 1, and label 0 rotated by π.

    Noise adds up to ±noise per coordinate to the position.

    >>> X, y = spiral(8, 0.0, seed=0); X[0], y[0]
    (array([0., 0.]), np.int64(1))
    """
    n, noise, rng = _toy_args(n, noise, seed)
    parts, labels = [], []
    for m, phase, label in zip(_halves(n), (0.0, np.pi), (1, 0), strict=True):
        s = np.arange(m) / m
        r, t = 5.0 * s, 1.75 * 2 * np.pi * s + phase
        pts = np.column_stack([r * np.sin(t), r * np.cos(t)])
        parts.append(pts + rng.uniform(-1.0, 1.0, (m, 2)) * noise)
        labels.append(np.full(m, label))
    return _make(np.vstack(parts), np.concatenate(labels))


def moons(n: int = 200, noise: float = 0.0, seed: int = 0) -> Dataset:
    """Two interleaved half circles (as scikit-learn's ``make_moons``, unshuffled).

    Label 0: the upper arc (cos t, sin t); label 1: the lower arc (1 − cos t, ½ − sin t),
    t evenly spaced over [0, π]; Gaussian noise of standard deviation ``noise``.

    >>> X, y = moons(4, 0.0); X[0], y[0]
    (array([1., 0.]), np.int64(0))
    """
    n, noise, rng = _toy_args(n, noise, seed)
    n_upper, n_lower = n // 2, n - n // 2
    t0, t1 = np.linspace(0, np.pi, n_upper), np.linspace(0, np.pi, n_lower)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.vstack([upper, lower]) + rng.normal(0.0, noise, (n, 2))
    return _make(X, np.r_[np.zeros(n_upper), np.ones(n_lower)])


DATASETS: dict[str, Callable[..., Dataset]] = {
    "circle": circle,
    "xor": xor,
    "gauss": gauss,
    "spiral": spiral,
    "moons": moons,
}


def dataset(name: str, n: int = 200, noise: float = 0.0, seed: int = 0) -> Dataset:
    """One of the 2-D toy sets by name: X (n, 2) float64, y (n,) int in {0, 1}.

    >>> dataset("xor", 50, 0.1, seed=3).X.shape
    (50, 2)
    """
    return DATASETS[check_choice(name, "name", DATASETS)](n, noise, seed)


def one_hot(y: object, n_classes: int | None = None) -> np.ndarray:
    """Integer labels (k,) as one-hot rows (k, n_classes) of float64.

    >>> one_hot([0, 2, 1], 3)
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]])
    """
    arr = as_array("y", y)
    if arr.ndim != 1 or np.any(arr != np.round(arr)) or np.any(arr < 0):
        raise ValueError(f"y must be a vector (k,) of non-negative integer labels, got {y!r}")
    labels = arr.astype(np.int64)
    n = (
        int(labels.max()) + 1
        if n_classes is None
        else check_scalar(n_classes, "n_classes", int, min_val=1)
    )
    if labels.max() >= n:
        raise ValueError(f"n_classes must exceed the largest label {labels.max()}, got {n}")
    return np.eye(n)[labels]


def digits(test_fraction: float = 0.2) -> tuple[Dataset, Dataset]:
    """scikit-learn's bundled 8×8 digits (1797 images, no download): ``(train, test)``.

    X rows are the 64 pixels scaled to [0, 1]; y the digit 0–9. The split is fixed: a
    permutation from ``default_rng(0)``, the last ``test_fraction`` of it is the test set
    (1437 train and 360 test images by default).

    >>> train, test = digits(); train.X.shape, test.X.shape, float(train.X.max())
    ((1437, 64), (360, 64), 1.0)
    """
    test_fraction = check_scalar(
        test_fraction, "test_fraction", float, min_val=0, max_val=1, include_boundaries="neither"
    )
    from sklearn.datasets import load_digits  # lazy: keeps ``import nnviz`` light

    raw = load_digits()
    X = np.asarray(raw.data, dtype=np.float64) / 16.0  # pixel intensities are 0..16
    y = np.asarray(raw.target, dtype=np.int64)
    order = np.random.default_rng(0).permutation(len(y))
    n_test = int(np.ceil(test_fraction * len(y)))
    train, test = order[: len(y) - n_test], order[len(y) - n_test :]
    return Dataset(X[train], y[train]), Dataset(X[test], y[test])


def rescale(X: object, radius: float = 5.0) -> np.ndarray:
    """Points (n, d) scaled about the origin so the largest |coordinate| is ``radius``.

    Puts every toy set in Playground's units (about ±5), where tanh layers train well:
    ``moons`` comes in scikit-learn's units (about ±1.5).

    >>> rescale([[1.0, -2.0], [0.5, 0.5]], radius=4.0)
    array([[ 2., -4.],
           [ 1.,  1.]])
    """
    arr = as_array("X", X)
    if arr.ndim != 2:
        raise ValueError(f"X must be points of shape (n, d), got {arr.shape}")
    radius = check_scalar(radius, "radius", float, min_val=0, include_boundaries="right")
    peak = float(np.max(np.abs(arr)))
    if peak == 0:
        raise ValueError("X must have a non-zero point to rescale")
    return arr * (radius / peak)
