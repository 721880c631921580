"""nnviz scenes: the lecture scene classes and their registry.

Layers (imports point down only): delivery (:mod:`nnviz_delivery`: the ``nnviz`` command,
Makefile, studio) -> scene modules (this package) -> :mod:`nnviz_kit` (reusable drawing blocks)
-> :mod:`nnviz` (numeric core, no manim).
"""
