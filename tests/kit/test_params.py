"""Parameter declarations: parsing text safely, checking shapes, values and names."""

import json
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
    to_jsonable,
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


# -- text that must never crash the parser ------------------------------------------------
@pytest.mark.parametrize(
    "text, words",
    [
        ("[" * 10_000 + "]" * 10_000, "nested too deeply"),
        ("[" + "1" * 5000 + ", 0]", "cannot read"),  # beyond Python's int-from-text limit
        ("[" + "1" + "0" * 400 + ", 0]", "too large"),  # an int beyond float range
        ("[" + "1, " * 100_000 + "1]", "too long"),
    ],
)
def test_pathological_text_is_one_clear_line(text, words):
    vector = Array("vector", (None,), default=[1, 2])
    with pytest.raises(ParamError) as err:
        vector.validate(text)
    assert words in str(err.value) and "\n" not in str(err.value)
    assert len(str(err.value)) < 300  # the text itself is not echoed whole


def test_huge_whole_numbers_and_enormous_arrays_are_refused():
    with pytest.raises(ParamError, match="too large"):
        Number("k", default=1, integer=True).validate(10**400)
    with pytest.raises(ParamError, match="at most 1000 numbers"):
        Array("points", (None, 2), default=[[0, 0]]).validate(np.zeros((501, 2)))
    assert Array("points", (None, 2), default=[[0, 0]]).validate(np.zeros((500, 2))).shape == (
        500,
        2,
    )


def test_a_key_given_twice_is_an_error():
    with pytest.raises(ParamError, match="k is given twice"):
        split_assignments("k=1 k=2")


def test_declarations_and_given_values_of_the_wrong_type_are_clear_errors():
    with pytest.raises(ParamError, match="must be a tuple of parameter declarations"):
        validate_params(5, {}, scene="Odd")
    with pytest.raises(ParamError, match="parameters must be a table"):
        validate_params((MATRIX,), [1, 2], scene="Odd")


# -- parameters that depend on another parameter's value ----------------------------------
LAYER = Choice("layer", default="random", choices=("random", "custom"))
WEIGHT = Array("weight", (2, 2), default=[[1, 0], [0, 1]], only_when=("layer", "custom"))
DATASET = Choice("dataset", default="round", choices=("round", "long", "custom"))
POINTS = Array("points", (None, 2), default=[[0, 0], [1, 1]], only_when=("dataset", "custom"))
COUNT = Number("n", default=80, integer=True, only_when=("dataset", ("round", "long")))
SEFA_LIKE = (LAYER, WEIGHT)
PCA_LIKE = (DATASET, POINTS, COUNT)


def test_a_dependent_value_given_alone_selects_its_condition():
    out = validate_params(SEFA_LIKE, {"weight": "[[3, 4], [0, 1]]"})
    assert out["layer"] == "custom"
    assert out["weight"].tolist() == [[3, 4], [0, 1]]
    assert validate_params(PCA_LIKE, {"points": [[0, 1], [2, 3]]})["dataset"] == "custom"


def test_a_dependent_value_against_its_condition_stops_with_the_reason():
    with pytest.raises(ParamError) as err:
        validate_params(SEFA_LIKE, {"layer": "random", "weight": [[3, 4], [0, 1]]})
    msg = str(err.value)
    assert msg.startswith("weight: used only when layer=custom, but layer=random")
    assert "\n" not in msg
    with pytest.raises(ParamError, match="n: used only when dataset is one of round, long"):
        validate_params(PCA_LIKE, {"dataset": "custom", "n": 20})


def test_the_condition_given_with_its_dependent_is_accepted():
    out = validate_params(SEFA_LIKE, {"layer": "custom", "weight": [[3, 4], [0, 1]]})
    assert out["layer"] == "custom"
    out = validate_params(PCA_LIKE, {"dataset": "long", "n": 20})
    assert (out["dataset"], out["n"]) == ("long", 20)


def test_a_condition_met_by_the_default_selects_nothing():
    out = validate_params(PCA_LIKE, {"n": 20})
    assert (out["dataset"], out["n"]) == ("round", 20)


def test_two_dependents_that_disagree_name_the_one_that_selected():
    with pytest.raises(ParamError, match="n: used only when .* but points selects dataset=custom"):
        validate_params(PCA_LIKE, {"points": [[0, 1], [2, 3]], "n": 20})


def test_several_possible_values_and_a_default_outside_them_ask_for_the_condition():
    declared = (
        Choice("mode", default="c", choices=("a", "b", "c")),
        Number("k", default=1, only_when=("mode", ("a", "b"))),
    )
    with pytest.raises(ParamError, match="k: used only when mode is one of a, b; give mode too"):
        validate_params(declared, {"k": 2})


def test_validated_values_validate_again_unchanged():
    # A sidecar's params hold every value, defaults of unused dependents included.
    for declared, given in [
        (SEFA_LIKE, {}),
        (SEFA_LIKE, {"weight": [[3, 4], [0, 1]]}),
        (PCA_LIKE, {"points": [[0, 1], [2, 3]]}),
        (PCA_LIKE, {"n": 20}),
    ]:
        once = validate_params(declared, given)
        twice = validate_params(declared, once)
        assert to_jsonable(twice) == to_jsonable(once)


def test_a_dependency_on_something_other_than_a_choice_is_a_declaration_error():
    bad = (Number("k", default=1), Number("j", default=1, only_when=("k", "x")))
    with pytest.raises(ParamError, match="only_when"):
        validate_params(bad, {"j": 2}, scene="Odd")


def test_spec_is_plain_json_with_the_dependency():
    spec = COUNT.spec()
    assert spec["only_when"] == {"param": "dataset", "values": ["round", "long"]}
    assert spec["minimum"] is None and spec["maximum"] is None  # not -inf/inf
    assert json.loads(json.dumps(spec, allow_nan=False)) == spec
    assert LAYER.spec()["only_when"] is None
    assert "used only when layer=custom" in WEIGHT.describe()
