"""The studio's HTTP API against a real uvicorn server (std http.client, so Host can be forged).

No test depends on machine speed: waits are on events (a progress event, a process exit),
with generous timeouts only as hang guards. Render tests use LinearMap frames at low quality.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import psutil
import pytest

from nnviz_delivery.cli import main
from nnviz_delivery.studio.jobs import FRAME, LONG, POSTER, Pool, Task
from tests.conftest import ROOT
from tests.delivery.studio_server import Studio, running_studio

PNG = b"\x89PNG\r\n\x1a\n"
KEY = "0123456789abcdef0123"
LINEAR = {"scene": "LinearMap", "params": {"matrix": [[2, 1], [1, 3]]}}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory, build_cache: Path):
    """Private renders/ and the session's build folder, for every studio of the module."""
    old = {k: os.environ.get(k) for k in ("NNVIZ_BUILD", "NNVIZ_RENDERS")}
    os.environ["NNVIZ_BUILD"] = str(build_cache)
    os.environ["NNVIZ_RENDERS"] = str(tmp_path_factory.mktemp("renders"))
    yield build_cache
    for key, value in old.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="module")
def studio(workspace: Path):
    yield from running_studio(workers=2)


def _one_line_error(status: int, body: bytes, want: int) -> dict:
    assert status == want, body
    data = json.loads(body)
    assert isinstance(data["error"], str) and data["error"]
    assert "\n" not in data["error"]
    return data


# -- bad requests: every class, its status and one line -------------------------------------
BAD = [
    ("POST", "/api/frame", b"{not json", 400, "not JSON"),
    ("POST", "/api/frame", b"[1, 2]", 400, "must be a JSON object"),
    ("POST", "/api/frame", b'{"params": {}}', 400, '"scene"'),
    ("POST", "/api/frame", b'{"scene": "LinearMap", "params": [1]}', 400, '"params"'),
    ("POST", "/api/frame", b"\xff\xfe", 400, "not JSON"),
    ("POST", "/api/frame", b'{"scene": "NoSuchScene"}', 404, "unknown scene"),
    ("POST", "/api/frame", b'{"scene": "LinearMapp"}', 404, "did you mean LinearMap"),
    ("POST", "/api/frame", b'{"scene": "scenes/linear_maps.py:LinearMap"}', 404, "registered"),
    ("POST", "/api/frame", b'{"scene": "scenes.linear_maps"}', 404, "unknown scene"),
    ("POST", "/api/frame", b'{"scene": "/etc/passwd"}', 404, "registered"),
    ("POST", "/api/frame", b'{"scene": 5}', 404, "registered"),
    ("POST", "/api/validate", b'{"scene": "../LinearMap"}', 404, "registered"),
    ("POST", "/api/clip", b'{"scene": "LinearMap", "quality": "8k"}', 400, '"quality"'),
    (
        "POST",
        "/api/frame",
        b'{"scene": "LinearMap", "quality": "high"}',
        400,
        'unknown field "quality"',
    ),
    ("POST", "/api/clip", b'{"scene": "LinearMap", "param": "x"}', 400, 'unknown field "param"'),
    ("POST", "/api/nothing", b'{"scene": "LinearMap"}', 404, "no endpoint"),
    ("GET", "/api/posters/NoSuchScene", None, 404, "unknown scene"),
    ("GET", "/api/posters/a:b", None, 404, "registered"),
    ("GET", "/api/jobs/nope/events", None, 404, "no such job"),
    ("DELETE", "/api/jobs/nope", None, 404, "no such job"),
    ("GET", "/no/such/page", None, 404, "Not Found"),
    ("PUT", "/api/frame", b"{}", 405, "Method Not Allowed"),
]


@pytest.mark.parametrize("method, path, raw, status, words", BAD)
def test_each_bad_request_gets_its_status_and_one_line(studio, method, path, raw, status, words):
    got, _, body = studio.request(method, path, raw=raw)
    assert words in _one_line_error(got, body, status)["error"]


INVALID = [
    ("matrix=[[1,2],[3]]", {"matrix": [[1, 2], [3]]}, "matrix"),
    ("matrix=[[1000,0],[0,1]]", {"matrix": [[1000, 0], [0, 1]]}, "matrix"),
    ("colour=[1,2]", {"colour": [1, 2]}, None),
]


@pytest.mark.parametrize("cli_set, params, param", INVALID)
def test_invalid_params_are_422_with_the_cli_line(studio, capsys, cli_set, params, param):
    assert main(["render", "LinearMap", "--set", cli_set]) == 2
    cli_line = capsys.readouterr().err.strip().removeprefix("error: ")
    for path in ("/api/validate", "/api/frame", "/api/clip", "/api/storyboard"):
        got, _, body = studio.request("POST", path, {"scene": "LinearMap", "params": params})
        data = _one_line_error(got, body, 422)
        assert data == {"error": cli_line, "param": param}


def test_validate_returns_the_validated_params(studio):
    status, data = studio.json("POST", "/api/validate", LINEAR)
    assert status == 200
    assert data["params"]["matrix"] == [[2.0, 1.0], [1.0, 3.0]]
    assert set(data["params"]) == {"matrix", "vector"}  # the default filled in


def test_explorable_requests_are_checked_before_any_job(studio):
    base = {"scene": "LinearMap", "params": {}}
    got, _, body = studio.request("POST", "/api/explorable", {**base, "param": "matrix"})
    assert "not a number parameter" in _one_line_error(got, body, 422)["error"]
    name, p = _numeric_scene(studio)
    for values, words in [([1], "got 1"), (list(range(10)), "got 10"), ("12", "got '12'")]:
        ask = {"scene": name, "params": {}, "param": p, "values": values}
        got, _, body = studio.request("POST", "/api/explorable", ask)
        assert words in _one_line_error(got, body, 422)["error"]
    ask = {"scene": name, "params": {}, "param": p, "values": [1, 10_000]}
    got, _, body = studio.request("POST", "/api/explorable", ask)
    assert _one_line_error(got, body, 422)["param"] == p  # the scene refuses the value
    assert not studio.app.state.pool.jobs  # nothing was queued


def _numeric_scene(studio) -> tuple[str, str]:
    _, data = studio.json("GET", "/api/scenes")
    for name, scene in data["scenes"].items():
        for pname, spec in scene["params"].items():
            if spec.get("kind", spec.get("type")) in ("number", "Number"):
                return name, pname
    pytest.skip("no scene has a Number parameter")


def test_bodies_over_64_kb_are_413_even_without_a_content_length(studio):
    big = json.dumps({"scene": "LinearMap", "pad": "x" * 70_000}).encode()
    got, _, body = studio.request("POST", "/api/validate", raw=big)
    _one_line_error(got, body, 413)
    # chunked: no Content-Length at all; the cap is on the bytes read
    with socket.create_connection(("127.0.0.1", studio.port)) as sock:
        head = f"POST /api/frame HTTP/1.1\r\nHost: {studio.host}\r\n"
        head += "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
        head += "Connection: close\r\n\r\n"
        sock.sendall(head.encode())
        for start in range(0, len(big), 8192):
            chunk = big[start : start + 8192]
            try:
                sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            except OSError:
                break  # the server answered and closed: fine
        else:
            sock.sendall(b"0\r\n\r\n")
        try:
            reply = sock.makefile("rb").read()
        except ConnectionResetError:  # closed with our unread bytes in its buffer: refused too
            reply = b"reset"
    assert reply.startswith(b"HTTP/1.1 413") or reply == b"reset", reply[:200]
    small = json.dumps({"scene": "NoSuchScene", "params": {"pad": "x" * 60_000}}).encode()
    got, _, body = studio.request("POST", "/api/validate", raw=small)  # negative control
    _one_line_error(got, body, 404)


# -- Host and Origin -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "host", ["evil.example:{port}", "evil.example", "127.0.0.1:1", "localhost.evil:{port}", ""]
)
def test_a_foreign_host_is_403(studio, host):
    got, _, body = studio.request(
        "GET", "/api/scenes", headers={"Host": host.format(port=studio.port)}
    )
    _one_line_error(got, body, 403)


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_local_hosts_are_served(studio, host):
    got, _, _ = studio.request(
        "GET", "/api/scenes", headers={"Host": host.format(port=studio.port)}
    )
    assert got == 200


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:1"])
@pytest.mark.parametrize("method, path", [("POST", "/api/validate"), ("DELETE", "/api/jobs/x")])
def test_a_foreign_origin_cannot_change_anything(studio, method, path, origin):
    got, _, body = studio.request(method, path, LINEAR, headers={"Origin": origin})
    _one_line_error(got, body, 403)


def test_the_studios_own_origin_may_post(studio):
    origin = {"Origin": f"http://{studio.host}"}
    assert studio.request("POST", "/api/validate", LINEAR, headers=origin)[0] == 200
    assert studio.request("GET", "/api/scenes", headers={"Origin": "http://x"})[0] == 200


# -- the scene list -------------------------------------------------------------------------
def test_scenes_are_what_nnviz_list_json_prints_grouped_by_lecture(studio, capsys):
    from scenes import registry

    assert main(["list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    status, data = studio.json("GET", "/api/scenes")
    assert status == 200
    assert data["scenes"] == listed
    assert data["poster"] == "/api/posters/{name}"
    groups = data["lectures"]
    assert [g["slug"] for g in groups[:-1]] == [lec.slug for lec in registry.lectures()]
    assert groups[-1]["slug"] == "other"
    grouped = [name for g in groups for name in g["scenes"]]
    assert set(grouped) == set(listed)  # every scene somewhere
    assert len(grouped[-len(groups[-1]["scenes"]) or len(grouped) :]) >= 0
    in_lectures = {s.name for lec in registry.lectures() for s in lec.scenes}
    assert set(groups[-1]["scenes"]) == set(listed) - in_lectures


# -- /files ---------------------------------------------------------------------------------
@pytest.fixture
def planted(workspace: Path, tmp_path: Path):
    """A finished result folder with a PNG, a secret file outside it, and an unfinished one."""
    folder = workspace / "preview" / KEY
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "frame.png").write_bytes(PNG + b"planted")
    (folder / "result.json").write_text('{"files": {}, "meta": {}}')
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    link = folder / "link.png"
    link.unlink(missing_ok=True)
    link.symlink_to(secret)
    unfinished = workspace / "preview" / ("f" * 20)
    unfinished.mkdir(exist_ok=True)
    (unfinished / "frame.png").write_bytes(PNG)
    linked_key = workspace / "preview" / ("e" * 20)
    if not linked_key.is_symlink():
        linked_key.symlink_to(folder)
    yield folder
    # The build folder is the session's: other modules check it holds no unfinished result.
    linked_key.unlink()
    shutil.rmtree(unfinished)
    shutil.rmtree(folder)


def test_a_finished_file_is_served_immutable(studio, planted):
    got, headers, body = studio.request("GET", f"/files/{KEY}/frame.png")
    assert got == 200 and body == PNG + b"planted"
    assert "immutable" in headers["cache-control"]


TRAVERSAL = [
    f"/files/{KEY}/../{KEY}/frame.png",
    f"/files/{KEY}/%2e%2e/{KEY}/frame.png",
    f"/files/{KEY}/..%2f{KEY}%2fframe.png",
    f"/files/{KEY}/%2e%2e%2f%2e%2e%2fsecret.txt",
    f"/files/{KEY}//etc/passwd",
    f"/files/{KEY}/%2fetc%2fpasswd",
    "/files/../../etc/passwd",
    f"/files/{KEY.upper()}/frame.png",
    f"/files/{KEY[:-1]}/frame.png",
    f"/files/{KEY}/link.png",  # a symlink planted in the folder
    f"/files/{'e' * 20}/frame.png",  # a symlinked key folder
    f"/files/{'f' * 20}/frame.png",  # unfinished: no manifest
    f"/files/{KEY}/.hidden",
    f"/files/{KEY}/a/b/frame.png",
    f"/files/{KEY}/frame.png%00.txt",
]


@pytest.mark.parametrize("path", TRAVERSAL)
def test_files_refuses_every_escape(studio, planted, path):
    got, _, body = studio.request("GET", path)
    assert got == 404, body
    assert b"secret" not in body


# -- the job manager's order (no engine runs: the slots are held off by the lock) ----------
def test_frames_are_round_robin_long_jobs_leave_a_slot_and_posters_come_last(workspace):
    pool = Pool(workers=2, cache_limit=10**9, max_pending=100)
    try:
        with pool._cond:  # the slots wait for this lock, so nothing is taken but by _pick
            flood = [pool.submit(Task("frame", "a", None, FRAME)) for _ in range(5)]
            other = pool.submit(Task("frame", "b", None, FRAME))
            posters = [pool.submit(Task("poster", "p", None, POSTER)) for _ in range(2)]
            longs = [pool.submit(Task("clip", "a", None, LONG)) for _ in range(2)]
            order = [pool._pick() for _ in range(10)]
            assert order[:2] == [flood[0], other]  # b's one edit does not wait for a's flood
            assert order[2:6] == flood[1:]
            assert order[6] is longs[0]
            assert order[7:9] == posters  # the second long job waits: one slot stays free
            assert order[9] is None
            pool._long_running -= 1  # the first long job ended
            assert pool._pick() is longs[1]
            pool._long_running -= 1
    finally:
        pool.close()


def test_past_the_bound_submit_is_busy_and_a_dropped_queued_task_is_cancelled(workspace):
    from nnviz_delivery.studio.jobs import Busy

    pool = Pool(workers=1, cache_limit=10**9, max_pending=3)
    try:
        with pool._cond:
            tasks = [pool.submit(Task("frame", "a", None, FRAME)) for _ in range(3)]
            with pytest.raises(Busy):
                pool.submit(Task("frame", "b", None, FRAME))
            pool.drop(tasks[1])
            assert tasks[1].final == ("cancelled", {})
            pool.submit(Task("frame", "b", None, FRAME))  # room again
            pool._stop = True  # the slots end without taking any of these
    finally:
        pool.close()
    assert all(t.final[0] == "cancelled" for t in tasks), [t.events for t in tasks]


# -- renders ---------------------------------------------------------------------------------
@pytest.mark.render
def test_a_frame_has_the_png_and_the_numbers_as_shown(studio):
    matrix = [[1.5, -0.25], [0.5, 2.0]]
    status, data = studio.json(
        "POST", "/api/frame", {"scene": "LinearMap", "params": {"matrix": matrix}}
    )
    assert status == 200, data
    assert data["numbers"]["determinant"] == pytest.approx(np.linalg.det(matrix), abs=1e-12)
    assert data["shown"]["determinant"] == "3.12"  # 3.125 as the scene shows it (2 decimals)
    assert data["params"]["matrix"] == matrix
    assert data["frames"] > 1 and data["duration"] > 0 and data["ms"] >= 0
    got, headers, png = studio.request("GET", data["png"])
    assert got == 200 and png.startswith(PNG) and headers["content-type"] == "image/png"
    again = studio.json("POST", "/api/frame", {"scene": "LinearMap", "params": {"matrix": matrix}})[
        1
    ]
    assert again["cached"] and again["png"] == data["png"]


@pytest.mark.render
def test_a_poster_redirects_to_the_default_final_frame(studio):
    got, headers, _ = studio.request("GET", "/api/posters/LinearMap")
    assert got == 302
    status, data = studio.json("POST", "/api/frame", {"scene": "LinearMap", "params": {}})
    assert headers["location"] == data["png"]


@pytest.mark.render
def test_fifty_concurrent_frames_from_ten_clients_are_200_or_503(studio):
    results: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def client(k: int) -> None:
        for j in range(5):
            body = {"scene": "LinearMap", "params": {"matrix": [[1 + k % 3, j % 2], [0, 1]]}}
            got, headers, data = studio.request(
                "POST", "/api/frame", body, headers={"X-Nnviz-Client": f"c{k}"}
            )
            with lock:
                results.append((got, headers))

    threads = [threading.Thread(target=client, args=(k,)) for k in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=1800)
    assert len(results) == 50
    assert {got for got, _ in results} <= {200, 503}
    assert all("retry-after" in h for got, h in results if got == 503)
    assert studio.request("GET", "/api/scenes")[0] == 200  # still alive and answering
    assert studio.json("POST", "/api/frame", LINEAR)[0] == 200


@pytest.mark.render
def test_a_storyboard_job_streams_progress_then_done_with_pngs(studio):
    status, job = studio.json("POST", "/api/storyboard", LINEAR)
    assert status == 202 and job["events"] == f"/api/jobs/{job['job']}/events"
    events = list(studio.events(job["events"]))
    names = [name for name, _ in events]
    assert names[-1] == "done" and "progress" in names[:-1], events
    done = events[-1][1]
    assert set(done["files"]) == {"strip", "frame", "sidecar", "storyboard"}
    assert len(done["stills"]) == len(done["steps"]) >= 1
    for url in [done["files"]["strip"], done["files"]["frame"], *done["stills"]]:
        got, _, png = studio.request("GET", url)
        assert got == 200 and png.startswith(PNG)
    late = list(studio.events(job["events"]))  # a late subscriber gets the final event
    assert late == [events[-1]]


@pytest.mark.render
def test_a_cancelled_clip_job_has_no_worker_left(studio):
    status, job = studio.json(
        "POST", "/api/clip", {**LINEAR, "params": {"matrix": [[3, 1], [0, 2]]}}
    )
    assert status == 202
    task = studio.app.state.pool.jobs[job["job"]]
    stream = studio.events(job["events"])
    for name, data in stream:  # wait until frames are being written
        assert name == "progress", data
        if data["done"] > 0:
            break
    pid = task.engine.pid
    assert pid is not None and psutil.pid_exists(pid)
    got, body = studio.json("DELETE", f"/api/jobs/{job['job']}")
    assert (got, body) == (200, {"cancelled": True})
    assert not psutil.pid_exists(pid)  # killed (and reaped) before DELETE answered
    assert [name for name, _ in stream][-1:] == ["cancelled"]
    assert studio.json("POST", "/api/frame", LINEAR)[0] == 200  # a fresh worker takes over


# -- the command -----------------------------------------------------------------------------
def _studio_process(tmp_path: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "NNVIZ_RENDERS": str(tmp_path / "r"), "NNVIZ_BUILD": str(tmp_path / "b")}
    env.pop("DISPLAY", None), env.pop("WAYLAND_DISPLAY", None)
    cmd = [sys.executable, "-m", "scenes", "studio", *args]
    return subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_a_port_in_use_is_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        proc = _studio_process(tmp_path, "--port", str(taken.getsockname()[1]))
        out, err = proc.communicate(timeout=300)
    assert proc.returncode == 2
    assert err.count("\n") == 1 and "is in use" in err and "Traceback" not in err


@pytest.mark.render
def test_ctrl_c_stops_the_studio_and_every_worker(tmp_path):
    proc = _studio_process(tmp_path, "--port", "0", "--workers", "1", "--host", "0.0.0.0")
    try:
        first = proc.stdout.readline()
        assert first.startswith("nnviz studio: http://127.0.0.1:"), first
        port = int(first.split(":")[3].split("/")[0])
        probe = Studio.__new__(Studio)
        probe.port, probe.host = port, f"127.0.0.1:{port}"
        assert probe.json("POST", "/api/frame", LINEAR)[0] == 200  # a worker is running
        children = psutil.Process(proc.pid).children(recursive=True)
        workers = [c for c in children if "resource_tracker" not in " ".join(c.cmdline())]
        assert workers
        # A long clip whose event stream is open when Ctrl-C comes: the stream must end with
        # `cancelled` at once, not hold the shutdown until uvicorn gives up (with a traceback).
        body = {"scene": "TrainingProgress", "params": {}, "quality": "high"}
        status, job = probe.json("POST", "/api/clip", body)
        assert status == 202, job
        events, rendering = [], threading.Event()

        def listen() -> None:
            for name, data in probe.events(job["events"]):
                events.append(name)
                if name == "progress" and data["done"] > 0:
                    rendering.set()

        listener = threading.Thread(target=listen)
        listener.start()
        assert rendering.wait(timeout=600), events  # a hang guard
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=300)
        listener.join(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert events[-1] == "cancelled", events
    assert "warning: --host 0.0.0.0" in err and "Traceback" not in err
    # the engine workers were stopped before the server exited: gone now, not later
    assert not [w for w in workers if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]
    # multiprocessing's resource tracker ends when it sees its parent gone: wait for that
    _, alive = psutil.wait_procs(children, timeout=60)  # a hang guard, not a bound
    assert not alive, [(p.pid, p.cmdline()) for p in alive]


# -- a dropped request stops its work ---------------------------------------------------------
class _FakeEngine:
    """Stands in for a slot's engine: records interrupts and cancels, renders nothing."""

    pid = None

    def __init__(self) -> None:
        self.interrupted = threading.Event()

    def interrupt(self) -> None:
        self.interrupted.set()

    def cancel(self) -> None:
        self.interrupted.set()

    def close(self) -> None:
        pass


def test_a_frame_request_that_goes_away_interrupts_its_render(workspace, monkeypatch):
    from nnviz_delivery.preview import Cancelled
    from nnviz_delivery.studio import kinds

    started = threading.Event()

    def blocking_frame(scene, params, quality="low"):
        def work(engine, task):
            started.set()
            assert engine.interrupted.wait(600), "never interrupted"  # a hang guard
            raise Cancelled("interrupted")

        return work

    monkeypatch.setattr(kinds, "frame", blocking_frame)
    studio = Studio(workers=1)
    fake = _FakeEngine()
    try:
        with studio.app.state.pool._cond:
            studio.app.state.pool.engines[0] = fake
        body = json.dumps(LINEAR).encode()
        with socket.create_connection(("127.0.0.1", studio.port)) as sock:
            head = f"POST /api/frame HTTP/1.1\r\nHost: {studio.host}\r\n"
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            sock.sendall(head.encode() + body)
            assert started.wait(600)
            assert not fake.interrupted.is_set()
        # the page aborted the request: the server notices and interrupts the render
        assert fake.interrupted.wait(600)
    finally:
        studio.stop()


# -- blog kits and explorables (the engine's blog kind and the explorable builder) ------------
@pytest.mark.render
def test_a_blog_job_builds_the_kit_and_publishes_it(studio):
    status, job = studio.json("POST", "/api/blog", {**LINEAR, "quality": "low"})
    assert status == 202
    events = list(studio.events(job["events"]))
    name, done = events[-1]
    assert name == "done", done
    # the render's frames, then the encoding steps (MP4, WebM, GIF, poster) say so
    stages = [data["stage"] for name, data in events if name == "progress"]
    assert stages[-1] == "encoding" and stages == sorted(
        stages, key=["rendering", "encoding"].index
    )
    assert {"clip.mp4", "poster.png", "embed.html"} <= set(done["files"])
    assert "<video" in done["embed_html"] or "<img" in done["embed_html"]
    folder = Path(done["folder"])
    for kit_name, url in done["files"].items():
        got, _, data = studio.request("GET", url)
        assert got == 200 and data == (folder / Path(url).name).read_bytes(), kit_name


@pytest.mark.render
def test_an_explorable_job_writes_a_folder_served_under_files(studio):
    name, param = _numeric_scene(studio)
    spec = studio.json("GET", "/api/scenes")[1]["scenes"][name]["params"][param]
    first = spec["default"]
    second = first + 1 if first + 1 <= spec["maximum"] else first - 1
    ask = {"scene": name, "params": {}, "param": param, "values": [first, second]}
    status, job = studio.json("POST", "/api/explorable", ask)
    assert status == 202, job
    events = list(studio.events(job["events"]))
    assert events[-1][0] == "done", events[-1]
    assert any(e[0] == "progress" and e[1]["stage"].startswith("variant") for e in events)
    got, headers, page = studio.request("GET", events[-1][1]["files"]["index"])
    assert got == 200 and headers["content-type"].startswith("text/html")
    assert (Path(events[-1][1]["folder"]) / "index.html").read_bytes() == page
