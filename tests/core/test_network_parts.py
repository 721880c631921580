"""neuron_terms and layer_stages against plain numpy and torch.nn.Linear."""

import numpy as np
import pytest
import torch

from nnviz.network import MLP, layer_stages, neuron_terms


def test_seed_003_neuron_rows():
    # the seed's layer: W·x + b = [4, 10]
    x = [2, 5, 7, 3]
    a = neuron_terms(x, [2, 1, 1, -1], -9, "identity")
    b = neuron_terms(x, [1, 1, 1, 1], -7, "identity")
    assert (a.z, b.z) == (4.0, 10.0)
    np.testing.assert_array_equal(a.products, [4, 5, 7, -3])


def test_neuron_terms_sigmoid_against_torch():
    x, w, b = [0.5, -1.5, 2.0], [1.2, 0.3, -0.7], 0.25
    t = neuron_terms(x, w, b, "sigmoid")
    lin = torch.dot(torch.tensor(x, dtype=torch.float64), torch.tensor(w, dtype=torch.float64))
    assert t.total == pytest.approx(lin.item())
    assert t.a == pytest.approx(torch.sigmoid(lin + b).item())


def test_neuron_terms_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="x and w"):
        neuron_terms([1, 2], [1, 2, 3], 0.0)


def test_layer_stages_against_torch_linear():
    net = MLP([2, 3, 2, 1], activation="tanh", seed=4)
    X = np.random.default_rng(0).normal(size=(5, 2))
    stages = layer_stages(net, X)
    h = torch.tensor(X)
    for l, s in enumerate(stages):
        lin = torch.nn.Linear(*net.W[l].shape[::-1], dtype=torch.float64)
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(net.W[l]))
            lin.bias.zero_()
            np.testing.assert_allclose(s.linear, lin(h).numpy(), atol=1e-12)
            lin.bias.copy_(torch.tensor(net.b[l]))
            z = lin(h)
        np.testing.assert_allclose(s.shifted, z.numpy(), atol=1e-12)
        h = torch.tanh(z) if l < len(stages) - 1 else torch.sigmoid(z)
        np.testing.assert_allclose(s.activated, h.numpy(), atol=1e-12)
    single = layer_stages(net, X[0])
    np.testing.assert_allclose(single[-1].activated, stages[-1].activated[0])


def test_rescale_puts_the_largest_coordinate_at_the_radius():
    from nnviz.data import dataset, rescale

    X, _ = dataset("moons", 50, 0.1, seed=2)
    R = rescale(X, 5.0)
    assert np.max(np.abs(R)) == pytest.approx(5.0)
    np.testing.assert_allclose(R / X, np.full_like(X, R[0, 0] / X[0, 0]))  # one common factor
    with pytest.raises(ValueError, match="radius"):
        rescale(X, 0.0)
