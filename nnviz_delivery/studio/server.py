"""``nnviz studio``: bind, print the URL, open a browser if there is a display, serve until Ctrl-C.

The socket is bound here (so a port in use is one clear line, not a log), then handed to
uvicorn, whose signal handling shuts down gracefully: the app's lifespan stops every worker.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nnviz_delivery.studio.jobs import LongJobRunner

__all__ = ["StudioError", "bind", "serve", "is_loopback", "Background"]


class StudioError(Exception):
    """The studio cannot start (bad address, port in use): one line, exit status 2."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: any free port), or :class:`StudioError`."""
    if not 0 <= port <= 65535:
        raise StudioError(f"--port must be 0..65535, got {port}")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise StudioError(f"--host {host!r}: not an address here ({exc})") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == 98 or "in use" in str(exc).lower():
            raise StudioError(f"port {port} on {host} is in use; try --port {port + 1}") from None
        raise StudioError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def serve(
    host: str,
    port: int,
    workers: int,
    cache_limit: int,
    open_browser: bool = True,
    runner: LongJobRunner | None = None,
) -> int:
    """Run the studio until SIGINT/SIGTERM; returns the exit status (0 after a clean stop).

    ``runner`` runs the long jobs (default: the local engines; a render farm's otherwise).
    """

    from nnviz_delivery.studio.app import create_app
    from nnviz_delivery.watch import has_display

    sock = bind(host, port)
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    url = f"http://{'127.0.0.1' if shown in ('0.0.0.0', '[::]') else shown}:{bound_port}/"
    if not is_loopback(host):
        print(
            f"warning: --host {host} is reachable from other machines; anyone who can reach it"
            " can make this computer render",
            file=sys.stderr,
        )
    app = create_app(workers=workers, cache_limit=cache_limit, scheduler=runner, warm=True)
    server = _server(app, grace=3)
    print(f"nnviz studio: {url}  (Ctrl-C stops it)", flush=True)
    if open_browser and has_display():
        import webbrowser

        webbrowser.open(url)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the SIGINT it handled, after shutdown
        pass
    finally:
        sock.close()
    return 0


def _server(app: Any, grace: float) -> Any:
    """A uvicorn server for ``app`` that stops the app's jobs as soon as shutdown begins.

    Uvicorn waits for open connections before the app's lifespan ends; an event stream of a
    running clip would hold it until the grace period ran out (and a traceback). Cancelling
    every job first ends those streams (each gets its ``cancelled`` event) at once.
    """
    import uvicorn

    class StudioServer(uvicorn.Server):
        async def shutdown(self, sockets: Any = None) -> None:
            threading.Thread(target=app.state.pool.close, daemon=True).start()
            await super().shutdown(sockets)

    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=grace)
    return StudioServer(config)


class Background:
    """A studio on a free local port in a thread (tests, benchmarks); :meth:`stop` ends it.

    The socket listens before uvicorn starts, so a request sent at once waits in the backlog.
    """

    def __init__(self, **options: Any) -> None:

        from nnviz_delivery.studio.app import create_app

        self.app = create_app(**options)
        self.sock = bind("127.0.0.1", 0)
        self.port = self.sock.getsockname()[1]
        self.host = f"127.0.0.1:{self.port}"
        self.server = _server(self.app, grace=2)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]})
        self.thread.start()

    def stop(self) -> None:
        """Shut down (the app's lifespan stops every worker) and wait for it."""
        self.server.should_exit = True
        self.thread.join(timeout=120)  # a hang guard
        self.sock.close()
