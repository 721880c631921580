"""nnviz.calculus: the hand-written Jacobians against torch autograd, and the linear
approximation's error shrinking like the square of the distance."""

import numpy as np
import pytest
import torch

from nnviz.calculus import PLANE_MAPS, linearize, plane_map

TORCH_MAPS = {
    "wave": lambda p: torch.stack([p[0] + 0.5 * torch.sin(p[1]), p[1] + 0.5 * torch.sin(p[0])]),
    "square": lambda p: torch.stack([(p[0] ** 2 - p[1] ** 2) / 2, p[0] * p[1]]),
    "tanh_layer": lambda p: torch.tanh(
        torch.tensor([[0.8, -0.6], [0.5, 0.9]], dtype=torch.float64) @ p
        + torch.tensor([0.2, -0.1], dtype=torch.float64)
    ),
}


@pytest.mark.parametrize("name", sorted(PLANE_MAPS))
@pytest.mark.parametrize("point", [[0.3, -1.2], [1.5, 0.7], [-2.0, 2.5]])
def test_map_and_jacobian_match_torch(name, point):
    m = plane_map(name)
    p = torch.tensor(point, dtype=torch.float64)
    np.testing.assert_allclose(m(point), TORCH_MAPS[name](p).numpy(), atol=1e-12)
    J = torch.autograd.functional.jacobian(TORCH_MAPS[name], p).numpy()
    np.testing.assert_allclose(m.jacobian(point), J, atol=1e-12)


@pytest.mark.parametrize("name", sorted(PLANE_MAPS))
def test_linear_approximation_error_is_second_order(name):
    m, p = plane_map(name), np.array([0.7, -0.4])
    d = np.array([[0.6, 0.8]])
    errs = [np.abs(m(p + r * d) - linearize(m, p, p + r * d)).max() for r in (1e-1, 1e-2)]
    assert errs[1] < errs[0] / 50  # ~ r²: ten times closer, a hundred times smaller


def test_unknown_map_names_the_choices():
    with pytest.raises(ValueError, match="wave"):
        plane_map("swirl")
