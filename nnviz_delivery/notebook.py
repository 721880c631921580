"""Use nnviz scenes in Jupyter with Manim's ``%%manim`` magic, with your own parameters.

``%%manim`` builds the scene class with no arguments, so parameters go on a subclass::

    from scenes.linear_maps import LinearMap
    from nnviz_delivery.notebook import with_params
    Shear = with_params(LinearMap, "Shear", matrix=[[1, 1], [0, 1]])

    %%manim -ql -s Shear

See ``examples/notebook.ipynb``.
"""

from __future__ import annotations

from typing import Any

from nnviz_kit.base import NNVizScene

__all__ = ["with_params"]


def with_params(scene: type[NNVizScene], name: str | None = None, **params: Any) -> type:
    """A subclass of ``scene`` whose defaults are ``params`` (checked now, not at render time).

    >>> from scenes.linear_maps import LinearMap
    >>> Shear = with_params(LinearMap, "Shear", matrix=[[1, 1], [0, 1]])
    >>> Shear().params["matrix"].tolist()
    [[1.0, 1.0], [0.0, 1.0]]
    """
    scene.validate(params)
    fixed = dict(params)

    def __init__(self: NNVizScene, params: dict[str, Any] | None = None, **kwargs: Any) -> None:
        scene.__init__(self, {**fixed, **(params or {})}, **kwargs)

    return type(
        name or scene.__name__,
        (scene,),
        {"__init__": __init__, "__module__": scene.__module__, "__doc__": scene.__doc__},
    )
