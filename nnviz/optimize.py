"""Descent: gradient descent, SGD and momentum on a function of a vector, 2-D test surfaces,
and mini-batch training of an ``MLP``.

The optimisers record every iterate and its loss, and stop early (``diverged=True``) when the
loss stops being finite or explodes, so a scene can say "this learning rate diverges"
instead of crashing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from nnviz import network
from nnviz.backprop import backward_batch
from nnviz.checks import (
    as_matrix,
    as_points,
    as_symmetric,
    as_vector,
    check_choice,
    check_scalar,
    check_target,
)
from nnviz.network import MLP, Loss, forward_batch, labels_of

__all__ = [
    "SURFACES",
    "History",
    "Surface",
    "Trajectory",
    "gradient_descent",
    "minibatch_gradient",
    "momentum",
    "noisy_gradient",
    "quadratic",
    "sgd",
    "surface",
    "train",
]

Vector = np.ndarray
StochasticGrad = Callable[[Vector, np.random.Generator], Vector]


@dataclass(frozen=True, eq=False)
class Trajectory:
    """Iterates of an optimiser: ``points`` (m + 1, d) from the start, ``losses`` (m + 1,).

    m is ``steps`` unless ``diverged``: then the run stopped early, at the first iterate whose
    loss exploded (kept) or stopped being finite (dropped, so every point can be drawn).

    >>> p = gradient_descent(lambda x: x @ x, lambda x: 2 * x, [1.0, 0.0], lr=0.25, steps=2)
    >>> p.points, p.losses, p.diverged
    (array([[1.  , 0.  ],
           [0.5 , 0.  ],
           [0.25, 0.  ]]), array([1.    , 0.25  , 0.0625]), False)
    """

    points: np.ndarray
    losses: np.ndarray
    diverged: bool

    @property
    def final(self) -> np.ndarray:
        """The last iterate, shape (d,)."""
        return self.points[-1]


def _descend(
    f: Callable[[Vector], float],
    update: Callable[[Vector], Vector],
    start: object,
    steps: int,
    blowup: float | None,
) -> Trajectory:
    x = as_vector("start", start)
    steps = check_scalar(steps, "steps", int, min_val=0)
    if blowup is not None:  # None turns the explosion test off
        blowup = check_scalar(blowup, "blowup", float, min_val=0, include_boundaries="right")
    f0 = float(f(x))
    if not np.isfinite(f0):
        raise ValueError(f"start must be a point where f is finite, got f(start) = {f0}")
    limit = np.inf if blowup is None else blowup * (1.0 + abs(f0))
    points, losses, diverged = [x], [f0], False
    # overflow on the way to divergence is expected; it is reported through ``diverged``
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            x = np.asarray(update(x), dtype=np.float64)
            fx = float(f(x)) if np.all(np.isfinite(x)) else np.nan
            if not np.isfinite(fx):
                diverged = True
                break
            points.append(x)
            losses.append(fx)
            if abs(fx - f0) > limit:
                diverged = True
                break
    return Trajectory(np.array(points), np.array(losses), diverged)


def gradient_descent(
    f: Callable[[Vector], float],
    grad: Callable[[Vector], Vector],
    start: object,
    lr: float,
    steps: int,
    blowup: float | None = 1e6,
) -> Trajectory:
    """Plain gradient descent ``x ← x − lr·∇f(x)`` from ``start`` (d,).

    Divergence: a non-finite loss, or |f(x) − f(start)| > ``blowup``·(1 + |f(start)|)
    (``blowup=None`` leaves only the first test).
    On f(x) = ½ xᵀA x it diverges exactly when lr > 2/λ_max(A).

    >>> gradient_descent(lambda x: x @ x, lambda x: 2 * x, [1.0], lr=1.5, steps=50).diverged
    True
    """
    lr = check_scalar(lr, "lr", float, min_val=0, include_boundaries="right")
    return _descend(f, lambda x: x - lr * _grad(grad, x), start, steps, blowup)


def momentum(
    f: Callable[[Vector], float],
    grad: Callable[[Vector], Vector],
    start: object,
    lr: float,
    steps: int,
    beta: float = 0.9,
    blowup: float | None = 1e6,
) -> Trajectory:
    """Heavy-ball momentum: ``v ← β·v − lr·∇f(x)``, ``x ← x + v``, with v = 0 at the start.

    β = 0 is plain gradient descent. On a quadratic it converges iff 0 < lr·λ < 2(1 + β)
    for every eigenvalue λ.

    >>> p = momentum(lambda x: x @ x, lambda x: 2 * x, [1.0, 1.0], lr=0.1, steps=500)
    >>> bool(np.allclose(p.final, 0.0))
    True
    """
    lr = check_scalar(lr, "lr", float, min_val=0, include_boundaries="right")
    beta = check_scalar(beta, "beta", float, min_val=0, max_val=1, include_boundaries="left")
    v = np.zeros_like(as_vector("start", start))

    def update(x: Vector) -> Vector:
        nonlocal v
        v = beta * v - lr * _grad(grad, x)
        return x + v

    return _descend(f, update, start, steps, blowup)


def sgd(
    f: Callable[[Vector], float],
    grad: StochasticGrad,
    start: object,
    lr: float,
    steps: int,
    seed: int = 0,
    blowup: float | None = 1e6,
) -> Trajectory:
    """Stochastic gradient descent ``x ← x − lr·g(x)`` with a random gradient estimate g.

    ``grad(x, rng)`` returns one draw of the estimate; ``rng`` is a ``numpy.random.Generator``
    made once from ``seed``, so runs are reproducible. Build ``grad`` with
    ``minibatch_gradient`` (sample examples, the real thing) or ``noisy_gradient`` (exact
    gradient plus Gaussian noise, for the 2-D surfaces). ``f`` is the full loss, recorded at
    every iterate.

    >>> s = surface("quadratic")
    >>> p = sgd(s.f, noisy_gradient(s.grad, 0.5), s.start, lr=0.05, steps=100, seed=1)
    >>> p.points.shape
    (101, 2)
    """
    lr = check_scalar(lr, "lr", float, min_val=0, include_boundaries="right")
    rng = np.random.default_rng(check_scalar(seed, "seed", int, min_val=0))
    return _descend(f, lambda x: x - lr * _grad(lambda u: grad(u, rng), x), start, steps, blowup)


def noisy_gradient(grad: Callable[[Vector], Vector], scale: float) -> StochasticGrad:
    """A stochastic gradient: ``grad(x)`` plus N(0, scale²) noise on every coordinate.

    >>> g = noisy_gradient(lambda x: 2 * x, 0.0); g(np.array([1.0]), np.random.default_rng())
    array([2.])
    """
    scale = check_scalar(scale, "scale", float, min_val=0)

    def noisy(x: Vector, rng: np.random.Generator) -> Vector:
        g = _grad(grad, x)
        return g + rng.normal(0.0, scale, g.shape)

    return noisy


def minibatch_gradient(
    sample_grad: Callable[[Vector, np.ndarray], Vector], n_samples: int, batch_size: int
) -> StochasticGrad:
    """A stochastic gradient from a loss that is a mean over ``n_samples`` examples.

    ``sample_grad(x, idx)`` must return the gradient averaged over the examples ``idx``
    (an int array); each call draws ``batch_size`` distinct indices uniformly.

    >>> data = np.array([1.0, 2.0, 3.0, 4.0])    # f(x) = mean of ½(x − dᵢ)²
    >>> g = minibatch_gradient(lambda x, i: x - data[i].mean(), 4, batch_size=4)
    >>> g(np.array([0.0]), np.random.default_rng(0))
    array([-2.5])
    """
    n_samples = check_scalar(n_samples, "n_samples", int, min_val=1)
    batch_size = check_scalar(batch_size, "batch_size", int, min_val=1, max_val=n_samples)

    def sampled(x: Vector, rng: np.random.Generator) -> Vector:
        return sample_grad(x, rng.choice(n_samples, size=batch_size, replace=False))

    return sampled


def _grad(grad: Callable[[Vector], Vector], x: Vector) -> Vector:
    g = np.asarray(grad(x), dtype=np.float64)
    if g.shape != x.shape:
        raise ValueError(f"grad must return shape {x.shape} like its point, got {g.shape}")
    return g


# --- 2-D test surfaces ------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Surface:
    """A 2-D test loss: value ``f(p)`` and gradient ``grad(p)`` for a point p of shape (2,).

    ``minima`` (m, 2) are its known minimisers (empty for a saddle, which has none),
    ``start`` a good starting point for a scene, and ``box`` ((x0, x1), (y0, y1)) a plotting
    window containing both.

    >>> s = surface("rosenbrock"); s.f(s.minima[0]), bool(np.all(s.grad(s.minima[0]) == 0))
    (0.0, True)
    """

    name: str
    f: Callable[[Vector], float]
    grad: Callable[[Vector], Vector]
    minima: np.ndarray
    start: np.ndarray
    box: tuple[tuple[float, float], tuple[float, float]]


def quadratic(A: object, b: object | None = None, name: str = "quadratic") -> Surface:
    """The bowl f(x) = ½ xᵀA x + bᵀx for a symmetric positive-definite A (d, d).

    Its minimum is the solution of A x = −b; gradient descent on it diverges iff
    lr > 2/λ_max(A).

    >>> s = quadratic([[2.0, 0.0], [0.0, 4.0]], [-2.0, 4.0]); s.minima[0]
    array([ 1., -1.])
    """
    A = as_symmetric("A", A)
    if np.linalg.eigvalsh(A)[0] <= 0:
        raise ValueError("A must be positive definite (all eigenvalues > 0)")
    n = A.shape[0]
    b = np.zeros(n) if b is None else as_vector("b", b, n)
    x_min = np.linalg.solve(A, -b) + 0.0  # + 0.0 turns -0.0 into 0.0
    r = float(np.abs(x_min).max()) + 2.0
    start = x_min + r * np.where(np.arange(n) == 0, -0.8, 0.5)  # up the bowl's side
    lo, hi = x_min - r, x_min + r
    box = ((float(lo[0]), float(hi[0])), (float(lo[-1]), float(hi[-1])))
    return Surface(
        name,
        lambda x: float(0.5 * x @ A @ x + b @ x),
        lambda x: A @ x + b,
        x_min[None, :],
        start,
        box,
    )


def _bowl() -> Surface:
    # eigenvalues 1 and 10 (condition number 10), axes turned by 30°: zig-zags under plain GD
    c, s = np.cos(np.pi / 6), np.sin(np.pi / 6)
    R = np.array([[c, -s], [s, c]])
    return quadratic(R @ np.diag([1.0, 10.0]) @ R.T)


def _rosenbrock(p: Vector) -> float:
    x, y = p
    return float((1 - x) ** 2 + 100 * (y - x * x) ** 2)


def _rosenbrock_grad(p: Vector) -> Vector:
    x, y = p
    return np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])


def _himmelblau(p: Vector) -> float:
    x, y = p
    return float((x * x + y - 11) ** 2 + (x + y * y - 7) ** 2)


def _himmelblau_grad(p: Vector) -> Vector:
    x, y = p
    u, v = x * x + y - 11, x + y * y - 7
    return np.array([4 * x * u + 2 * v, 2 * u + 4 * y * v])


def _saddle(p: Vector) -> float:
    x, y = p
    return float(x * x - y * y)


def _saddle_grad(p: Vector) -> Vector:
    x, y = p
    return np.array([2 * x, -2 * y])


# Himmelblau's four minima, to 1e-6 (three have no closed form).
_HIMMELBLAU_MINIMA = np.array(
    [[3.0, 2.0], [-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]]
)

SURFACES: dict[str, Callable[[], Surface]] = {
    # an elongated, tilted bowl: eigenvalues 1 and 10, so the condition number is 10
    "quadratic": _bowl,
    "rosenbrock": lambda: Surface(
        "rosenbrock",
        _rosenbrock,
        _rosenbrock_grad,
        np.array([[1.0, 1.0]]),
        np.array([-1.5, 2.0]),
        ((-2.0, 2.0), (-1.0, 3.0)),
    ),
    "himmelblau": lambda: Surface(
        "himmelblau",
        _himmelblau,
        _himmelblau_grad,
        _HIMMELBLAU_MINIMA,
        np.array([0.0, 0.0]),
        ((-5.0, 5.0), (-5.0, 5.0)),
    ),
    "saddle": lambda: Surface(
        "saddle",
        _saddle,
        _saddle_grad,
        np.empty((0, 2)),
        np.array([-1.5, 0.01]),
        ((-2.0, 2.0), (-2.0, 2.0)),
    ),
}


def surface(name: str) -> Surface:
    """A named 2-D test loss: 'quadratic', 'rosenbrock', 'himmelblau' or 'saddle'.

    >>> surface("saddle").f(np.array([1.0, 2.0]))
    -3.0
    """
    return SURFACES[check_choice(name, "name", SURFACES)]()


# --- training a network -----------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class History:
    """A training run. Index e of every sequence is "after epoch e", index 0 before training.

    ``loss`` (epochs + 1,): the loss on the whole training set; ``accuracy`` (epochs + 1,):
    the fraction classified right on ``eval_data`` (the training set if none was given);
    ``net``: the trained net; ``snapshots``: the net after every epoch (epochs + 1 nets,
    the first the untrained one) if asked for, else empty.

    >>> from nnviz.data import dataset
    >>> X, y = dataset("circle", 60, 0.0, seed=0)
    >>> h = train(MLP([2, 3, 1]), X, y, epochs=2, batch_size=20, lr=0.1, snapshots=True)
    >>> h.loss.shape, h.accuracy.shape, len(h.snapshots), h.snapshots[-1] is h.net
    ((3,), (3,), 3, True)
    """

    loss: np.ndarray
    accuracy: np.ndarray
    net: MLP
    snapshots: tuple[MLP, ...] = ()


def train(
    net: MLP,
    X: object,
    y: object,
    epochs: int,
    batch_size: int,
    lr: float,
    seed: int = 0,
    loss: str | Loss | None = None,
    eval_data: tuple[object, object] | None = None,
    snapshots: bool = False,
) -> History:
    """Mini-batch SGD on ``net`` (which is not modified); returns the ``History``.

    ``X`` (k, n_in); ``y`` either integer labels (k,) (one-hot encoded for a net with several
    outputs, a column for a single output unit) or targets (k, n_out). Every epoch visits the
    examples once in an order shuffled by ``default_rng(seed)``; the last batch may be
    smaller. ``loss`` defaults to cross-entropy for a softmax output and mse otherwise.

    >>> from nnviz.data import dataset
    >>> X, y = dataset("gauss", 100, 0.0, seed=0)
    >>> h = train(MLP([2, 4, 1]), X, y, epochs=5, batch_size=10, lr=0.5)
    >>> h.loss.shape, float(h.accuracy[-1])
    ((6,), 1.0)
    """
    cost = network.loss(loss if loss is not None else _default_loss(net))
    fit = _examples(net, X, y)
    check_target("y", fit.Y, net.output.name, cost.name)
    scored = fit if eval_data is None else _examples(net, *eval_data, prefix="eval_data ")
    epochs = check_scalar(epochs, "epochs", int, min_val=0)
    batch_size = check_scalar(batch_size, "batch_size", int, min_val=1)
    lr = check_scalar(lr, "lr", float, min_val=0, include_boundaries="right")
    rng = np.random.default_rng(check_scalar(seed, "seed", int, min_val=0))

    log = _Log(cost, fit, scored, snapshots)
    log.record(net)
    for _ in range(epochs):
        net = _epoch(net, cost, fit, rng.permutation(len(fit.X)), batch_size, lr)
        log.record(net)
    return History(np.array(log.losses), np.array(log.accuracies), net, tuple(log.snapshots))


@dataclass(frozen=True, eq=False)
class _Examples:
    """Checked examples: inputs ``X`` (k, n_in), targets ``Y`` (k, n_out), labels (k,)."""

    X: np.ndarray
    Y: np.ndarray
    labels: np.ndarray


def _examples(net: MLP, X: object, y: object, prefix: str = "") -> _Examples:
    """Inputs and targets checked against ``net``'s widths (see ``_targets``); errors name
    them ``{prefix}X`` and ``{prefix}y``."""
    Xa, _ = as_points(f"{prefix}X", X, net.sizes[0])
    Y, labels = _targets(f"{prefix}y", y, Xa.shape[0], net.sizes[-1])
    return _Examples(Xa, Y, labels)


def _epoch(
    net: MLP, cost: Loss, fit: _Examples, order: np.ndarray, batch_size: int, lr: float
) -> MLP:
    """One pass over the examples in ``order`` (k,), one gradient step per mini-batch."""
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        z, a = forward_batch(net, fit.X[idx])
        g = backward_batch(net, z, a, fit.Y[idx], cost)
        net = net.with_weights(
            [w - lr * gw for w, gw in zip(net.W, g.grad_W, strict=True)],
            [v - lr * gb for v, gb in zip(net.b, g.grad_b, strict=True)],
        )
    return net


@dataclass(eq=False)
class _Log:
    """What ``train`` records after each epoch: training loss, accuracy on ``scored``, nets."""

    cost: Loss
    fit: _Examples
    scored: _Examples
    keep_nets: bool
    losses: list[float] = field(default_factory=list)
    accuracies: list[float] = field(default_factory=list)
    snapshots: list[MLP] = field(default_factory=list)

    def record(self, net: MLP) -> None:
        self.losses.append(self.cost.f(forward_batch(net, self.fit.X)[1][-1], self.fit.Y))
        guessed = labels_of(forward_batch(net, self.scored.X)[1][-1])
        self.accuracies.append(float(np.mean(guessed == self.scored.labels)))
        if self.keep_nets:
            self.snapshots.append(net)


def _default_loss(net: MLP) -> str:
    return "cross_entropy" if net.output.name == "softmax" else "mse"


def _targets(name: str, y: object, k: int, n_out: int) -> tuple[np.ndarray, np.ndarray]:
    """Targets (k, n_out) for the loss and integer labels (k,) for the accuracy."""
    arr = np.asarray(y)
    if arr.ndim == 1:
        v = as_vector(name, arr, k)
        if np.any(v != np.round(v)) or np.any(v < 0) or np.any(v >= max(n_out, 2)):
            raise ValueError(f"{name} labels must be integers in 0..{max(n_out, 2) - 1}")
        labels = v.astype(np.int64)
        Y = labels[:, None].astype(np.float64) if n_out == 1 else np.eye(n_out)[labels]
        return Y, labels
    Y = as_matrix(name, arr, (k, n_out))
    return Y, labels_of(Y)
