"""Long studio jobs on a render farm: ``nnviz studio --scheduler tcp://HOST:8786``.

Clips, blog kits and explorables go to the Dask cluster through
:class:`~nnviz_delivery.farm.runner.FarmRunner`, which has the engine's ``run``/``cancel``
surface and stores results in the engine's cache layout, so they are served the same way.
Final frames stay on the local warm engines, where latency matters, and so do storyboards
(stills of a warm scene: quick, like frames).
"""

from __future__ import annotations

from typing import Any

from nnviz_delivery.preview import Engine
from nnviz_delivery.studio.jobs import Task

__all__ = ["FarmJobs", "FARM_KINDS"]

#: The studio job kinds sent to the cluster.
FARM_KINDS = ("clip", "blog", "explorable")


class FarmJobs:
    """A :class:`~nnviz_delivery.studio.jobs.LongJobRunner` for the cluster at ``scheduler``."""

    def __init__(self, scheduler: str) -> None:
        self.scheduler = scheduler

    def run(self, task: Task, engine: Engine) -> dict[str, Any]:
        if task.kind not in FARM_KINDS:
            return task.work(engine, task)
        from nnviz_delivery.farm.runner import FarmRunner

        runner = FarmRunner(self.scheduler)
        task.engine = runner  # type: ignore[assignment]  # DELETE cancels the render on its worker
        return task.work(runner, task)  # type: ignore[arg-type]  # the engine's surface
