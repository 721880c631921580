"""Request safety: Host and Origin checks (DNS rebinding, cross-site posts), body cap, names."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["MAX_BODY", "HostOriginGuard", "BadRequest", "read_json", "error"]

#: Largest request body read (bytes); the parameters of any scene fit in a few kilobytes.
MAX_BODY = 64 * 1024
_LOCAL_NAMES = ("localhost", "127.0.0.1")
_UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class BadRequest(Exception):
    """A request refused with ``status`` and a one-line ``message`` (and maybe ``param``)."""

    def __init__(self, status: int, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.param = status, message, param


def error(
    status: int, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    """``{"error": one line, ...}`` with ``status``."""
    body = {"error": " ".join(message.split()), **extra}
    return JSONResponse(body, status_code=status, headers=headers)


def allowed_hosts(scope: Scope) -> set[str]:
    """Host headers this server answers: its bound address, localhost, 127.0.0.1 (with port)."""
    server = scope.get("server") or ("127.0.0.1", None)
    host, port = server[0], server[1]
    names = {host, *_LOCAL_NAMES, f"[{host}]" if ":" in str(host) else host}
    out = {f"{name}:{port}" for name in names} if port else set()
    if port in (80, None):
        out |= names
    return out


class HostOriginGuard:
    """403 for a foreign ``Host`` (any request) or a foreign ``Origin`` on a state change."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = {
                k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]
            }
            host = headers.get("host", "").lower()
            if host not in allowed_hosts(scope):
                await error(403, f"host {host[:80]!r} is not this studio")(scope, receive, send)
                return
            origin = headers.get("origin")
            if scope["method"] in _UNSAFE_METHODS and origin is not None:
                if origin.lower() not in (f"http://{host}", f"https://{host}"):
                    msg = f"requests from {origin[:80]!r} may not change anything here"
                    await error(403, msg)(scope, receive, send)
                    return
        await self.app(scope, receive, send)


async def read_json(request: Request) -> dict[str, Any]:
    """The body as a JSON object, read with a cap (:data:`MAX_BODY`), or :class:`BadRequest`."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise BadRequest(413, f"request body larger than {MAX_BODY} bytes")
    body = bytearray()
    async for chunk in request.stream():  # the declared length is not trusted
        body += chunk
        if len(body) > MAX_BODY:
            raise BadRequest(413, f"request body larger than {MAX_BODY} bytes")
    try:
        data = json.loads(body.decode("utf-8"))
    except RecursionError:
        raise BadRequest(400, "request body nested too deeply") from None
    except (UnicodeDecodeError, ValueError) as exc:
        reason = " ".join(str(exc).split())[:200]
        raise BadRequest(400, f"request body is not JSON ({reason})") from None
    if not isinstance(data, dict):
        raise BadRequest(400, f"request body must be a JSON object, got {type(data).__name__}")
    return data
