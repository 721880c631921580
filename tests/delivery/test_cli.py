"""The command line: listing scenes, and one clear line (exit 2) for every kind of bad input."""

import subprocess

import pytest

from nnviz_delivery.cli import main
from tests.conftest import ROOT

BAD_INPUTS = [
    (["render", "NoSuchScene"], "unknown scene"),
    (["render", "LinearMap", "--set", "colour=[1,2]"], "no parameter 'colour'"),
    (["render", "LinearMap", "--set", "matrix=[[a,b],[c,d]]"], "cannot read"),
    (["render", "LinearMap", "--set", "matrix=[[1,2,3],[4,5,6]]"], "shape 2×3"),
    (["render", "LinearMap", "--set", "matrix=[[1,2],[3]]"], "ragged"),
    (["render", "LinearMap", "--set", "matrix=[[NaN,0],[0,1]]"], "NaN"),
    (["render", "LinearMap", "--set", "vector=[Infinity,1]"], "infinity"),
    (["render", "LinearMap", "--set", "vector=[1,2,3]"], "shape 3"),
    (["render", "LinearMap", "--set", 'matrix=[["1",0],[0,1]]'], "must be numbers"),
    (["render", "LinearMap", "--set", "matrix=[[1e6,0],[0,1]]"], "at most 100"),
    (["render", "LinearMap", "--quality", "ultra"], "invalid choice: 'ultra'"),
    (["render", "LinearMap", "--format", "avi"], "invalid choice: 'avi'"),
    (["render", "LinearMap", "--set", "[[1,2],[3,4]]"], "key=value"),
    (["render", "LinearMap", "--format", "png", "--output", "x.mp4"], "must end in .png"),
    (["render", "examples/nope.py:Scene"], "no such scene file"),
    (["frobnicate"], "invalid choice"),
]


@pytest.mark.parametrize("args, message", BAD_INPUTS, ids=[" ".join(a) for a, _ in BAD_INPUTS])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    renders, build_cache, monkeypatch, capsys, args, message
):
    monkeypatch.setenv("NNVIZ_RENDERS", str(renders))
    monkeypatch.setenv("NNVIZ_BUILD", str(build_cache))
    assert main(args) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert message in lines[0]
    assert list(renders.rglob("*")) == []


@pytest.mark.parametrize("args, message", [BAD_INPUTS[0], BAD_INPUTS[5], BAD_INPUTS[10]])
def test_bad_input_from_a_real_process_has_no_traceback(cli, renders, args, message):
    out = cli(*args)
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip().splitlines() == [out.stderr.strip()]
    assert message in out.stderr and "Traceback" not in out.stderr
    assert list(renders.rglob("*")) == []


def test_list_shows_every_scene_with_parameters_and_defaults(cli):
    out = cli("list")
    assert out.returncode == 0, out.stderr
    assert "LinearMap" in out.stdout
    assert "matrix:" in out.stdout and "[[1, 3], [-2, 1]]" in out.stdout
    assert "vector:" in out.stdout and "[7, 8]" in out.stdout


def test_make_clip_without_a_scene_says_so():
    out = subprocess.run(["make", "-s", "clip"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2
    assert "say which scene" in out.stderr
