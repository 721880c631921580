"""The studio: a local web app to change a scene's numbers in the browser and watch it move.

``nnviz studio`` serves the page (``static/``) and a small JSON API (see the README, "The
studio") with Starlette under uvicorn. Renders run on a pool of warm preview engines
(:mod:`nnviz_delivery.studio.jobs`); validation runs in-process with the scene's own
``validate``. Importing this package imports neither Starlette nor the scenes.
"""

__all__ = ["create_app"]


def create_app(*args, **kwargs):  # noqa: ANN002, ANN003, ANN201 - re-exported lazily
    """The Starlette app (see :func:`nnviz_delivery.studio.app.create_app`)."""
    from nnviz_delivery.studio.app import create_app as make

    return make(*args, **kwargs)
