"""Backpropagation: the four equations, one readable line each, and a finite-difference check.

Indexing follows ``nnviz.network``: ``delta[l]``, ``grad_W[l]``, ``grad_b[l]`` belong to weight
layer ``l = 0 … L-1`` and ``a[l]`` is that layer's input, so the textbook ``aˡ⁻¹`` is ``a[l]``.

``delta[l] = ∂Cₓ/∂z[l]`` is each example's own error (a batch keeps one row per example, shape
(k, n), so a scene can show them); ``grad_W`` and ``grad_b`` are averaged over the batch, as
the loss is.

Softmax outputs. Softmax's derivative is a Jacobian J = diag(a) − a aᵀ, so in equation 1 the
product "∇ₐC ⊙ σ'(zᴸ)" becomes the Jacobian-vector product J ∇ₐC. Paired with cross-entropy
this collapses to the classic δᴸ = a − y (for targets whose rows sum to 1, such as one-hot
rows), which is what the code uses for that pair.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz import network
from nnviz.checks import as_array, as_points, check_scalar, check_target
from nnviz.network import MLP, Loss, Trace, forward_batch

__all__ = [
    "GradientCheck",
    "Gradients",
    "backward",
    "backward_batch",
    "gradient_check",
    "loss_value",
]


@dataclass(frozen=True)
class Gradients:
    """The result of ``backward``: per layer, δ, ∂C/∂W and ∂C/∂b.

    ``delta[l]`` has the shape of ``z[l]``: (n,) for one example, (k, n) for a batch;
    ``grad_W[l]`` has the shape of ``W[l]`` and ``grad_b[l]`` that of ``b[l]``.

    >>> net = MLP([2, 3, 1]); x, y = [1.0, 2.0], [1.0]
    >>> g = backward(net, net.forward(x), y)
    >>> [d.shape for d in g.delta], g.grad_W[0].shape
    ([(3,), (1,)], (3, 2))
    """

    delta: tuple[np.ndarray, ...]
    grad_W: tuple[np.ndarray, ...]
    grad_b: tuple[np.ndarray, ...]


def backward(net: MLP, trace: Trace, target: object, loss: str | Loss = "mse") -> Gradients:
    """Backpropagate ``target`` through the ``trace`` of ``net.forward(x)``.

    ``target`` has the output's shape: (n_out,) for one input, (k, n_out) for a batch (one-hot
    rows for classification; see ``nnviz.data.one_hot``).

    >>> net = MLP.from_weights([[[1.0, 2.0]]], [[0.0]], output="identity")
    >>> g = backward(net, net.forward([1.0, 1.0]), [2.0])   # a = 3, C = ½(3 - 2)²
    >>> g.delta[0], g.grad_W[0], g.grad_b[0]
    (array([1.]), array([[1., 1.]]), array([1.]))
    """
    cost = network.loss(loss)
    z, a, single = _trace_batch(net, trace)
    y = _target_batch("target", target, a[-1].shape, single)
    check_target("target", y, net.output.name, cost.name)
    return _finish(backward_batch(net, z, a, y, cost), single)


def backward_batch(
    net: MLP, z: list[np.ndarray], a: list[np.ndarray], y: np.ndarray, cost: Loss
) -> Gradients:
    """Unchecked backward pass on the batch arrays of ``forward_batch`` and targets y (k, n_out).

    Rows of ``z``, ``a`` and ``y`` are examples; ``delta`` keeps them, the gradients are
    batch means. The training loop calls it on arrays it has already checked.

    >>> net = MLP.from_weights([[[1.0, 2.0]]], [[0.0]], output="identity")
    >>> z, a = forward_batch(net, np.array([[1.0, 1.0]]))
    >>> backward_batch(net, z, a, np.array([[2.0]]), network.mse).grad_W
    (array([[1., 1.]]),)
    """
    W, L, k = net.W, net.n_layers, a[0].shape[0]
    sigma, out = net.activation, net.output
    delta: list[np.ndarray] = [np.empty(0)] * L

    if out.name == "softmax" and cost.name == "cross_entropy":
        delta[L - 1] = a[L] - y  # 1. δᴸ = a − y   (J ∇ₐC, simplified)
    elif out.name == "softmax":
        delta[L - 1] = _softmax_jvp(a[L], cost.grad(a[L], y))  # 1. δᴸ = J(zᴸ) ∇ₐC
    else:
        delta[L - 1] = cost.grad(a[L], y) * out.df(z[L - 1])  # 1. δᴸ = ∇ₐC ⊙ σ'(zᴸ)

    # rows are examples, so each row's Wᵀδ is computed for all of them at once as δ @ W
    for l in range(L - 2, -1, -1):
        delta[l] = (delta[l + 1] @ W[l + 1]) * sigma.df(z[l])  # 2. δˡ = (Wˡ⁺¹ᵀ δˡ⁺¹) ⊙ σ'(zˡ)

    grad_b = [d.sum(axis=0) / k for d in delta]  # 3. ∂C/∂bˡ = δˡ   (batch mean)
    grad_W = [d.T @ a[l] / k for l, d in enumerate(delta)]  # 4. ∂C/∂Wˡ = δˡ aˡ⁻¹ᵀ (batch mean)

    return Gradients(tuple(delta), tuple(grad_W), tuple(grad_b))


def _softmax_jvp(a: np.ndarray, v: np.ndarray) -> np.ndarray:
    # (diag(a) − a aᵀ) v row by row, without building the (k, n, n) Jacobian
    return a * (v - np.sum(a * v, axis=-1, keepdims=True))


def loss_value(net: MLP, x: object, y: object, loss: str | Loss = "mse") -> float:
    """The loss of ``net`` on inputs ``x`` (n_in,) or (k, n_in) and targets of the output's shape.

    >>> net = MLP.from_weights([[[1.0, 2.0]]], [[0.0]], output="identity")
    >>> loss_value(net, [1.0, 1.0], [2.0])
    0.5
    """
    cost = network.loss(loss)
    X, single = as_points("x", x, net.sizes[0])
    Y = _target_batch("y", y, (X.shape[0], net.sizes[-1]), single)
    return cost.f(forward_batch(net, X)[1][-1], Y)


@dataclass(frozen=True)
class GradientCheck:
    """Finite differences against ``backward``.

    ``max_rel_error`` is the largest |numeric − analytic| / max(|numeric| + |analytic|, floor)
    over every weight and bias; ``grad_W`` and ``grad_b`` are the numeric gradients (shapes of
    ``W`` and ``b``) and ``analytic`` is the result of ``backward``.

    >>> check = gradient_check(MLP([2, 2]), [1.0, -1.0], [0.0, 1.0])
    >>> check.grad_W[0].shape, check.max_rel_error < 1e-6
    ((2, 2), True)
    """

    max_rel_error: float
    grad_W: tuple[np.ndarray, ...]
    grad_b: tuple[np.ndarray, ...]
    analytic: Gradients


def gradient_check(
    net: MLP,
    x: object,
    y: object,
    loss: str | Loss = "mse",
    eps: float = 1e-5,
    floor: float = 1e-8,
) -> GradientCheck:
    """Compare ``backward`` with central differences (C(θ + ε) − C(θ − ε)) / 2ε, per parameter.

    ``floor`` keeps the relative error meaningful where both gradients are about zero.
    One forward pass per perturbation: fine for the small nets the scenes show.

    >>> net = MLP([3, 4, 2], activation="tanh", seed=1)
    >>> gradient_check(net, [0.1, -0.2, 0.3], [0.0, 1.0]).max_rel_error < 1e-6
    True
    """
    cost = network.loss(loss)
    X, single = as_points("x", x, net.sizes[0])
    Y = _target_batch("y", y, (X.shape[0], net.sizes[-1]), single)
    check_target("y", Y, net.output.name, cost.name)
    eps = check_scalar(eps, "eps", float, min_val=0, include_boundaries="right")
    floor = check_scalar(floor, "floor", float, min_val=0, include_boundaries="right")
    z, a = forward_batch(net, X)
    analytic = _finish(backward_batch(net, z, a, Y, cost), single)

    def cost_at(Ws: list[np.ndarray], bs: list[np.ndarray]) -> float:
        return cost.f(forward_batch(net.with_weights(Ws, bs), X)[1][-1], Y)

    Ws, bs = [w.copy() for w in net.W], [v.copy() for v in net.b]
    numeric = []
    for params in (Ws, bs):
        grads = []
        for p in params:
            g = np.zeros_like(p)
            for i in np.ndindex(p.shape):
                old = p[i]
                p[i] = old + eps
                up = cost_at(Ws, bs)
                p[i] = old - eps
                down = cost_at(Ws, bs)
                p[i] = old
                g[i] = (up - down) / (2 * eps)
            grads.append(g)
        numeric.append(tuple(grads))
    num_W, num_b = numeric

    err = 0.0
    for n, g in zip(num_W + num_b, analytic.grad_W + analytic.grad_b, strict=True):
        rel = np.abs(n - g) / np.maximum(np.abs(n) + np.abs(g), floor)
        err = max(err, float(rel.max()))
    return GradientCheck(err, num_W, num_b, analytic)


def _finish(g: Gradients, single: bool) -> Gradients:
    if not single:
        return g
    return Gradients(tuple(d[0] for d in g.delta), g.grad_W, g.grad_b)


def _trace_batch(net: MLP, trace: Trace) -> tuple[list[np.ndarray], list[np.ndarray], bool]:
    if not isinstance(trace, Trace):
        raise ValueError(f"trace must be a Trace from net.forward, got {type(trace).__name__}")
    if len(trace.z) != net.n_layers or len(trace.a) != net.n_layers + 1:
        raise ValueError(
            f"trace must have {net.n_layers} z and {net.n_layers + 1} a for this net, "
            f"got {len(trace.z)} and {len(trace.a)}"
        )
    single = np.ndim(trace.a[0]) == 1
    z = [np.atleast_2d(v) for v in trace.z]
    a = [np.atleast_2d(v) for v in trace.a]
    k = a[0].shape[0]
    for l, size in enumerate(net.sizes):
        if a[l].shape != (k, size) or (l > 0 and z[l - 1].shape != (k, size)):
            raise ValueError(f"trace does not fit this net: layer {l} should have width {size}")
    return z, a, single


def _target_batch(name: str, target: object, shape: tuple[int, ...], single: bool) -> np.ndarray:
    y = as_array(name, target)
    want = shape[1:] if single else shape
    if y.shape != want:
        raise ValueError(f"{name} must have the output's shape {want}, got {y.shape}")
    return y[None, :] if single else y
