"""nnviz.backprop against two independent oracles: PyTorch autograd (every z, a, δ, ∇W, ∇b)
and central finite differences of a loss computed here with plain numpy."""

import itertools

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from nnviz.backprop import Gradients, backward, gradient_check, loss_value
from nnviz.network import MLP
from tests.core.torch_oracle import TORCH_F

HIDDEN = ["relu", "leaky_relu", "sigmoid", "tanh", "identity"]
OUTPUTS = HIDDEN + ["softmax"]
POSITIVE = ["sigmoid", "softmax"]  # cross-entropy needs outputs in (0, 1]
SHAPES = [[3, 4, 2], [5, 7, 6, 3], [2, 1, 4], [4, 3]]


def torch_cost(name, a, y, k):
    # the definitions, written out: summed over outputs, averaged over the batch
    if name == "mse":
        return 0.5 * ((a - y) ** 2).sum() / k
    return -(y * torch.log(a)).sum() / k


def targets(rng, out, cost, shape):
    if cost == "cross_entropy" and out == "softmax":
        return rng.dirichlet(np.ones(shape[-1]), size=shape[:-1])  # rows sum to 1
    if cost == "cross_entropy":
        return rng.uniform(0, 1, shape)
    return rng.normal(size=shape)


def random_net(rng, sizes, hidden, out):
    Ws = [rng.normal(0, 1.2, (o, i)) for i, o in zip(sizes[:-1], sizes[1:], strict=True)]
    bs = [rng.normal(0, 0.5, o) for o in sizes[1:]]
    return MLP.from_weights(Ws, bs, activation=hidden, output=out)


def torch_reference(net, x, y, cost):
    """Forward and backward in torch float64; z.grad is ∂C/∂z of the batch-mean cost."""
    k = 1 if x.ndim == 1 else x.shape[0]
    Ws = [torch.tensor(w, requires_grad=True) for w in net.W]
    bs = [torch.tensor(v, requires_grad=True) for v in net.b]
    a, zs, acts = torch.tensor(x), [], [torch.tensor(x)]
    for l, (w, v) in enumerate(zip(Ws, bs, strict=True)):
        z = (w @ a if a.ndim == 1 else a @ w.T) + v
        z.retain_grad()
        zs.append(z)
        name = net.output.name if l == net.n_layers - 1 else net.activation.name
        a = TORCH_F[name](z)
        acts.append(a)
    c = torch_cost(cost, a, torch.tensor(y), k)
    c.backward()
    return c, zs, acts, Ws, bs, k


CASES = [
    (h, o, c, batch)
    for h, o, c, batch in itertools.product(HIDDEN, OUTPUTS, ["mse", "cross_entropy"], [0, 5])
    if c == "mse" or o in POSITIVE
]


@pytest.mark.parametrize(
    "hidden,out,cost,batch", CASES, ids=["-".join(map(str, case)) for case in CASES]
)
def test_matches_torch_autograd(hidden, out, cost, batch):
    rng = np.random.default_rng(CASES.index((hidden, out, cost, batch)))
    for sizes in SHAPES:
        net = random_net(rng, sizes, hidden, out)
        x = rng.normal(size=(batch, sizes[0]) if batch else sizes[0])
        y = targets(rng, out, cost, (batch, sizes[-1]) if batch else (sizes[-1],))
        c, zs, acts, Ws, bs, k = torch_reference(net, x, y, cost)

        trace = net.forward(x)
        g = backward(net, trace, y, cost)
        tol = dict(rtol=1e-10, atol=1e-13)
        for l in range(net.n_layers):
            np.testing.assert_allclose(trace.z[l], zs[l].detach().numpy(), **tol)
            np.testing.assert_allclose(trace.a[l + 1], acts[l + 1].detach().numpy(), **tol)
            # nnviz keeps each example's own δ; torch's is of the mean, so scale by k
            np.testing.assert_allclose(g.delta[l], k * zs[l].grad.numpy(), **tol)
            np.testing.assert_allclose(g.grad_W[l], Ws[l].grad.numpy(), **tol)
            np.testing.assert_allclose(g.grad_b[l], bs[l].grad.numpy(), **tol)
            assert g.delta[l].shape == trace.z[l].shape
            assert g.grad_W[l].shape == net.W[l].shape
        assert loss_value(net, x, y, cost) == pytest.approx(c.item(), rel=1e-12)


def test_softmax_cross_entropy_is_a_minus_y():
    net = MLP([3, 4], output="softmax", seed=1)
    x, y = np.array([0.2, -0.1, 0.4]), np.array([0.0, 0.0, 1.0, 0.0])
    trace = net.forward(x)
    np.testing.assert_allclose(backward(net, trace, y, "cross_entropy").delta[-1], trace.a[-1] - y)


# --- finite differences, computed here with plain numpy ---

NP_F = {
    "relu": lambda z: np.maximum(z, 0),
    "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z),
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "tanh": np.tanh,
    "identity": lambda z: z,
    "softmax": lambda z: np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True),
}


def reference_cost(Ws, bs, hidden, out, x, y, cost):
    a = np.atleast_2d(x)
    for l, (w, v) in enumerate(zip(Ws, bs, strict=True)):
        a = NP_F[out if l == len(Ws) - 1 else hidden](a @ w.T + v)
    y = np.atleast_2d(y)
    if cost == "mse":
        return 0.5 * np.sum((a - y) ** 2) / len(a)
    return -np.sum(y * np.log(a)) / len(a)


KINKED = {"relu", "leaky_relu"}


def central_differences(net, x, y, cost, eps=1e-5):
    Ws, bs = [w.copy() for w in net.W], [v.copy() for v in net.b]
    grads = []
    for p in Ws + bs:
        g = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + eps
            up = reference_cost(Ws, bs, net.activation.name, net.output.name, x, y, cost)
            p[i] = old - eps
            down = reference_cost(Ws, bs, net.activation.name, net.output.name, x, y, cost)
            p[i] = old
            g[i] = (up - down) / (2 * eps)
        grads.append(g)
    return grads[: len(Ws)], grads[len(Ws) :]


@st.composite
def problems(draw):
    sizes = draw(st.lists(st.integers(1, 5), min_size=2, max_size=4))
    hidden = draw(st.sampled_from(HIDDEN))
    out = draw(st.sampled_from(OUTPUTS))
    cost = draw(st.sampled_from(["mse", "cross_entropy"] if out in POSITIVE else ["mse"]))
    batch = draw(st.integers(0, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    return sizes, hidden, out, cost, batch, seed


@settings(deadline=None, max_examples=25)
@given(problems())
def test_backward_agrees_with_finite_differences(problem):
    sizes, hidden, out, cost, batch, seed = problem
    rng = np.random.default_rng(seed)
    net = random_net(rng, sizes, hidden, out)
    x = rng.normal(size=(batch, sizes[0]) if batch else sizes[0])
    y = targets(rng, out, cost, (batch, sizes[-1]) if batch else (sizes[-1],))
    trace = net.forward(x)
    kinked = [
        z for l, z in enumerate(trace.z) if (out if l == len(trace.z) - 1 else hidden) in KINKED
    ]
    # Central differences straddle a ReLU kink when a pre-activation is within eps of 0.
    assume(all(np.min(np.abs(z)) > 1e-3 for z in kinked))
    num_W, num_b = central_differences(net, x, y, cost)
    g = backward(net, trace, y, cost)
    check = gradient_check(net, x, y, cost)
    for ana, num, theirs in zip(
        g.grad_W + g.grad_b, num_W + num_b, check.grad_W + check.grad_b, strict=True
    ):
        np.testing.assert_allclose(ana, num, rtol=1e-5, atol=1e-8)
        np.testing.assert_allclose(theirs, num, rtol=1e-5, atol=1e-8)


def test_gradient_check_reports_a_small_error_and_catches_a_wrong_gradient():
    net = MLP([3, 4, 2], activation="tanh", seed=2)
    x, y = np.array([0.3, -0.2, 0.5]), np.array([1.0, 0.0])
    check = gradient_check(net, x, y, "mse")
    assert check.max_rel_error < 1e-7
    assert isinstance(check.analytic, Gradients)
    # the same check on a net whose hidden derivative is wrong must fail loudly
    from nnviz.network import Activation

    wrong = Activation("tanh", np.tanh, lambda z: np.ones_like(z))
    bad = MLP.from_weights(net.W, net.b, activation=wrong, output="sigmoid")
    assert gradient_check(bad, x, y, "mse").max_rel_error > 1e-3


# --- errors ---


def test_backward_rejects_bad_targets_and_traces():
    net = MLP([3, 4, 2], output="softmax")
    trace = net.forward(np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"target must have the output's shape \(5, 2\)"):
        backward(net, trace, np.zeros((5, 3)))
    with pytest.raises(ValueError, match="target must be finite"):
        backward(net, trace, np.full((5, 2), np.nan))
    with pytest.raises(ValueError, match="target rows must sum to 1"):
        backward(net, trace, np.ones((5, 2)), "cross_entropy")
    with pytest.raises(ValueError, match="trace must be a Trace"):
        backward(net, "not a trace", np.zeros((5, 2)))
    other = MLP([3, 2])
    with pytest.raises(ValueError, match="trace must have 1 z and 2 a"):
        backward(other, trace, np.zeros((5, 2)))
    with pytest.raises(ValueError, match="loss must be one of"):
        backward(net, trace, np.zeros((5, 2)), "hinge")


def test_loss_value_checks_its_inputs():
    net = MLP([2, 1])
    with pytest.raises(ValueError, match="x must have 2 coordinates"):
        loss_value(net, [1.0, 2.0, 3.0], [0.0])
    with pytest.raises(ValueError, match=r"y must have the output's shape \(1,\)"):
        loss_value(net, [1.0, 2.0], [0.0, 1.0])
