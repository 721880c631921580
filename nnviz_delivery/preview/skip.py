"""A final frame pays nothing for the animations it skips.

Manim skips animations when it only saves the last frame (``-s``), but each skipped ``play``
still begins every animation (deep copies of the mobjects: Transform, Write, FadeIn...), paints
the static mobjects into a frame, and paints a frame for every ``wait``. None of that reaches
the saved picture. :func:`still_skipping` replaces the Cairo renderer's ``play`` for still
output only: introducers (FadeIn, Create, Write, GrowArrow...) whose end state is the mobject
as given are simply added, removers (FadeOut, Uncreate...) simply removed, and a
``ReplacementTransform(old, new)`` simply puts ``new`` in ``old``'s place (Manim never changes
``new`` itself: it morphs ``old`` towards a copy). Other animations run as Manim skips them
(begin, one step to the end, finish), and nothing is painted.
The scene time, play count and sections advance exactly as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["still_skipping", "ends_as_given"]


def ends_as_given(animation: Any) -> bool:
    """True if the animation ends with its mobject untouched, removed, or replaced by its target.

    Only plain introducers, removers and ``ReplacementTransform`` qualify (not groups, not
    ``.animate`` builders), without updaters, and only with a rate function that ends at 1
    (``there_and_back`` would end elsewhere).
    """
    from manim import AnimationGroup, ReplacementTransform

    if isinstance(animation, AnimationGroup) or animation.mobject is None:
        return False
    replaces = type(animation) is ReplacementTransform
    if not (animation.is_introducer() or animation.is_remover() or replaces):
        return False
    if replaces and animation.target_mobject.get_family_updaters():
        return False
    if animation.mobject.get_family_updaters():
        return False  # updaters would act during the animation: let Manim run it
    try:
        return abs(float(animation.rate_func(1.0)) - 1.0) < 1e-9
    except Exception:  # an odd rate function: let Manim run it
        return False


def _still_play(original: Any) -> Any:
    def play(self: Any, scene: Any, *args: Any, **kwargs: Any) -> None:
        from manim import config

        if not self.file_writer.output_spec.is_still or config.from_animation_number > 0:
            return original(self, scene, *args, **kwargs)
        self.skip_animations = self._original_skipping_status
        self.update_skipping_status()  # sections and -n limits, as Manim does
        scene.compile_animation_data(*args, **kwargs)
        self.time += scene.duration
        self.file_writer.add_partial_movie_file(None)
        self.animations_hashes.append(None)
        self.file_writer.begin_animation(False, animation_index=self.num_plays)
        animations = list(scene.animations)
        quick = [a for a in animations if ends_as_given(a)]
        rest = [a for a in animations if a not in quick]
        for animation in animations:
            animation._setup_scene(scene)
        for animation in rest:
            animation.begin()
        scene.animations = rest
        if rest:
            scene.play_internal(skip_rendering=True)  # one step to the end, finish, clean up
        else:
            scene.update_to_time(scene.duration)  # scene updaters still see the time pass
        for animation in quick:
            if animation.is_remover():  # its mobject was never changed: only remove it
                scene.remove(animation.mobject)
            elif not animation.is_introducer():  # a ReplacementTransform
                scene.replace(animation.mobject, animation.target_mobject)
        scene.animations = animations
        self.static_image = None
        self.file_writer.end_animation(False)
        self.num_plays += 1

    play.nnviz_still = True
    return play


@contextmanager
def still_skipping() -> Iterator[None]:
    """Within this block, skipped plays of still (``-s``) renders cost almost nothing."""
    from manim.renderer.cairo_renderer import CairoRenderer

    original = CairoRenderer.play
    if getattr(original, "nnviz_still", False):  # already installed (nested render)
        yield
        return
    CairoRenderer.play = _still_play(original)
    try:
        yield
    finally:
        CairoRenderer.play = original
