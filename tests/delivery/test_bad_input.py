"""Every way in refuses bad input the same way: exit 2, one ``error:`` line, nothing written.

The battery runs the CLI in-process (``main([...])``) against a private working folder whose
whole tree is compared before and after, so a stray temporary file anywhere under it (renders,
build, ``--output`` or the current folder) fails the case. A handful run in a real process to
prove that no traceback reaches stderr.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nnviz_delivery.cli import main
from tests.conftest import ROOT

DEEP = "[" * 10_000 + "]" * 10_000
BIG_INT = "1" + "0" * 400  # parses as a Python int, too large for a float
HUGE_INT = "1" * 5000  # beyond Python's 4300-digit limit for int(text)
MANY_POINTS = "[" + ",".join(["[1,2]"] * 5000) + "]"

#: Files a case can point at as ``{d}/NAME`` (written before the "before" listing).
INPUT_FILES: dict[str, str | bytes] = {
    "empty.json": "",
    "not.json": "matrix = [[1, 2], [3, 4]]",
    "list.json": "[1, 2]",
    "number.json": "3",
    "string.json": '"matrix"',
    "null.json": "null",
    "junk.json": '{"matrix": {"a": [1, {"b": null}]}}',
    "deep.json": '{"matrix": ' + DEEP + "}",
    "dupes.json": '{"vector": [1, 2], "vector": [3, 4]}',
    "unknown.json": '{"colour": [1, 2]}',
    "vector.json": '{"vector": [1, 2]}',
    "bom.json": "\ufeff{}",
    "nan.json": '{"vector": [NaN, 1]}',
    "latin1.json": b'{"vector": [1, 2], "note": "caf\xe9"}',
    "huge.json": '{"vector": [1, 2], "pad": "' + "x" * 1_100_000 + '"}',
    "afile": "not a folder",
    "syntax.py": "def broken(:\n",
    "raises.py": "raise ValueError('boom at import')\n",
    "exits.py": "import sys\nsys.exit(3)\n",
    "noisy.py": "import sys\nprint('hello')\nprint('warn', file=sys.stderr)\nraise RuntimeError('x')\n",
    "noscene.py": "class Plain:\n    pass\n",
    "base.py": "from nnviz_kit.base import NNVizScene\n",
    "badparams.py": (
        "from nnviz_kit.base import NNVizScene\nclass Odd(NNVizScene):\n    PARAMS = 5\n"
    ),
    "scene.txt": "not python",
}

R = ["render", "LinearMap"]
TWO_STEPS = f"{ROOT}/tests/delivery/scene_files/two_steps.py:TwoSteps"  # a good scene file
BATTERY: list[tuple[list[str], str]] = [
    # -- --set values ---------------------------------------------------------------------
    (R + ["--set", "colour=[1,2]"], "no parameter 'colour'"),
    (R + ["--set", "matrix="], "matrix: cannot read ''"),
    (R + ["--set", "=[1,2]"], "expected key=value"),
    (R + ["--set", "matrix"], "expected key=value"),
    (R + ["--set", "[[1,2],[3,4]]"], "expected key=value"),
    (R + ["--set", "matrix=[[1,2],[3,4]"], "matrix: cannot read"),
    (R + ["--set", "matrix=[[a,b],[c,d]]"], "matrix: cannot read"),
    (R + ["--set", "vector=[1,2,3]"], "vector: got shape 3"),
    (R + ["--set", "matrix=[[NaN,0],[0,1]]"], "NaN and infinity"),
    (R + ["--set", "vector=[Infinity,1]"], "NaN and infinity"),
    (R + ["--set", "vector=[1e999,1]"], "NaN and infinity"),
    (R + ["--set", "vector=[-1e999,1]"], "NaN and infinity"),
    (R + ["--set", "matrix=[[1,2,3],[4,5,6]]"], "shape 2×3"),
    (R + ["--set", "matrix=[[1,2],[3]]"], "ragged"),
    (R + ["--set", 'matrix=[["1",0],[0,1]]'], "must be numbers"),
    (R + ["--set", "matrix=[[true,0],[0,1]]"], "must be numbers"),
    (R + ["--set", "vector=true"], "must be numbers"),
    (R + ["--set", "vector=null"], "must be numbers"),
    (R + ["--set", 'vector={"x":1}'], "must be numbers"),
    (R + ["--set", "vector=[1e300,1]"], "at most 100"),
    (R + ["--set", f"vector=[{BIG_INT},1]"], "too large"),
    (R + ["--set", f"vector=[{HUGE_INT},1]"], "vector: cannot read"),
    (R + ["--set", "matrix=" + DEEP], "nested too deeply"),
    (R + ["--set", "vector=" + "[" * 50 + "1" + "]" * 50], "vector:"),
    (R + ["--set", "vector=[1,2] vector=[3,4]"], "vector is given twice"),
    (R + ["--set", "vector=[1,2]", "--set", "vector=[3,4]"], "vector is given twice"),
    (R + ["--set", "matrix=[[１,0],[0,1]]"], "matrix: cannot read"),
    (R + ["--set", "mätrix=[[1,0],[0,1]]"], "no parameter 'mätrix'"),
    (R + ["--set", "vector=[1,2]\x00"], "vector: cannot read"),
    (R + ["--set", "vector=[\udcff]"], "vector: cannot read"),  # undecodable bytes in argv
    (R + ["--set", "vector=" + "1" * 200_000], "too long"),
    (["render", "HyperplaneScore", "--set", "points=" + MANY_POINTS], "at most 1000 numbers"),
    (["render", "GradientDescent", "--set", "lr=fast"], "lr: cannot read"),
    (["render", "GradientDescent", "--set", "lr=true"], "lr: got True"),
    (["render", "GradientDescent", "--set", "steps=2.5"], "steps: got 2.5"),
    (["render", "GradientDescent", "--set", f"steps={BIG_INT}"], "steps: the number is too"),
    (["render", "GradientDescent", "--set", "method=newton"], "unknown value 'newton'"),
    (["render", "GradientDescent", "--set", "method=[1]"], "method: unknown value"),
    (["render", "ActivationFunctions", "--set", "names=relu,relu"], "names:"),
    (["render", "Neuron", "--set", "inputs=[1,2] weights=[1,2,3]"], "same length"),
    (["render", "LayerAsMatrix", "--set", "x=[1,2,3]"], "one column per entry of x"),
    (
        ["render", "SeFaDirections", "--set", "layer=random weight=[[3,4],[0,1]]"],
        "weight: used only when layer=custom, but layer=random",
    ),
    (
        ["render", "CovariancePCA", "--set", "points=[[0,0],[1,2],[2,1]] n=20"],
        "n: used only when dataset is one of",
    ),
    # -- --params-json files --------------------------------------------------------------
    (R + ["--params-json", "{d}/missing.json"], "no such file"),
    (R + ["--params-json", "{d}"], "is a folder"),
    (R + ["--params-json", "/dev/zero"], "not a regular file"),
    (R + ["--params-json", "{d}/empty.json"], "not JSON"),
    (R + ["--params-json", "{d}/not.json"], "not JSON"),
    (R + ["--params-json", "{d}/list.json"], "must hold a JSON object"),
    (R + ["--params-json", "{d}/number.json"], "must hold a JSON object"),
    (R + ["--params-json", "{d}/string.json"], "must hold a JSON object"),
    (R + ["--params-json", "{d}/null.json"], "got null"),
    (R + ["--params-json", "{d}/junk.json"], "matrix: entries must be numbers"),
    (R + ["--params-json", "{d}/deep.json"], "nested too deeply"),
    (R + ["--params-json", "{d}/dupes.json"], "'vector' is given twice"),
    (R + ["--params-json", "{d}/unknown.json"], "no parameter 'colour'"),
    (R + ["--params-json", "{d}/nan.json"], "NaN and infinity"),
    (R + ["--params-json", "{d}/latin1.json"], "not UTF-8"),
    (R + ["--params-json", "{d}/huge.json"], "larger than"),
    (R + ["--params-json", "{d}/vector.json", "--set", "vector=[3,4]"], "vector is given twice"),
    # -- scene files by path --------------------------------------------------------------
    (["render", "{d}/nope.py:Scene"], "does not exist"),
    (["render", "{d}/sub.py:Scene"], "is a folder"),
    (["render", "{d}/raises.py"], "name the class too"),
    (["render", "{d}/raises.py:"], "name the class too"),
    (["render", "{d}/syntax.py:Scene"], "SyntaxError"),
    (["render", "{d}/raises.py:Scene"], "ValueError: boom at import (raises.py, line 1)"),
    (["render", "{d}/exits.py:Scene"], "sys.exit(3)"),
    (["render", "{d}/noisy.py:Scene"], "RuntimeError: x"),
    (["render", "{d}/noscene.py:Plain"], "not an nnviz scene"),
    (["render", "{d}/noscene.py:Missing"], "has no class 'Missing'"),
    (["render", "{d}/base.py:NNVizScene"], "not an nnviz scene"),
    (["render", "{d}/badparams.py:Odd"], "PARAMS must be a tuple"),
    (["render", "{d}/scene.txt:Scene"], "must be a Python file"),
    (["render", "{d}/fifo.py:Scene"], "is not a regular file"),
    (["render", "{d}/dangling.py:Scene"], "does not exist"),
    (["render", "LinearMap:Scene"], "must be a Python file"),
    # -- output locations -----------------------------------------------------------------
    (R + ["--format", "png", "--output", "{d}/afile/x.png"], "is not a folder"),
    (R + ["--format", "png", "--output", "{d}/afile/deeper/x.png"], "is not a folder"),
    (R + ["--format", "png", "--output", "/proc/nnviz-test.png"], "cannot write --output"),
    (R + ["--format", "png", "--output", "x.mp4"], "must end in .png"),
    (R + ["--output", "{d}/clip.png"], "must end in .mp4"),
    (R + ["--output", ""], "must end in .mp4"),
    (R + ["--format", "png", "--output", "{d}/folder.png"], "is a folder"),
    (R + ["--format", "png", "--output", "{d}/" + "x" * 300 + ".png"], "cannot write --output"),
    (["blog", "LinearMap", "--output-dir", "{d}/afile/kit"], "is not a folder"),
    (["blog", "LinearMap", "--output-dir", "/proc/nnviz-kit"], "cannot write --output-dir"),
    (["makefile", "--output", "{d}/afile/lectures.mk"], "is not a folder"),
    # -- options, names and commands ------------------------------------------------------
    (R + ["--quality", "ultra"], "invalid choice: 'ultra'"),
    (R + ["--format", "avi"], "invalid choice: 'avi'"),
    (R + ["--frobnicate"], "unrecognized arguments"),
    (["render", "NoSuchScene"], "unknown scene 'NoSuchScene'"),
    (["render", ""], "unknown scene ''"),
    (["render", "linearmap"], "did you mean LinearMap?"),
    (["render"], "required: name"),
    (["frobnicate"], "invalid choice"),
    ([], "required: command"),
    (["lectures", "-j", "0"], "at least 1"),
    (["lectures", "-j", "many"], "invalid int value"),
    (["blog", "LinearMap", "--quality", "8k"], "invalid choice: '8k'"),
    (["blog", "LinearMap", "--set", "matrix=[[1,2]]"], "shape 1×2"),
    (["blog", "LinearMap", "--params-json", "{d}/list.json"], "must hold a JSON object"),
    (["watch", "NoSuchScene"], "unknown scene"),
    (["watch", "LinearMap", "--set", "colour=1"], "no parameter 'colour'"),
    (["watch", "{d}/nope.py:Scene"], "does not exist"),
    (["watch", "{d}/raises.py"], "name the class too"),
    (["watch", TWO_STEPS, "--set", "side=1 side=2"], "side is given twice"),
    (["watch", TWO_STEPS, "--set", "side=100"], "side: got 100"),
    (["render", TWO_STEPS, "--set", "colour=1"], "TwoSteps has no parameter 'colour'"),
    (["watch", "{d}/syntax.py:Scene"], "SyntaxError"),
    (["watch", "{d}/raises.py:Scene"], "ValueError: boom at import"),
    (["watch", "{d}/noscene.py:Plain"], "not an nnviz scene"),
    (["watch", "{d}/noscene.py:Missing"], "has no class 'Missing'"),
    (["blog", "{d}/syntax.py:Scene"], "SyntaxError"),
    (["blog", "{d}/exits.py:Scene"], "sys.exit(3)"),
    (["assemble", "no-such-lecture"], "no lecture 'no-such-lecture' is prepared"),
    (["assemble", "../up"], "no lecture '../up' is prepared"),
    (["summary", "--since", "{d}/missing"], "no such file"),
    (["makefile", "--output", "{d}"], "is a folder"),
    (["list", "--json", "extra"], "unrecognized arguments"),
    (R + ["--set"], "expected one argument"),
    (R + ["--params-json", "{d}/bom.json", "--set", "matrix=[[1,2]]"], "matrix: got shape 1×2"),
    (R + ["--format", "png", "--output", "{d}/dangling/x.png"], "is not a folder"),
    (R + ["--format", "png", "--output", "{d}/x.json.png", "--set", "colour=1"], "colour"),
    (["watch", "LinearMap", "--quality", "best"], "invalid choice: 'best'"),
    (["studio", "--port", "http"], "invalid int value"),
    (["studio", "--port", "70000"], "--port must be 0..65535"),
    (["studio", "--workers", "0"], "--workers must be at least 1"),
    (["studio", "--cache-limit", "-1"], "--cache-limit must be at least 0"),
    (["studio", "--host", "256.1.1.1.1"], "not an address here"),
]


def _prepare(d: Path) -> None:
    d.mkdir()
    os.mkfifo(d / "fifo.py")
    (d / "dangling.py").symlink_to(d / "nowhere.py")
    (d / "dangling").symlink_to(d / "nowhere")
    (d / "sub.py").mkdir()
    (d / "folder.png").mkdir()
    for name, content in INPUT_FILES.items():
        path = d / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private current folder with renders/ and build/ in it, and the input files."""
    _prepare(tmp_path / "in")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)  # as for a user: __pycache__ counts
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NNVIZ_RENDERS", str(tmp_path / "renders"))
    monkeypatch.setenv("NNVIZ_BUILD", str(tmp_path / "build"))
    return tmp_path


def _argv(args: list[str], d: Path) -> list[str]:
    return [a.replace("{d}", str(d)) for a in args]


def _assert_one_error_line(err: str, words: str) -> None:
    lines = err.splitlines()
    assert len(lines) == 1, err[:2000]
    assert lines[0].startswith("error: "), lines[0][:300]
    assert "Traceback" not in err
    assert words in lines[0], lines[0][:300]
    assert len(lines[0]) < 2000  # an echoed value is cut short


def _ids(battery: list[tuple[list[str], str]]) -> list[str]:
    return [" ".join(a)[:70] for a, _ in battery]


def test_the_battery_is_large_enough():
    assert len(BATTERY) >= 45


@pytest.mark.parametrize("args, words", BATTERY, ids=_ids(BATTERY))
def test_bad_input_exits_2_with_one_line_and_writes_nothing(workspace, capsys, args, words):
    before = _tree(workspace)
    status = main(_argv(args, workspace / "in"))
    out, err = capsys.readouterr()
    _assert_one_error_line(err, words)
    assert status == 2
    assert out == ""
    assert _tree(workspace) == before


def test_an_unwritable_build_folder_is_refused_before_rendering(workspace, monkeypatch, capsys):
    monkeypatch.setenv("NNVIZ_BUILD", str(workspace / "in" / "afile" / "build"))
    before = _tree(workspace)
    assert main(["render", "LinearMap", "--format", "png"]) == 2
    _assert_one_error_line(capsys.readouterr().err, "cannot write the build folder")
    assert _tree(workspace) == before


LECTURE_FILES = {
    "bad.toml": ("[[lecture]\nslug = 1", "is not valid TOML"),
    "nolist.toml": ('lecture = "x"', "lecture must be [[tables]]"),
    "noslug.toml": ('[[lecture]]\ntitle = "T"', "slug must be a folder name"),
    "dotslug.toml": ('[[lecture]]\nslug = "../up"\ntitle = "T"', "slug must be a folder name"),
    "notitle.toml": ('[[lecture]]\nslug = "a"', "title must be text"),
    "unknown.toml": (
        '[[lecture]]\nslug = "a"\ntitle = "T"\n[[lecture.scene]]\nname = "Nope"',
        "scene 1: unknown scene 'Nope'",
    ),
    "path.toml": (
        '[[lecture]]\nslug = "a"\ntitle = "T"\n[[lecture.scene]]\nname = "x.py:S"',
        "scene 1: scene file x.py does not exist",
    ),
    "noname.toml": (
        '[[lecture]]\nslug = "a"\ntitle = "T"\n[[lecture.scene]]\nname = 3',
        "scene 1: name must be a scene name or path/to/file.py:Class, got 3",
    ),
    "params.toml": (
        '[[lecture]]\nslug = "a"\ntitle = "T"\n[[lecture.scene]]\nname = "LinearMap"\n'
        "params = { vector = [1, 2, 3] }",
        "scene 1: vector: got shape 3",
    ),
    "paramslist.toml": (
        '[[lecture]]\nslug = "a"\ntitle = "T"\n[[lecture.scene]]\nname = "LinearMap"\n'
        "params = [1, 2]",
        "parameters must be a table",
    ),
    "depends.toml": (
        '[[lecture]]\nslug = "a"\ntitle = "T"\n[[lecture.scene]]\nname = "SeFaDirections"\n'
        'params = { layer = "random", weight = [[3, 4], [0, 1]] }',
        "weight: used only when layer=custom",
    ),
    "latin1.toml": (b'title = "caf\xe9"', "cannot read lecture file"),
    "missing.toml": (None, "cannot read lecture file"),
}


@pytest.mark.parametrize("name", sorted(LECTURE_FILES))
def test_a_bad_lecture_file_is_one_line_naming_the_file(workspace, monkeypatch, capsys, name):
    content, words = LECTURE_FILES[name]
    path = workspace / "in" / name
    if content is not None:
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    monkeypatch.setenv("NNVIZ_LECTURES", str(path))
    before = _tree(workspace)
    assert main(["makefile", "--output", str(workspace / "build" / "lectures.mk")]) == 2
    err = capsys.readouterr().err
    _assert_one_error_line(err, words)
    assert str(path) in err
    assert _tree(workspace) == before


# -- in a real process: no traceback ever reaches stderr -------------------------------------
PROCESS_CASES = [
    (["scenes", "render", "{d}/syntax.py:Scene"], "SyntaxError"),
    (["scenes", "render", "LinearMap", "--set", "matrix=" + "[" * 3000], "nested too deeply"),
    (["scenes", "render", "LinearMap", "--format", "png", "--output", "{d}/afile/x.png"], "not a folder"),
    (["scenes", "render", "LinearMap", "--params-json", "{d}/list.json"], "JSON object"),
    (["scenes", "render", "{d}/exits.py:Scene"], "sys.exit(3)"),
    (["scenes", "blog", "LinearMap", "--quality", "8k"], "invalid choice"),
    (["nnviz_delivery.cli", "watch", "{d}/nope.py:Scene"], "does not exist"),
    (["nnviz_delivery.cli", "bogus"], "invalid choice"),
    (["nnviz", "render", "{d}/raises.py:Scene"], "ValueError: boom at import"),
    (["nnviz", "render", "LinearMap", "--format", "png", "--output", "/proc/x.png"], "cannot write"),
]  # fmt: skip


@pytest.mark.parametrize("args, words", PROCESS_CASES, ids=_ids(PROCESS_CASES))
def test_bad_input_in_a_real_process_has_no_traceback(tmp_path, args, words):
    _prepare(tmp_path / "in")
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        "PYTHONPATH": str(ROOT),
        "NNVIZ_RENDERS": str(tmp_path / "renders"),
        "NNVIZ_BUILD": str(tmp_path / "build"),
    }
    program, *rest = _argv(args, tmp_path / "in")
    if program == "nnviz":  # the console script
        script = Path(sys.executable).with_name("nnviz")
        if not script.exists():
            pytest.skip("the nnviz console script is not installed")
        cmd = [str(script), *rest]
    else:
        cmd = [sys.executable, "-m", program, *rest]
    before = _tree(tmp_path)
    proc = subprocess.run(
        cmd,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    _assert_one_error_line(proc.stderr, words)
    assert proc.returncode == 2
    assert _tree(tmp_path) == before
