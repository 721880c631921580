"""A new topic from the kit alone: a shear keeps î and slides a vector sideways."""

import numpy as np
from manim import Create, FadeIn, GrowArrow

import nnviz_kit as kit
from nnviz import linalg
from nnviz_kit.params import Array, Number
from nnviz_kit.style import VECTOR

__all__ = ["ShearAVector"]


class ShearAVector(kit.NNVizScene):
    """Shear by ``k`` (number), moving ``vector`` (2,). Example: ``nnviz render
    examples/new_topic.py:ShearAVector --set 'k=-1.5' --format png``"""

    TITLE = "A shear"
    CAPTION = "A shear keeps î where it is and slides everything else sideways."
    PARAMS = (Number("k", default=1.0, minimum=-3, maximum=3), Array("vector", default=[1, 2]))

    def construct(self) -> None:
        m, v = linalg.shear(self.params["k"]), self.params["vector"]
        image = linalg.apply(m, v)
        self.record(matrix=m, image=image)
        view = kit.fit_view(np.vstack([v, image, m.T]), region=kit.frame_region(left=3.4))
        plane = kit.TransformablePlane(view, extent=3.0)
        arrow = plane.add_vector(v, VECTOR)
        box = kit.panel(kit.named_matrix("S =", m))
        self.play(FadeIn(plane.background), Create(plane.grid), FadeIn(box))
        self.play(GrowArrow(plane.i_hat), GrowArrow(plane.j_hat), GrowArrow(arrow))
        self.caption(self.CAPTION)
        self.play(*plane.transform(m), run_time=2)
        self.play(FadeIn(kit.vector_label(view, image)))
        self.anchor("vector_tip", arrow.get_end)
        self.wait(1)
