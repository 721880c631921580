"""The command line: listing scenes and their parameter declarations.

Bad input on every way in is tested in ``test_bad_input.py``.
"""

import json
import subprocess

import pytest

from nnviz_delivery.cli import main
from tests.conftest import ROOT


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


def test_list_json_exposes_each_declaration_and_its_dependency(capsys):
    assert main(["list", "--json"]) == 0
    text = capsys.readouterr().out
    data = json.loads(text, parse_constant=lambda c: pytest.fail(f"not strict JSON: {c}"))
    sefa = data["SeFaDirections"]["params"]
    assert sefa["weight"]["only_when"] == {"param": "layer", "values": ["custom"]}
    assert sefa["layer"]["only_when"] is None
    assert sefa["layer"]["choices"] == ["random", "custom"]
    pca = data["CovariancePCA"]["params"]
    assert pca["points"]["only_when"] == {"param": "dataset", "values": ["custom"]}
    assert set(pca["n"]["only_when"]["values"]) == set(pca["dataset"]["choices"]) - {"custom"}
    # what a generated form needs, unbounded limits as null
    matrix = data["LinearMap"]["params"]["matrix"]
    assert matrix["kind"] == "array" and matrix["shape"] == [2, 2]
    assert matrix["default"] == [[1, 3], [-2, 1]]
    lr = data["GradientDescent"]["params"]["lr"]
    assert (lr["minimum"], lr["maximum"], lr["integer"]) == (1e-4, 5, False)
    assert data["Neuron"]["params"]["bias"]["kind"] == "number"


def test_list_text_names_the_dependency(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "used only when layer=custom" in out
