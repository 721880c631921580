"""The studio's routes: the page, the JSON API and finished files (see README, "The studio")."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from nnviz_delivery.preview.job import CACHE_LIMIT
from nnviz_delivery.studio import kinds
from nnviz_delivery.studio.files import Published, resolve_url, serve_file
from nnviz_delivery.studio.jobs import FRAME, LONG, POSTER, Busy, LongJobRunner, Pool, Task
from nnviz_delivery.studio.security import BadRequest, HostOriginGuard, error, read_json

__all__ = ["create_app", "STATIC"]

STATIC = Path(__file__).with_name("static")
#: The colours of every nnviz page, kept once with the gallery's assets.
PALETTE = Path(__file__).parent.parent / "player" / "palette.css"
#: Default quality of each job kind.
_QUALITY = {
    "frame": "low",
    "storyboard": "low",
    "clip": "low",
    "blog": "medium",
    "explorable": "low",
}
_RETRY_AFTER = "1"
#: The fields each POST takes (a field the server would not read is refused, never ignored).
_FIELDS = {
    "validate": ("scene", "params"),
    "frame": ("scene", "params"),
    "storyboard": ("scene", "params", "quality"),
    "clip": ("scene", "params", "quality"),
    "blog": ("scene", "params", "quality"),
    "explorable": ("scene", "params", "quality", "param", "values", "title"),
}


def _scene(name: Any) -> type:
    """A registered scene class by exact name; anything else (paths, modules) is 404."""
    from nnviz_kit.params import ParamError
    from scenes import registry

    known = registry.scenes()
    if isinstance(name, str) and name in known:
        return known[name]
    if not isinstance(name, str) or registry.is_file_spec(name):
        raise BadRequest(404, "only registered scenes render here; see GET /api/scenes")
    try:
        registry.get(name)
    except ParamError as exc:  # unknown: the CLI's own line, with its suggestion
        raise BadRequest(404, str(exc)) from None
    raise BadRequest(404, "only registered scenes render here")  # pragma: no cover


def _validated(cls: type, given: Any) -> dict[str, Any]:
    """``cls.validate`` in-process, as JSON values; a bad value is 422 naming the parameter."""
    from nnviz_kit.params import ParamError, to_jsonable

    if not isinstance(given, dict):
        raise BadRequest(400, f'"params" must be a JSON object, got {type(given).__name__}')
    try:
        return to_jsonable(cls.validate(given))
    except ParamError as exc:
        line = " ".join(str(exc).split())
        raise BadRequest(422, line, _param_of(cls, line)) from None
    except RecursionError:
        raise BadRequest(422, "parameters nested too deeply") from None


def _param_of(cls: type, line: str) -> str | None:
    """The parameter an error line is about (``name: ...``), or None."""
    head = line.split(":", 1)[0]
    return head if head in {p.name for p in cls.PARAMS} else None


def _quality(body: dict[str, Any], kind: str) -> str:
    from nnviz_delivery.render import QUALITIES

    quality = body.get("quality", _QUALITY[kind])
    if quality not in QUALITIES:
        raise BadRequest(400, f'"quality" must be one of {", ".join(QUALITIES)}')
    return quality


async def _request(request: Request, kind: str) -> tuple[type, dict[str, Any], dict[str, Any]]:
    """(scene class, validated params, body) of a POST to ``/api/<kind>``, or :class:`BadRequest`."""
    body = await read_json(request)
    unknown = sorted(set(body) - set(_FIELDS[kind]))
    if unknown:
        raise BadRequest(
            400, f'unknown field "{unknown[0][:40]}"; /api/{kind} takes: {", ".join(_FIELDS[kind])}'
        )
    if "scene" not in body:
        raise BadRequest(400, 'the body needs "scene" (a scene name)')
    cls = _scene(body["scene"])
    return cls, _validated(cls, body.get("params", {})), body


def _client(request: Request) -> str:
    given = request.headers.get("x-nnviz-client", "")[:64]
    return given or (request.client.host if request.client else "?")


async def _until_disconnect(request: Request) -> None:
    """Return when the client goes away (the body was read already)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


# -- routes ------------------------------------------------------------------------------
async def index(request: Request) -> Response:
    page = STATIC / "index.html"
    if not page.is_file():
        return error(404, "the studio page is not installed")
    return FileResponse(page)


async def palette(request: Request) -> Response:
    return FileResponse(PALETTE, media_type="text/css")


async def scenes(request: Request) -> Response:
    data = request.app.state.listing
    return JSONResponse({**data, "poster": "/api/posters/{name}"})


async def validate(request: Request) -> Response:
    cls, params, _ = await _request(request, "validate")
    return JSONResponse({"params": params})


async def frame(request: Request) -> Response:
    cls, params, _ = await _request(request, "frame")
    work = kinds.frame(cls.__name__, params)
    task = _submit(request, Task("frame", _client(request), work, FRAME))
    waiter = asyncio.ensure_future(task.result())
    gone = asyncio.ensure_future(_until_disconnect(request))
    await asyncio.wait({waiter, gone}, return_when=asyncio.FIRST_COMPLETED)
    gone.cancel()
    if not waiter.done():  # the page moved on: the latest edit wins
        request.app.state.pool.drop(task)
        waiter.cancel()
        return Response(status_code=204)
    name, data = waiter.result()
    if name == "done":
        return JSONResponse(data)
    if name == "cancelled":
        return error(503, "the render was stopped", headers={"Retry-After": _RETRY_AFTER})
    return error(500, data["error"])


def _submit(request: Request, task: Task) -> Task:
    try:
        return request.app.state.pool.submit(task)
    except Busy as exc:
        raise BadRequest(503, str(exc)) from None


async def poster(request: Request) -> Response:
    cls = _scene(request.path_params["name"])
    state = request.app.state
    url = state.posters.get(cls.__name__)
    if url is not None and resolve_url(url, state.published) is None:
        url = None  # evicted from the cache since: render it again
    if url is None:
        task = state.poster_tasks.get(cls.__name__)
        if task is None or task.finished.is_set():
            work = kinds.frame(cls.__name__, _validated(cls, {}))
            task = _submit(request, Task("poster", "posters", work, POSTER))
            state.poster_tasks[cls.__name__] = task
        name, data = await task.result()
        if name != "done":
            why = data.get("error", "the poster was not made")
            return error(503, why, headers={"Retry-After": _RETRY_AFTER})
        url = state.posters[cls.__name__] = data["png"]
    return RedirectResponse(url, status_code=302)


def _job(request: Request, kind: str, work: Any) -> Response:
    task = _submit(request, Task(kind, _client(request), work, LONG))
    return JSONResponse({"job": task.id, "events": f"/api/jobs/{task.id}/events"}, status_code=202)


async def long_job(request: Request) -> Response:
    kind = request.path_params["kind"]
    if kind not in ("storyboard", "clip", "blog", "explorable"):
        raise BadRequest(404, f"no endpoint /api/{kind[:40]}")
    cls, params, body = await _request(request, kind)
    quality = _quality(body, kind)
    name = cls.__name__
    if kind == "blog":
        from nnviz_delivery.paths import renders_dir
        from nnviz_delivery.render import clip_name

        kit_dir = renders_dir() / "blog" / clip_name(cls, params)
        return _job(request, kind, kinds.blog(name, params, quality, kit_dir))
    if kind == "explorable":
        return _explorable(request, cls, params, body, quality)
    make = {"storyboard": kinds.storyboard, "clip": kinds.clip}[kind]
    return _job(request, kind, make(name, params, quality))


def _explorable(
    request: Request, cls: type, params: dict[str, Any], body: dict[str, Any], quality: str
) -> Response:
    from nnviz_delivery.explorable import check_out_dir, explorable_dir, variant_params
    from nnviz_kit.params import ParamError

    param, values, title = body.get("param"), body.get("values"), body.get("title")
    if title is not None and not isinstance(title, str):
        raise BadRequest(400, '"title" must be text')
    try:  # the explorable's own checks: a Number parameter, 2..9 different valid values
        variant_params(cls, params, param, values)
        out_dir = explorable_dir(cls, params, param)
        check_out_dir(out_dir)
    except ParamError as exc:
        line = " ".join(str(exc).split())
        raise BadRequest(422, line, _param_of(cls, line)) from None
    work = kinds.explorable(
        cls, params, param, values, quality, title, out_dir, request.app.state.published
    )
    return _job(request, "explorable", work)


def _task(request: Request) -> Task:
    task = request.app.state.pool.jobs.get(request.path_params["job"])
    if task is None:
        raise BadRequest(404, "no such job")
    return task


async def events(request: Request) -> Response:
    task = _task(request)

    async def stream() -> AsyncIterator[str]:
        async for name, data in task.stream():
            yield f"event: {name}\ndata: {_json(data)}\n\n"

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)


def _json(data: Any) -> str:
    import json

    return json.dumps(data, separators=(",", ":"))


async def cancel(request: Request) -> Response:
    from anyio import to_thread

    task = _task(request)
    await to_thread.run_sync(request.app.state.pool.cancel, task)
    return JSONResponse({"cancelled": True})


# -- errors as one JSON line ----------------------------------------------------------------
async def _bad_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BadRequest)
    extra: dict[str, Any] = {}
    if exc.status == 422:
        extra["param"] = exc.param
    headers = {"Retry-After": _RETRY_AFTER} if exc.status == 503 else None
    return error(exc.status, exc.message, headers=headers, **extra)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return error(exc.status_code, str(exc.detail), headers=exc.headers)


def create_app(
    workers: int | None = None,
    cache_limit: int = CACHE_LIMIT,
    scheduler: LongJobRunner | None = None,
    warm: bool = False,
    max_pending: int | None = None,
) -> Starlette:
    """The studio app: ``workers`` warm engines (default: every core), a ``cache_limit``-byte
    result cache, and ``scheduler`` to run long jobs elsewhere (default: the local engines).
    ``warm`` starts every engine's worker at once instead of on the first job."""
    workers = workers or os.cpu_count() or 1

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        from anyio import to_thread

        try:
            yield
        finally:
            await to_thread.run_sync(app.state.pool.close)

    routes = [
        Route("/", index),
        Route("/api/scenes", scenes),
        Route("/api/posters/{name}", poster),
        Route("/api/validate", validate, methods=["POST"]),
        Route("/api/frame", frame, methods=["POST"]),
        Route("/api/{kind:str}", long_job, methods=["POST"]),
        Route("/api/jobs/{job}/events", events),
        Route("/api/jobs/{job}", cancel, methods=["DELETE"]),
        Route("/files/{key}/{name:path}", serve_file),
    ]
    routes.append(Route("/static/palette.css", palette))  # the gallery's, not a copy
    if STATIC.is_dir():
        routes.append(Mount("/static", StaticFiles(directory=STATIC), name="static"))
    app = Starlette(
        routes=routes,
        middleware=[Middleware(HostOriginGuard)],
        exception_handlers={BadRequest: _bad_request, HTTPException: _http_error},
        lifespan=lifespan,
    )
    app.state.pool = Pool(workers, cache_limit, scheduler, max_pending, warm)  # closed by lifespan
    from scenes import registry

    app.state.listing = {"scenes": registry.scene_specs(), "lectures": registry.lecture_groups()}
    app.state.published = Published()
    app.state.posters, app.state.poster_tasks = {}, {}
    return app
