"""Seeded random data for the scenes: correlated Gaussian clouds, random layers and directions.

Every function takes a ``seed`` and draws from ``numpy.random.default_rng(seed)``, so a scene
shows the same points on every run and a test can rebuild them.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np

from nnviz.checks import as_symmetric, as_vector, check_choice, check_scalar

__all__ = ["CLOUDS", "gaussian_cloud", "named_cloud", "random_direction", "random_layer"]

#: Covariance matrices of the named 2-D clouds (zero mean).
CLOUDS = MappingProxyType(
    {
        "correlated": ((3.0, 1.6), (1.6, 1.5)),  # tilted: the first axis is about 35° up
        "elongated": ((4.0, -1.0), (-1.0, 0.5)),  # nearly one-dimensional, tilted down
        "round": ((1.0, 0.0), (0.0, 1.0)),  # no preferred direction at all
    }
)


def gaussian_cloud(n: int, cov: object, seed: int = 0, mean: object = None) -> np.ndarray:
    """``n`` points (n, d) drawn from a Gaussian with covariance ``cov`` (d, d) and ``mean`` (d,).

    ``cov`` must be symmetric positive semi-definite; ``mean`` defaults to zero.

    >>> gaussian_cloud(3, [[1, 0], [0, 1]], seed=0).shape
    (3, 2)
    """
    c = as_symmetric("cov", cov)
    if np.linalg.eigvalsh(c).min() < -1e-12 * max(1.0, np.abs(c).max()):
        raise ValueError(f"cov must be positive semi-definite, got {c.tolist()}")
    m = np.zeros(c.shape[0]) if mean is None else as_vector("mean", mean, c.shape[0])
    n = check_scalar(n, "n", int, min_val=1)
    rng = np.random.default_rng(check_scalar(seed, "seed", int, min_val=0))
    return rng.multivariate_normal(m, c, size=n)


def named_cloud(name: str, n: int = 80, seed: int = 0) -> np.ndarray:
    """A 2-D cloud (n, 2) with the covariance ``CLOUDS[name]``.

    >>> named_cloud("round", 5, seed=1).shape
    (5, 2)
    """
    return gaussian_cloud(n, CLOUDS[check_choice(name, "name", CLOUDS)], seed)


def random_layer(n_out: int, n_in: int, seed: int = 0) -> np.ndarray:
    """A weight matrix (n_out, n_in) with independent standard normal entries.

    >>> random_layer(3, 2, seed=0).shape
    (3, 2)
    """
    shape = (
        check_scalar(n_out, "n_out", int, min_val=1),
        check_scalar(n_in, "n_in", int, min_val=1),
    )
    return np.random.default_rng(check_scalar(seed, "seed", int, min_val=0)).standard_normal(shape)


def random_direction(dim: int, seed: int = 0) -> np.ndarray:
    """A unit vector (dim,) with a uniformly random direction (a normalised Gaussian draw).

    >>> float(np.linalg.norm(random_direction(5, seed=2)))
    1.0
    """
    dim = check_scalar(dim, "dim", int, min_val=1)
    rng = np.random.default_rng(check_scalar(seed, "seed", int, min_val=0))
    v = rng.standard_normal(dim)
    while not np.any(v):  # probability zero, but a zero vector has no direction
        v = rng.standard_normal(v.shape[0])
    return v / np.linalg.norm(v)
