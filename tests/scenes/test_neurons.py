"""Lecture 4 end to end: sidecar numbers against independent oracles (plain numpy, torch,
scikit-learn's own digits), pictures against the sidecar, and clear errors for bad input."""

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits

from nnviz_kit.params import ParamError
from nnviz_kit.style import NEGATIVE, POSITIVE
from scenes.neurons import BendingSpace, LayerAsMatrix, Neuron
from tests.pictures import count_near, load_rgb

pytestmark = pytest.mark.render


def brightness(img, xy, radius=4):
    x, y = (int(round(v)) for v in xy)
    return float(img[y - radius : y + radius + 1, x - radius : x + radius + 1].mean())


@pytest.fixture(scope="module")
def neuron(render_scene):
    return render_scene(
        "Neuron",
        {"inputs": [1, -2, 0.5], "weights": [0.5, 0.25, -2], "bias": 0.3, "activation": "tanh"},
    )


def test_neuron_numbers_match_numpy(neuron):
    _, side = neuron
    x, w = np.array([1, -2, 0.5]), np.array([0.5, 0.25, -2])
    np.testing.assert_allclose(side["products"], x * w)
    assert side["z"] == pytest.approx(x @ w + 0.3)
    assert side["a"] == pytest.approx(np.tanh(x @ w + 0.3))
    assert side["layout_problems"] == []


def test_layer_as_matrix(render_scene):
    W, x, b = [[1, 0], [2, -1], [0.5, 3]], [1, 2], [0, 1, -1]
    _, side = render_scene("LayerAsMatrix", {"x": x, "W": W, "b": b})
    np.testing.assert_allclose(side["z"], np.array(W) @ x + b)
    assert side["layout_problems"] == []


def test_activation_functions_match_torch(render_scene):
    _, side = render_scene("ActivationFunctions", {"names": ["tanh", "leaky_relu"]})
    z = torch.tensor([-2.0, 0.0, 2.0], dtype=torch.float64, requires_grad=True)
    for name, f in (("tanh", torch.tanh), ("leaky_relu", torch.nn.functional.leaky_relu)):
        out = f(z)
        (grad,) = torch.autograd.grad(out.sum(), z)
        np.testing.assert_allclose(side[f"{name}_at"]["f"], out.detach().numpy())
        np.testing.assert_allclose(
            side[f"{name}_at"]["df"][::2], grad.numpy()[::2]
        )  # not at the kink
    W1, W2 = np.array([[1.0, -1.0], [2.0, 0.5]]), np.array([[0.5, 1.0], [-1.0, 1.0]])
    np.testing.assert_allclose(side["collapsed"], W2 @ W1)
    np.testing.assert_allclose(side["tanh_g_2x"], W2 @ np.tanh(W1 @ [2.0, 2.0]))
    assert side["layout_problems"] == []


def test_broadcasting(render_scene):
    X, b = [[1, 0, 0, 1], [0, 2, 1, 0]], [1, -1]
    _, side = render_scene("Broadcasting", {"batch": X, "bias": b})
    W = np.array([[2, 1, 1, -1], [1, 1, 1, 1]])
    np.testing.assert_allclose(side["output"], np.array(X) @ W.T + np.array(b)[None, :])
    assert side["layout_problems"] == []


@pytest.fixture(scope="module")
def bending_xor(render_scene):
    return render_scene("BendingSpace", {"dataset": "xor", "hidden": [2], "seed": 0})


def test_bending_space_accuracy_matches_a_torch_forward_pass(bending_xor):
    from nnviz.data import dataset

    _, side = bending_xor
    data = dataset("xor", 200, 0.1, seed=0)
    h = torch.tensor(data.X * (5.0 / np.abs(data.X).max()), dtype=torch.float64)
    Ws, bs = side["weights"], side["biases"]
    for l, (w, b) in enumerate(zip(Ws, bs, strict=True)):
        h = h @ torch.tensor(w, dtype=torch.float64).T + torch.tensor(b, dtype=torch.float64)
        h = torch.tanh(h) if l < len(Ws) - 1 else torch.sigmoid(h)
    acc = float(((h[:, 0] > 0.5).numpy() == data.y).mean())
    assert side["accuracy"] == pytest.approx(acc)
    assert side["layout_problems"] == []


@pytest.fixture(scope="module")
def bending_moons(render_scene):
    return render_scene("BendingSpace")  # the defaults: moons, two hidden layers


@pytest.mark.parametrize("rendered", ["bending_moons", "bending_xor"])
def test_each_class_anchor_sits_on_a_dot_of_its_class_colour(rendered, request):
    path, side = request.getfixturevalue(rendered)
    img, anchors = load_rgb(path), side["anchors"]
    colors = {0: NEGATIVE.to_hex(), 1: POSITIVE.to_hex()}
    for c in (0, 1):
        at = anchors[f"class{c}_point"]
        # the dot's centre (3×3 pixels) is its class colour, with none of the other class's
        assert count_near(img, at, colors[c], radius=1, tol=50) >= 5, (c, at)
        assert count_near(img, at, colors[1 - c], radius=1, tol=50) == 0, (c, at)
    # negative control: the anchors swapped fail the same check
    assert count_near(img, anchors["class0_point"], colors[1], radius=1, tol=50) < 5


@pytest.fixture(scope="module")
def digit(render_scene):
    return render_scene("DigitNetwork", {"digit": 17})


def test_digit_network_reads_sklearns_image(digit):
    _, side = digit
    raw = load_digits()
    pixels = np.array(side["pixels"]) * 16
    matches = np.flatnonzero(np.all(np.abs(raw.data - pixels) < 1e-9, axis=1))
    assert len(matches) >= 1 and side["true"] == raw.target[matches[0]]
    assert side["predicted"] == int(np.argmax(side["outputs"]))
    assert sum(side["outputs"]) == pytest.approx(1.0)
    assert side["layout_problems"] == []


def test_bright_output_is_brighter_than_dim_ones(digit):
    path, side = digit
    img, anchors = load_rgb(path), side["anchors"]
    out = np.array(side["outputs"])
    hi, lo = int(np.argmax(out)), int(np.argmin(out))
    assert out[hi] > 0.5 and out[lo] < 0.1
    assert brightness(img, anchors[f"output_{hi}"]) > brightness(img, anchors[f"output_{lo}"]) + 60
    # negative control: the same check with the anchors swapped fails
    assert (
        not brightness(img, anchors[f"output_{lo}"]) > brightness(img, anchors[f"output_{hi}"]) + 60
    )


def hue_count(img, xy, channel, radius=4, margin=40):
    """Pixels near ``xy`` whose ``channel`` ("blue" or "red") beats the other by ``margin``
    (edges are drawn with partial opacity, so their colour is dimmed, not exact)."""
    x, y = (int(round(v)) for v in xy)
    patch = img[y - radius : y + radius + 1, x - radius : x + radius + 1].astype(int)
    r, b = patch[..., 0], patch[..., 2]
    return int(np.sum(b - r > margin) if channel == "blue" else np.sum(r - b > margin))


def test_positive_weight_edge_is_blue(neuron):
    # weights [0.5, 0.25, -2]: edge 0 is blue, edge 2 red (sampled at their middles)
    path, side = neuron
    img, anchors = load_rgb(path), side["anchors"]
    assert hue_count(img, anchors["edge_0"], "blue") >= 3
    assert hue_count(img, anchors["edge_2"], "red") >= 3
    # negative control: swapped anchors fail the same checks
    assert hue_count(img, anchors["edge_2"], "blue") < 3
    assert hue_count(img, anchors["edge_0"], "red") < 3


def test_bad_parameters_give_clear_errors():
    with pytest.raises(ParamError, match="same length"):
        Neuron({"inputs": [1, 2], "weights": [1, 2, 3]})
    with pytest.raises(ParamError, match="dataset: unknown value 'swirl'; expected one of circle"):
        BendingSpace({"dataset": "swirl"})
    with pytest.raises(ParamError, match="width 2"):
        BendingSpace({"hidden": [3]})
    with pytest.raises(ParamError, match="one column per entry"):
        LayerAsMatrix({"x": [1, 2, 3]})


def test_cli_rejects_an_unknown_dataset(cli):
    proc = cli("render", "BendingSpace", "--set", "dataset=swirl", "--format", "png")
    assert proc.returncode == 2
    assert "expected one of circle, gauss, moons, spiral, xor" in proc.stderr
