"""Lecture 5 end to end: sidecar numbers against torch autograd, closed forms and plain numpy;
pictures against the sidecar; divergence and bad names reported, not crashed on."""

import numpy as np
import pytest
import torch

from nnviz_kit.params import ParamError
from scenes.learning import Backpropagation, CostFunction, GradientDescent
from tests.pictures import load_rgb

pytestmark = pytest.mark.render


def test_cost_function_slopes_match_the_closed_form(render_scene):
    x, b, y = 2.0, 0.5, 0.9
    _, side = render_scene("CostFunction", {"w_range": [-2, 6], "x": x, "b": b, "y": y})
    for s in side["samples"]:
        a = 1 / (1 + np.exp(-(s["w"] * x + b)))
        assert s["cost"] == pytest.approx(0.5 * (a - y) ** 2)
        assert s["slope"] == pytest.approx((a - y) * a * (1 - a) * x)
    assert side["layout_problems"] == []


def quadratic_A():
    c, s = np.cos(np.pi / 6), np.sin(np.pi / 6)
    R = np.array([[c, -s], [s, c]])
    return R @ np.diag([1.0, 10.0]) @ R.T


def test_gradient_descent_path_is_plain_numpy_descent(render_scene):
    _, side = render_scene(
        "GradientDescent", {"lr": 0.05, "method": "gd", "steps": 10, "start": [2, -1]}
    )
    A, p = quadratic_A(), np.array([2.0, -1.0])
    expected = [p]
    for _ in range(10):
        p = p - 0.05 * A @ p
        expected.append(p)
    path = side["paths"]["gd"]
    np.testing.assert_allclose(path["points"], expected, atol=1e-12)
    assert not path["diverged"]
    assert side["layout_problems"] == []


def test_a_diverging_learning_rate_is_reported(render_scene):
    # λ_max = 10, so any lr > 0.2 diverges on the bowl
    path, side = render_scene("GradientDescent", {"lr": 0.3, "method": "gd"})
    assert side["paths"]["gd"]["diverged"]
    assert side["layout_problems"] == []
    img = load_rgb(path)
    assert img[-60:].max() > 200  # the divergence note is drawn along the bottom


def test_chain_rule_factors_match_torch(render_scene):
    w, b, a_prev, y = -1.2, 0.3, 0.4, 0.0
    _, side = render_scene("ChainRule", {"w": w, "b": b, "a_prev": a_prev, "y": y})
    tw = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    z = tw * a_prev + b
    a = torch.sigmoid(z)
    C = 0.5 * (a - y) ** 2
    C.backward()
    assert side["dC_dw"] == pytest.approx(tw.grad.item())
    assert side["dz_dw"] * side["da_dz"] * side["dC_da"] == pytest.approx(tw.grad.item())
    assert side["finite_difference"] == pytest.approx(tw.grad.item(), rel=1e-6)
    assert side["layout_problems"] == []


def test_local_linearity_jacobian_matches_torch(render_scene):
    path, side = render_scene("LocalLinearity", {"map": "square", "point": [1.5, -1]})
    f = lambda p: torch.stack([(p[0] ** 2 - p[1] ** 2) / 2, p[0] * p[1]])  # noqa: E731
    J = torch.autograd.functional.jacobian(f, torch.tensor([1.5, -1.0], dtype=torch.float64))
    np.testing.assert_allclose(side["jacobian"], J.numpy())
    assert side["max_gap"] < 0.05
    assert side["layout_problems"] == []
    # the zoomed grid fills its region (left of the legend, below the note) in one direction
    img = load_rgb(path)
    h, w, _ = img.shape
    x0, x1 = round(w * 0.5 / 14.222), round(w * (1.6 + 7.111) / 14.222)
    y0, y1 = round(h * 1.2 / 8), round(h * 7.5 / 8)
    ys, xs = np.nonzero(img[y0:y1, x0:x1].max(axis=-1) > 80)
    fill = max((xs.max() - xs.min()) / (x1 - x0), (ys.max() - ys.min()) / (y1 - y0))
    assert fill > 0.8
    assert len(xs) < 0.3 * (x1 - x0) * (y1 - y0)  # control: a grid, not a filled block
    anchor = side["anchors"]["zoom_center"]
    assert x0 < anchor[0] < x1 and y0 < anchor[1] < y1


def test_backpropagation_matches_torch(render_scene):
    x, y = [1.0, 0.0, -1.0], [1.0]
    _, side = render_scene("Backpropagation", {"sizes": [3, 2, 1], "x": x, "y": y, "seed": 2})
    Ws = [torch.tensor(w, dtype=torch.float64, requires_grad=True) for w in side["weights"]]
    bs = [torch.tensor(b, dtype=torch.float64, requires_grad=True) for b in side["biases"]]
    h, zs = torch.tensor(x, dtype=torch.float64), []
    for w, b in zip(Ws, bs, strict=True):
        z = w @ h + b
        z.retain_grad()
        zs.append(z)
        h = torch.sigmoid(z)
    C = 0.5 * ((h - torch.tensor(y, dtype=torch.float64)) ** 2).sum()
    C.backward()
    assert side["cost_before"] == pytest.approx(C.item())
    for l in range(2):
        np.testing.assert_allclose(side["delta"][l], zs[l].grad.numpy(), atol=1e-12)
        np.testing.assert_allclose(side["grad_W"][l], Ws[l].grad.numpy(), atol=1e-12)
        np.testing.assert_allclose(side["grad_b"][l], bs[l].grad.numpy(), atol=1e-12)
    assert side["cost_after"] < side["cost_before"]
    assert side["layout_problems"] == []


def test_training_progress_loss_falls_and_accuracy_climbs(render_scene):
    _, side = render_scene("TrainingProgress", {"epochs": 3})
    loss, acc = np.array(side["loss"]), np.array(side["accuracy"])
    assert len(loss) == 4 and loss[-1] < loss[0] and acc[-1] > acc[0]
    assert side["layout_problems"] == []


def test_gradient_descent_start_must_lie_in_the_functions_box():
    from nnviz.optimize import SURFACES, surface

    for name in SURFACES:  # the default start is inside every box
        (x0, x1), (y0, y1) = surface(name).box
        start = GradientDescent({"function": name}).params["start"]
        assert x0 <= start[0] <= x1 and y0 <= start[1] <= y1
    given = GradientDescent({"function": "rosenbrock", "lr": 0.5, "start": [1, 2]}).params
    assert given["lr"] == 0.5 and given["start"].tolist() == [1.0, 2.0]  # used as given
    with pytest.raises(ParamError, match=r"start: must lie inside the quadratic function's box"):
        GradientDescent({"start": [-2.4, 1.5]})
    with pytest.raises(ParamError, match=r"start: must lie inside"):  # refused before any render
        GradientDescent.validate({"start": [-2.4, 1.5]})
    with pytest.raises(ParamError, match=r"rosenbrock function's box \[-2, 2\] × \[-1, 3\]"):
        GradientDescent({"function": "rosenbrock", "start": [0, -1.5]})


def test_bad_parameters_give_clear_errors():
    with pytest.raises(ParamError, match="x must have 2 entries"):
        Backpropagation({"x": [1.0, 2.0, 3.0]})
    with pytest.raises(ParamError, match="w_range"):
        CostFunction({"w_range": [3, 1]})


def test_cli_rejects_an_unknown_function(cli):
    proc = cli("render", "GradientDescent", "--set", "function=banana", "--format", "png")
    assert proc.returncode == 2
    assert "expected one of himmelblau, quadratic, rosenbrock, saddle" in proc.stderr
