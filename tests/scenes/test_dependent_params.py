"""Scene parameters that are read only under another parameter's value are declared so.

``DEPENDENCIES`` is the audit of every scene's ``construct`` (which parameters it reads under an
``if`` on another one); a scene that gains such a parameter without declaring ``only_when``
fails here until the table and the declaration agree.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.sampling import CLOUDS
from nnviz.space3d import CLOUDS as CLOUDS_3D
from nnviz_kit.params import ParamError
from scenes import registry

NAMED = tuple(CLOUDS)
NAMED_3D = tuple(CLOUDS_3D)
#: scene -> {parameter: (controlling parameter, values under which the scene reads it)}
DEPENDENCIES = {
    "SeFaDirections": {"weight": ("layer", ("custom",))},
    "CovariancePCA": {
        "points": ("dataset", ("custom",)),
        "n": ("dataset", NAMED),
        "seed": ("dataset", NAMED),
    },
    "PCA3D": {
        "points": ("dataset", ("points",)),
        "n": ("dataset", NAMED_3D),
        "seed": ("dataset", NAMED_3D),
    },
}
#: a valid value, other than the default, for each dependent parameter
VALUES = {
    "weight": [[3, 4], [0, 1]],
    "points": [[0, 0], [1, 2], [2, 1], [3, 3]],
    "n": 20,
    "seed": 7,
}
VALUES_3D = {**VALUES, "points": [[0, 0, 0], [1, 2, 0], [2, 1, 1], [3, 3, 2]]}


def value(scene: str, param: str) -> object:
    return (VALUES_3D if scene.endswith("3D") else VALUES)[param]


PAIRS = [(s, p, *cond) for s, deps in DEPENDENCIES.items() for p, cond in deps.items()]


def test_every_scene_declares_exactly_the_audited_dependencies():
    declared = {
        name: {p.name: p.only_when for p in cls.PARAMS if p.only_when is not None}
        for name, cls in registry.scenes().items()
    }
    assert {k: v for k, v in declared.items() if v} == DEPENDENCIES


@pytest.mark.parametrize("scene, param, other, allowed", PAIRS)
def test_a_value_outside_its_condition_is_refused(scene, param, other, allowed):
    cls = registry.get(scene)
    choices = next(p for p in cls.PARAMS if p.name == other).choices
    for outside in set(choices) - set(allowed):
        with pytest.raises(ParamError, match=f"^{param}: used only when {other}"):
            cls.validate({other: outside, param: value(scene, param)})


@pytest.mark.parametrize("scene, param, other, allowed", PAIRS)
def test_a_value_alone_is_used(scene, param, other, allowed):
    cls = registry.get(scene)
    out = cls.validate({param: value(scene, param)})
    assert out[other] in allowed  # selected, or already the default
    assert np.array_equal(out[param], value(scene, param))
    for inside in allowed:
        assert cls.validate({other: inside, param: value(scene, param)})[other] == inside


def test_giving_weight_selects_the_custom_layer_and_the_sidecar_says_so(render_scene):
    weight = [[3, 4], [0, 1]]
    _, sidecar = render_scene("SeFaDirections", {"weight": weight})
    assert sidecar["params"]["layer"] == "custom"
    assert sidecar["params"]["weight"] == weight
    assert sidecar["weight"] == weight  # the layer drawn is the one given
    # negative control: without weight the random 8×5 layer is drawn, not the given one
    _, random = render_scene("SeFaDirections", {})
    assert random["params"]["layer"] == "random"
    assert np.shape(random["weight"]) == (8, 5)
