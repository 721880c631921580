"""nnviz: the tested numeric core behind the nnviz animations.

numpy only (it never imports manim): arrays in, arrays out, float64 throughout,
and small frozen dataclasses where a result has several parts.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
