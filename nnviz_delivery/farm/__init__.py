"""The render farm: clips rendered on a Dask cluster, published here (issue "Render farm").

Make stays the dependency engine (what is stale); the cluster is the compute engine (where
it runs). This package's top level imports no Dask: only :mod:`.client` and :mod:`.runner`
do, and only when a scheduler is given (``--scheduler``, ``NNVIZ_SCHEDULER``, make's
``SCHEDULER``). Modules: :mod:`.version` (what "the same code" means), :mod:`.task` (what
a worker runs), :mod:`.client` (submit, fetch the bytes, publish), :mod:`.runner` (the
studio's long jobs).
"""

from __future__ import annotations

import os

__all__ = ["ENV", "FarmError", "scheduler_address"]

#: The environment variable that sends renders to a cluster (make's SCHEDULER sets it).
ENV = "NNVIZ_SCHEDULER"


class FarmError(RuntimeError):
    """The cluster could not do the job (unreachable, refused, the render failed): one line."""


def scheduler_address(given: str | None = None) -> str | None:
    """The scheduler to use: ``given`` (``--scheduler``), else ``$NNVIZ_SCHEDULER``, else None."""
    address = given if given is not None else os.environ.get(ENV, "")
    return address.strip() or None
