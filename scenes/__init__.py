"""nnviz scenes: Manim scene classes that animate numbers computed by :mod:`nnviz`.

Layers (imports point down only): delivery (``python -m scenes``, Makefile) -> scene modules
-> ``scenes.kit`` (reusable drawing blocks) -> ``nnviz`` (numeric core, no manim).
"""
