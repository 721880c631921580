"""nnviz.network: activations and their derivatives against PyTorch autograd, the MLP's
shapes, initialisation, forward pass, copies, steps and files, and its input errors."""

import doctest
import os

import numpy as np
import pytest
import torch

import nnviz.backprop
import nnviz.data
import nnviz.network
import nnviz.optimize
from nnviz.network import ACTIVATIONS, MLP, activation, loss
from tests.core.torch_oracle import TORCH_F

ELEMENTWISE = ["relu", "leaky_relu", "sigmoid", "tanh", "identity"]


@pytest.mark.parametrize(
    "module", [nnviz.network, nnviz.backprop, nnviz.optimize, nnviz.data], ids=lambda m: m.__name__
)
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


# --- activations ---


def test_every_activation_is_registered():
    assert set(ACTIVATIONS) == set(TORCH_F)


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("shape", [(7,), (4, 5)])
def test_elementwise_activation_and_derivative_match_torch(name, shape):
    z = np.random.default_rng(1).normal(0, 3, shape)
    zt = torch.tensor(z, requires_grad=True)
    at = TORCH_F[name](zt)
    at.sum().backward()  # elementwise, so the gradient of the sum is σ'(z)
    act = activation(name)
    np.testing.assert_allclose(act.f(z), at.detach().numpy(), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(act.df(z), zt.grad.numpy(), rtol=1e-12, atol=1e-300)
    assert act.f(z).shape == act.df(z).shape == shape


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_an_activation_is_called_like_its_torch_function(name):
    act = getattr(nnviz.network, name)  # network.sigmoid(z), as torch.sigmoid(z)
    z = np.random.default_rng(3).normal(0, 4, (3, 4))
    z[0, :4] = [-np.inf, np.inf, np.nan, 0.0]  # torch takes any real input, and so do we
    expected = TORCH_F[name](torch.tensor(z)).numpy()
    np.testing.assert_allclose(act(z), expected, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(act(z.tolist()), expected, rtol=1e-12, atol=1e-300)
    one = act(-0.75)  # a number gives a number
    assert isinstance(one, float) and np.ndim(one) == 0
    assert one == pytest.approx(TORCH_F[name](torch.tensor(-0.75, dtype=torch.float64)).item())
    # the derivative is still there, beside the function
    zt = torch.tensor(z[1:], requires_grad=True)
    TORCH_F[name](zt).sum().backward()
    # 1 - tanh² near saturation is exact only to about 1e-16 absolute, in torch as here
    np.testing.assert_allclose(act.df(z[1:]), zt.grad.numpy(), rtol=1e-12, atol=1e-15)


def test_softmax_is_called_like_torch_softmax_over_the_last_axis():
    z = np.random.default_rng(4).normal(0, 3, (2, 3, 5))
    expected = torch.softmax(torch.tensor(z), dim=-1).numpy()
    np.testing.assert_allclose(nnviz.network.softmax(z), expected, rtol=1e-14)
    np.testing.assert_allclose(nnviz.network.softmax(z[0, 0].tolist()), expected[0, 0], rtol=1e-14)
    with pytest.raises(ValueError, match="z must have at least one axis for softmax"):
        nnviz.network.softmax(1.0)
    with pytest.raises(ValueError, match="z must be numeric"):
        nnviz.network.sigmoid("high")


def test_softmax_and_its_jacobian_match_torch():
    z = np.random.default_rng(2).normal(0, 3, 5)
    sm = activation("softmax")
    jac = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), torch.tensor(z))
    np.testing.assert_allclose(sm.f(z), torch.softmax(torch.tensor(z), 0).numpy(), rtol=1e-14)
    np.testing.assert_allclose(sm.df(z), jac.numpy(), rtol=1e-12, atol=1e-16)
    batch = np.stack([z, -z])
    assert sm.df(batch).shape == (2, 5, 5)
    np.testing.assert_allclose(sm.df(batch)[0], sm.df(z))
    assert not sm.elementwise


def test_activations_survive_extreme_inputs():
    z = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = activation("sigmoid").f(z)
        p = activation("softmax").f(z)
    assert s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5
    np.testing.assert_allclose(p.sum(), 1.0)


def test_relu_derivative_at_zero_is_zero_as_in_torch():
    assert activation("relu").df(np.array([0.0]))[0] == 0.0
    assert activation("leaky_relu").df(np.array([0.0]))[0] == 0.01


def test_unknown_names_raise_listing_the_known_ones():
    with pytest.raises(ValueError, match=r"activation must be one of .*'sigmoid'.*'swish'"):
        activation("swish")
    with pytest.raises(ValueError, match=r"loss must be one of .*'cross_entropy'.*'mse'"):
        loss("hinge")
    with pytest.raises(ValueError, match="activation must be one of"):
        MLP([2, 2], activation="gelu")
    with pytest.raises(ValueError, match="^output must be one of"):  # named as the argument
        MLP([2, 2], output="gelu")


# --- losses ---


def test_losses_match_their_definitions():
    rng = np.random.default_rng(3)
    a, y = rng.uniform(0.1, 1, (4, 3)), rng.uniform(0, 1, (4, 3))
    assert loss("mse").f(a, y) == pytest.approx(0.5 * ((a - y) ** 2).sum() / 4, rel=1e-14)
    assert loss("mse").f(a[0], y[0]) == pytest.approx(0.5 * ((a[0] - y[0]) ** 2).sum())
    ce = -(y * np.log(a)).sum() / 4
    assert loss("cross_entropy").f(a, y) == pytest.approx(ce, rel=1e-14)
    np.testing.assert_allclose(loss("cross_entropy").grad(a, y), -y / a)
    # 0·log 0 counts as 0: a one-hot target does not care about outputs that are exactly 0
    assert loss("cross_entropy").f(np.array([0.0, 1.0]), np.array([0.0, 1.0])) == 0.0


def test_cross_entropy_rejects_negative_outputs():
    with pytest.raises(ValueError, match="cross_entropy needs outputs a >= 0"):
        loss("cross_entropy").f(np.array([-0.5, 1.5]), np.array([0.0, 1.0]))


# --- the network ---


def test_seed_003_layer():
    # the seed document's worked example: z = W x + b
    net = MLP.from_weights(
        [[[2, 1, 1, -1], [1, 1, 1, 1]]], [[-9, -7]], activation="relu", output="identity"
    )
    trace = net.forward([2, 5, 7, 3])
    np.testing.assert_array_equal(trace.z[0], [4.0, 10.0])
    np.testing.assert_array_equal(trace.a[1], [4.0, 10.0])
    relu_net = MLP.from_weights([[[2, 1, 1, -1], [1, 1, 1, 1]]], [[-9, -7]], output="relu")
    np.testing.assert_array_equal(relu_net.predict([2, 5, 7, 3]), [4.0, 10.0])


@pytest.mark.parametrize("sizes", [[3, 2], [4, 5, 3], [64, 16, 16, 10]])
def test_shapes_and_parameter_count(sizes):
    net = MLP(sizes)
    assert net.sizes == tuple(sizes)
    assert net.n_layers == len(sizes) - 1
    assert [w.shape for w in net.W] == [(o, i) for i, o in zip(sizes[:-1], sizes[1:], strict=True)]
    assert [v.shape for v in net.b] == [(o,) for o in sizes[1:]]
    assert net.n_params == sum(i * o + o for i, o in zip(sizes[:-1], sizes[1:], strict=True))
    assert all(w.dtype == np.float64 for w in net.W + net.b)


def test_initialisation_is_seeded_and_scaled():
    a, b, c = MLP([300, 300, 2], seed=5), MLP([300, 300, 2], seed=5), MLP([300, 300, 2], seed=6)
    assert all(np.array_equal(u, v) for u, v in zip(a.W, b.W, strict=True))
    assert not np.array_equal(a.W[0], c.W[0])
    assert all(not v.any() for v in a.b)
    assert np.std(a.W[0]) == pytest.approx(np.sqrt(1 / 300), rel=0.02)  # LeCun/Xavier
    he = MLP([300, 300, 2], activation="relu", seed=5)
    assert np.std(he.W[0]) == pytest.approx(np.sqrt(2 / 300), rel=0.02)


def test_forward_records_every_layer_and_batches_match_singles():
    net = MLP([3, 5, 4, 2], activation="tanh", output="softmax", seed=1)
    X = np.random.default_rng(0).normal(size=(6, 3))
    batch = net.forward(X)
    assert len(batch.z) == 3 and len(batch.a) == 4
    np.testing.assert_array_equal(batch.a[0], X)
    for i, x in enumerate(X):
        single = net.forward(x)
        assert [z.shape for z in single.z] == [(5,), (4,), (2,)]
        for zs, zb in zip(single.z, batch.z, strict=True):
            np.testing.assert_allclose(zs, zb[i], rtol=1e-14)
        np.testing.assert_allclose(single.output, batch.output[i], rtol=1e-14)
    np.testing.assert_array_equal(net.predict(X), batch.output)
    np.testing.assert_array_equal(net.classify(X), np.argmax(batch.output, axis=1))


def test_forward_matches_torch():
    rng = np.random.default_rng(4)
    net = MLP([4, 6, 3], activation="leaky_relu", output="sigmoid", seed=2)
    X = rng.normal(size=(5, 4))
    a = torch.tensor(X)
    for l, (w, v) in enumerate(zip(net.W, net.b, strict=True)):
        z = a @ torch.tensor(w).T + torch.tensor(v)
        np.testing.assert_allclose(net.forward(X).z[l], z.numpy(), rtol=1e-12)
        a = TORCH_F["sigmoid" if l == 1 else "leaky_relu"](z)
    np.testing.assert_allclose(net.predict(X), a.numpy(), rtol=1e-12)


def test_classify_with_one_output_thresholds_at_one_half():
    net = MLP.from_weights([[[1.0]]], [[0.0]], output="sigmoid")
    np.testing.assert_array_equal(net.classify([[-1.0], [2.0]]), [0, 1])


def test_from_weights_copies_and_weights_are_read_only():
    W, b = np.array([[1.0, 2.0]]), np.array([0.5])
    net = MLP.from_weights([W], [b])
    W[0, 0] = 99.0
    assert net.W[0][0, 0] == 1.0
    with pytest.raises(ValueError):
        net.W[0][0, 0] = 5.0
    copy = net.copy()
    assert copy.W[0] is not net.W[0] and np.array_equal(copy.W[0], net.W[0])
    assert (copy.activation, copy.output) == (net.activation, net.output)


def test_step_returns_a_moved_copy():
    net = MLP([3, 4, 2], seed=3)
    rng = np.random.default_rng(0)
    grads = nnviz.backprop.Gradients(
        (),
        tuple(rng.normal(size=w.shape) for w in net.W),
        tuple(rng.normal(size=v.shape) for v in net.b),
    )
    before = [w.copy() for w in net.W]
    moved = net.step(grads, 0.1)
    for w, w0, g in zip(moved.W, before, grads.grad_W, strict=True):
        np.testing.assert_allclose(w, w0 - 0.1 * g)
    assert all(np.array_equal(w, w0) for w, w0 in zip(net.W, before, strict=True))
    with pytest.raises(ValueError, match="grad_W"):
        net.step(nnviz.backprop.Gradients((), grads.grad_W[:1], grads.grad_b[:1]), 0.1)
    with pytest.raises(ValueError, match=r"^lr must be a finite number > 0, got -1.0$"):
        net.step(grads, -1.0)


def test_save_and_load_round_trip(tmp_path):
    net = MLP([5, 4, 3], activation="relu", output="softmax", seed=9)
    path = tmp_path / "net.npz"
    net.save(path)
    back = MLP.load(path)
    assert back.sizes == net.sizes
    assert (back.activation.name, back.output.name) == ("relu", "softmax")
    assert all(np.array_equal(u, v) for u, v in zip(back.W + back.b, net.W + net.b, strict=True))
    assert os.listdir(tmp_path) == ["net.npz"]  # no temporary file left behind
    net.save(tmp_path / "plain")  # the exact name given, no suffix added
    assert MLP.load(tmp_path / "plain").sizes == net.sizes


# --- errors ---


def test_forward_rejects_bad_shapes_and_nan():
    net = MLP([3, 2])
    with pytest.raises(ValueError, match="x must have 3 coordinates per point, got 4"):
        net.forward([1.0, 2.0, 3.0, 4.0])
    with pytest.raises(ValueError, match=r"x must have shape \(n,\) or \(k, n\)"):
        net.forward(np.zeros((2, 2, 3)))
    with pytest.raises(ValueError, match="x must be finite"):
        net.forward([1.0, np.nan, 0.0])


@pytest.mark.parametrize("sizes", [[3], [], [3, 0], [2, 2.5], [2, True], "ab", 3])
def test_bad_sizes_raise(sizes):
    with pytest.raises(ValueError, match=r"sizes(\[\d\])? must"):
        MLP(sizes)


def test_softmax_is_not_a_hidden_activation():
    with pytest.raises(ValueError, match="must be elementwise, got 'softmax'"):
        MLP([3, 3, 2], activation="softmax")


def test_from_weights_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"bs\[0\] must have shape \(2,\)"):
        MLP.from_weights([np.zeros((2, 3))], [np.zeros(3)])
    with pytest.raises(ValueError, match=r"Ws\[1\] must take 2 inputs"):
        MLP.from_weights([np.zeros((2, 3)), np.zeros((1, 3))], [np.zeros(2), np.zeros(1)])
    with pytest.raises(ValueError, match="equal length"):
        MLP.from_weights([np.zeros((2, 3))], [])
    with pytest.raises(ValueError, match=r"Ws\[0\] must be finite"):
        MLP.from_weights([[[np.nan]]], [[0.0]])
