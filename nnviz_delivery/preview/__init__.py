"""The instant-preview engine: a warm render worker, a result cache and storyboards.

:class:`~nnviz_delivery.preview.engine.Engine` keeps one worker process that has imported
Manim and the scenes; it renders a final frame, a storyboard (one still after each ``play``),
a clip or a blog kit, reports progress, and caches results on disk by scene, validated
parameters, quality, what was rendered and the code version. A crash, a hang past the job's timeout or a
cancel kills the worker, never the caller; the next job starts a fresh one. An interrupt
(a newer request) makes the worker drop its render and stay warm.
"""

from nnviz_delivery.preview.engine import Cancelled, Engine, PreviewError, progress_stage
from nnviz_delivery.preview.job import WHATS, Job, Result

__all__ = ["Engine", "Job", "Result", "WHATS", "PreviewError", "Cancelled", "progress_stage"]
