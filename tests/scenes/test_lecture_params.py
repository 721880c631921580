"""Lectures 1 and 2: parameter checks (no rendering) and the lecture data file."""

import pytest

from nnviz_kit.params import ParamError, validate_params
from scenes import registry

LECTURE_1 = ["LinearMap", "MatrixTimesVector", "Composition", "Determinant", "Inverse",
             "DotProduct", "CatClassifier", "ChangeOfBasis"]  # fmt: skip
LECTURE_2 = ["FeatureEdit", "HyperplaneScore", "OrthogonalProjection", "ConditionalEdit"]


def check(scene: str, **given) -> dict:
    cls = registry.get(scene)
    return validate_params(cls.PARAMS, given, scene=scene)


@pytest.mark.parametrize(
    "scene, given, words",
    [
        ("DotProduct", {"u": [0, 0]}, "u: must be a non-zero direction"),
        ("FeatureEdit", {"direction": [0, 0]}, "direction: must be a non-zero direction"),
        ("HyperplaneScore", {"normal": [0.0, 0.0]}, "normal: must be a non-zero direction"),
        ("ConditionalEdit", {"condition": [0, 0]}, "condition: must be a non-zero direction"),
        ("OrthogonalProjection", {"onto": [0, 0]}, "onto: must be a non-zero direction"),
        (
            "CatClassifier",
            {"weights": [[0, 0], [1, 1]]},
            "weights: must be a non-zero direction (row 1)",
        ),
        ("ChangeOfBasis", {"basis": [[1, 2], [2, 4]]}, "basis: columns must be independent"),
        ("Determinant", {"matrix": [[1000, 0], [0, 1]]}, "matrix: entries must be at most 10"),
        ("Composition", {"second": [[11, 0], [0, 1]]}, "second: entries must be at most 10"),
        ("Inverse", {"matrix": [[1, 2, 3], [4, 5, 6]]}, "matrix: got shape 2×3"),
        ("MatrixTimesVector", {"vector": [1, 2, 3]}, "vector: got shape 3"),
        ("CatClassifier", {"features": [[1, 2, 3]]}, "features: got shape 1×3"),
        ("HyperplaneScore", {"points": [[i, 0] for i in range(9)]}, "points: at most 8 items"),
        ("FeatureEdit", {"steps": list(range(10))}, "steps: at most 9 items"),
        ("ConditionalEdit", {"alpha": 1e6}, "alpha: got 1e+06"),
    ],
)
def test_bad_parameters_are_rejected_with_one_clear_line(scene, given, words):
    with pytest.raises(ParamError) as err:
        check(scene, **given)
    assert str(err.value).startswith(words)
    assert "\n" not in str(err.value)


def test_singular_matrices_are_valid_parameters():
    # Singular maps are shown (the plane collapses), not rejected.
    assert check("Inverse", matrix=[[1, 2], [2, 4]])["matrix"].tolist() == [[1, 2], [2, 4]]
    assert check("Determinant", matrix=[[0, 0], [0, 0]])["matrix"].sum() == 0


def test_every_scene_declares_title_caption_and_docstring_example():
    for name in LECTURE_1 + LECTURE_2:
        cls = registry.get(name)
        assert cls.TITLE and cls.CAPTION, name
        assert "nnviz render " + name in (cls.__doc__ or ""), name
        check(name)  # the defaults are valid


def test_lectures_file_lists_both_lectures_in_teaching_order():
    by_slug = {lec.slug: lec for lec in registry.lectures()}
    one = by_slug["01-matrices-are-functions"]
    two = by_slug["02-projections-steer-features"]
    assert one.title == "Matrices are functions"
    assert two.title == "Projections steer features"
    order = [s.name for s in one.scenes]
    assert [n for i, n in enumerate(order) if n not in order[:i]] == LECTURE_1
    assert [s.name for s in two.scenes] == LECTURE_2


def test_cli_rejects_a_zero_direction_with_exit_2(cli):
    proc = cli("render", "DotProduct", "--set", "u=[0,0]", "--format", "png")
    assert proc.returncode == 2
    assert "u: must be a non-zero direction" in proc.stderr
