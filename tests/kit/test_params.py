"""Parameter declarations: parsing text safely, checking shapes, values and names."""

import math

import numpy as np
import pytest

from nnviz_kit.params import (
    Array,
    Choice,
    Flag,
    Number,
    ParamError,
    split_assignments,
    validate_params,
)

MATRIX = Array("matrix", (2, 2), default=[[1, 3], [-2, 1]])


def test_matrix_text_is_parsed_as_numbers():
    assert MATRIX.validate("[[2, 1], [1, 3]]").tolist() == [[2.0, 1.0], [1.0, 3.0]]
    assert MATRIX.validate("[[2.5e0, -1], [0, 3]]").tolist() == [[2.5, -1.0], [0.0, 3.0]]


@pytest.mark.parametrize(
    "text, words",
    [
        ("[[a, b], [c, d]]", "cannot read"),
        ("__import__('os')", "cannot read"),
        ("[[1, 2]]", "shape 1×2"),
        ("[[1, 2], [3]]", "ragged"),
        ("[[1, NaN], [3, 4]]", "NaN"),
        ("[[1, Infinity], [3, 4]]", "NaN and infinity"),
        ('[["1", 2], [3, 4]]', "must be numbers"),
        ("[[true, 2], [3, 4]]", "must be numbers"),
        ("[[1e9, 0], [0, 1]]", "at most 100"),
        ("[]", "shape 0"),
    ],
)
def test_bad_matrix_text_names_the_parameter_and_the_problem(text, words):
    with pytest.raises(ParamError) as err:
        MATRIX.validate(text)
    assert str(err.value).startswith("matrix:")
    assert words in str(err.value)
    assert "\n" not in str(err.value)


def test_number_bounds_and_integers():
    k = Number("k", default=3, minimum=1, maximum=20, integer=True)
    assert k.validate("5") == 5
    for bad in ("0", "2.5", "21", '"x"', "true", "NaN"):
        with pytest.raises(ParamError, match="^k:"):
            k.validate(bad)
    assert Number("lr", default=0.1, minimum=0).validate(math.pi) == math.pi


def test_choice_and_flag():
    c = Choice("dataset", default="moons", choices=("moons", "circle"))
    assert c.validate(c.parse("circle")) == "circle"
    with pytest.raises(ParamError, match="one of moons, circle"):
        c.validate(c.parse("spirals"))
    f = Flag("show", default=True)
    assert f.validate("false") is False
    with pytest.raises(ParamError):
        f.validate("1")


def test_validate_params_fills_defaults_and_rejects_unknown_names():
    declared = (MATRIX, Array("vector", (2,), default=[7, 8]))
    out = validate_params(declared, {"vector": [1, 2]})
    np.testing.assert_array_equal(out["matrix"], [[1, 3], [-2, 1]])
    np.testing.assert_array_equal(out["vector"], [1, 2])
    with pytest.raises(ParamError, match="no parameter 'vectr'"):
        validate_params(declared, {"vectr": [1, 2]})


def test_split_assignments_keeps_spaces_inside_brackets():
    got = split_assignments("matrix=[[2, 1], [1, 3]]  vector=[1, 2] k=3")
    assert got == {"matrix": "[[2, 1], [1, 3]]", "vector": "[1, 2]", "k": "3"}
    assert split_assignments("") == {}
    with pytest.raises(ParamError, match="key=value"):
        split_assignments("[[1,2]]")
