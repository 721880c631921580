"""A real studio server for tests (uvicorn in a thread on a free port) and a raw HTTP client."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any

from nnviz_delivery.studio.server import Background

__all__ = ["Studio", "running_studio"]


class Studio(Background):
    """A running studio (workers default to 1) with a client that can forge any header."""

    def __init__(self, workers: int = 1, **options: Any) -> None:
        super().__init__(workers=workers, **options)

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        raw: bytes | None = None,
        timeout: float = 600,
    ) -> tuple[int, dict[str, str], bytes]:
        """``(status, headers, body)``; ``body`` is sent as JSON, ``raw`` as it is."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        sent = {"Host": self.host, **(headers or {})}
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        if data is not None:
            sent.setdefault("Content-Type", "application/json")
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for key, value in sent.items():
            conn.putheader(key, value)
        if data is not None and "Content-Length" not in sent:
            conn.putheader("Content-Length", str(len(data)))
        conn.endheaders(data)
        response = conn.getresponse()
        out = response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        conn.close()
        return out

    def json(self, method: str, path: str, body: Any = None, **kw: Any) -> tuple[int, Any]:
        status, _, data = self.request(method, path, body, **kw)
        return status, json.loads(data) if data else None

    def events(self, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """Server-sent events from ``path`` until the stream ends."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        conn.request("GET", path, headers={"Host": self.host})
        response = conn.getresponse()
        assert response.status == 200, response.read()
        name = None
        for line in response:
            text = line.decode().rstrip("\n")
            if text.startswith("event: "):
                name = text[7:]
            elif text.startswith("data: "):
                yield name, json.loads(text[6:])
        conn.close()


def running_studio(**options: Any) -> Iterator[Studio]:
    """A fixture body: a studio for the test, stopped (workers and all) after it."""
    studio = Studio(**options)
    try:
        yield studio
    finally:
        studio.stop()
