"""nnviz.checks.check_scalar, and every public core function with a count, a seed or a rate
rejecting bad numbers the same way: float-for-int, bools, negatives, NaN and infinity each
raise one ``ValueError`` in one sentence, "<name> must be <what>, got <value>".

The expected sentences are spelled out here from the documented bounds of each argument,
not read back from the code.
"""

from __future__ import annotations

import doctest
import re
from collections.abc import Callable

import numpy as np
import pytest

import nnviz.checks
from nnviz import backprop, calculus, data, eigen, linalg, network, optimize, projection, sampling
from nnviz.checks import check_scalar

# --- check_scalar itself ----------------------------------------------------------------------


@pytest.mark.parametrize("module", [nnviz.checks, calculus, sampling], ids=lambda m: m.__name__)
def test_docstring_examples_run(module):
    # the other core modules' examples run in their own test files
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    assert doctest.testmod(module, optionflags=flags).failed == 0


@pytest.mark.parametrize(
    "value", [0, 7, np.int8(7), np.int64(-3), np.uint16(9), np.array(5), 10**30]
)
def test_integers_of_every_kind_are_accepted_as_python_ints(value):
    out = check_scalar(value, "n", int)
    assert type(out) is int and out == int(value)


@pytest.mark.parametrize("value", [0, -2, 2.5, np.float32(0.25), np.int64(4), np.array(-1.5)])
def test_reals_are_accepted_as_python_floats(value):
    out = check_scalar(value, "t", float)
    assert type(out) is float and out == float(value)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (3.0, "3.0"),
        (np.float64(3.0), "3.0"),
        (True, "True"),
        (np.bool_(False), "False"),
        ("3", "'3'"),
        (None, "None"),
        ([3], "[3]"),
        (np.array([3]), "array([3])"),
        (3 + 0j, "(3+0j)"),
    ],
)
def test_anything_but_an_integer_is_refused_where_an_integer_is_required(value, shown):
    with pytest.raises(ValueError) as err:
        check_scalar(value, "steps", int, min_val=1)
    assert str(err.value) == f"steps must be an integer >= 1, got {shown}"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (np.nan, "nan"),
        (-np.inf, "-inf"),
        (np.float32(np.inf), "inf"),
        (True, "True"),
        (10**400, "1" + "0" * 36 + "..."),
    ],
)
def test_non_finite_and_non_numbers_are_refused_where_a_real_is_required(value, shown):
    with pytest.raises(ValueError) as err:
        check_scalar(value, "t", float)
    assert str(err.value) == f"t must be a finite number, got {shown}"


@pytest.mark.parametrize(
    ("bounds", "inside", "outside", "phrase"),
    [
        ({"min_val": 0}, [0, 1e-300, 5], [-1e-300, -1], ">= 0"),
        ({"min_val": 0, "include_boundaries": "right"}, [1e-300, 5], [0, -1], "> 0"),
        ({"max_val": 1}, [1, -5], [1.5], "<= 1"),
        ({"max_val": 1, "include_boundaries": "left"}, [0.999], [1], "< 1"),
        ({"min_val": 0, "max_val": 1}, [0, 1, 0.5], [-0.1, 1.1], "in [0, 1]"),
        ({"min_val": 0, "max_val": 1, "include_boundaries": "left"}, [0], [1], "in [0, 1)"),
        ({"min_val": 0, "max_val": 1, "include_boundaries": "right"}, [1], [0], "in (0, 1]"),
        ({"min_val": 0, "max_val": 1, "include_boundaries": "neither"}, [0.5], [0, 1], "in (0, 1)"),
    ],
)
def test_ranges_and_which_ends_they_include(bounds, inside, outside, phrase):
    for x in inside:
        assert check_scalar(x, "x", float, **bounds) == x
    for x in outside:
        with pytest.raises(ValueError) as err:
            check_scalar(x, "x", float, **bounds)
        assert str(err.value) == f"x must be a finite number {phrase}, got {x!r}"


def test_bounds_are_written_as_given():
    with pytest.raises(ValueError, match=r"^n must be an integer >= 1000000, got 5$"):
        check_scalar(5, "n", int, min_val=1_000_000)
    with pytest.raises(
        ValueError, match=r"^x must be a finite number in \[0\.0001, 2\.5\], got 3$"
    ):
        check_scalar(3, "x", float, min_val=1e-4, max_val=2.5)


def test_misuse_by_the_caller_is_a_type_error_not_a_user_error():
    with pytest.raises(TypeError, match="target_type"):
        check_scalar(1, "x", complex)
    with pytest.raises(TypeError, match="include_boundaries"):
        check_scalar(1, "x", int, min_val=0, include_boundaries="open")


# --- every public function with a count, seed or rate -----------------------------------------

# A small valid problem for the functions that need more than one number.
F, G = (lambda x: float(x @ x)), (lambda x: 2 * x)
X4, Y4 = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]), np.array([1, 1, 0, 0])
NET = network.MLP([2, 2, 1])
GRADS = backprop.backward(NET, NET.forward([1.0, 0.0]), [1.0])


def _train(**kw) -> Callable:
    args = {"epochs": 1, "batch_size": 2, "lr": 0.1, "seed": 0} | kw
    return optimize.train(NET, X4, Y4, **args)


COUNT = "an integer >= 1"
INDEX = "an integer >= 0"
RATE = "a finite number > 0"
AMOUNT = "a finite number >= 0"
REAL = "a finite number"

#: (label, argument name as the message names it, what the message says, call with the value)
CASES: list[tuple[str, str, str, Callable[[object], object]]] = [
    ("data.dataset n", "n", COUNT, lambda v: data.dataset("xor", v)),
    ("data.dataset noise", "noise", AMOUNT, lambda v: data.dataset("xor", 10, v)),
    ("data.dataset seed", "seed", INDEX, lambda v: data.dataset("xor", 10, 0.0, v)),
    *[
        (f"data.{g.__name__} {arg}", arg, what, call)
        for g in (data.circle, data.xor, data.gauss, data.spiral, data.moons)
        for arg, what, call in (
            ("n", COUNT, lambda v, g=g: g(v)),
            ("noise", AMOUNT, lambda v, g=g: g(10, v)),
            ("seed", INDEX, lambda v, g=g: g(10, 0.1, seed=v)),
        )
    ],
    ("data.one_hot n_classes", "n_classes", COUNT, lambda v: data.one_hot([0, 1], v)),
    (
        "data.digits test_fraction",
        "test_fraction",
        "a finite number in (0, 1)",
        lambda v: data.digits(v),
    ),
    ("data.rescale radius", "radius", RATE, lambda v: data.rescale([[1.0, 2.0]], v)),
    ("sampling.gaussian_cloud n", "n", COUNT, lambda v: sampling.gaussian_cloud(v, np.eye(2))),
    (
        "sampling.gaussian_cloud seed",
        "seed",
        INDEX,
        lambda v: sampling.gaussian_cloud(3, np.eye(2), v),
    ),
    ("sampling.named_cloud n", "n", COUNT, lambda v: sampling.named_cloud("round", v)),
    ("sampling.named_cloud seed", "seed", INDEX, lambda v: sampling.named_cloud("round", 3, v)),
    ("sampling.random_layer n_out", "n_out", COUNT, lambda v: sampling.random_layer(v, 2)),
    ("sampling.random_layer n_in", "n_in", COUNT, lambda v: sampling.random_layer(2, v)),
    ("sampling.random_layer seed", "seed", INDEX, lambda v: sampling.random_layer(2, 2, v)),
    ("sampling.random_direction dim", "dim", COUNT, lambda v: sampling.random_direction(v)),
    ("sampling.random_direction seed", "seed", INDEX, lambda v: sampling.random_direction(2, v)),
    ("network.MLP sizes", "sizes[1]", COUNT, lambda v: network.MLP([2, v])),
    ("network.MLP seed", "seed", INDEX, lambda v: network.MLP([2, 1], seed=v)),
    ("network.MLP.step lr", "lr", RATE, lambda v: NET.step(GRADS, v)),
    (
        "network.neuron_terms b",
        "b",
        REAL,
        lambda v: network.neuron_terms([1.0], [1.0], v),
    ),
    (
        "backprop.gradient_check eps",
        "eps",
        RATE,
        lambda v: backprop.gradient_check(NET, [1, 0], [1], eps=v),
    ),
    (
        "backprop.gradient_check floor",
        "floor",
        RATE,
        lambda v: backprop.gradient_check(NET, [1, 0], [1], floor=v),
    ),
    (
        "optimize.gradient_descent steps",
        "steps",
        INDEX,
        lambda v: optimize.gradient_descent(F, G, [1.0], 0.1, v),
    ),
    (
        "optimize.gradient_descent lr",
        "lr",
        RATE,
        lambda v: optimize.gradient_descent(F, G, [1.0], v, 3),
    ),
    (
        "optimize.gradient_descent blowup",
        "blowup",
        RATE,
        lambda v: optimize.gradient_descent(F, G, [1.0], 0.1, 3, blowup=v),
    ),
    ("optimize.momentum steps", "steps", INDEX, lambda v: optimize.momentum(F, G, [1.0], 0.1, v)),
    ("optimize.momentum lr", "lr", RATE, lambda v: optimize.momentum(F, G, [1.0], v, 3)),
    (
        "optimize.momentum blowup",
        "blowup",
        RATE,
        lambda v: optimize.momentum(F, G, [1.0], 0.1, 3, blowup=v),
    ),
    (
        "optimize.sgd blowup",
        "blowup",
        RATE,
        lambda v: optimize.sgd(F, lambda x, r: G(x), [1.0], 0.1, 3, blowup=v),
    ),
    (
        "optimize.momentum beta",
        "beta",
        "a finite number in [0, 1)",
        lambda v: optimize.momentum(F, G, [1.0], 0.1, 3, beta=v),
    ),
    (
        "optimize.sgd steps",
        "steps",
        INDEX,
        lambda v: optimize.sgd(F, lambda x, r: G(x), [1.0], 0.1, v),
    ),
    ("optimize.sgd lr", "lr", RATE, lambda v: optimize.sgd(F, lambda x, r: G(x), [1.0], v, 3)),
    (
        "optimize.sgd seed",
        "seed",
        INDEX,
        lambda v: optimize.sgd(F, lambda x, r: G(x), [1.0], 0.1, 3, seed=v),
    ),
    ("optimize.noisy_gradient scale", "scale", AMOUNT, lambda v: optimize.noisy_gradient(G, v)),
    (
        "optimize.minibatch_gradient n_samples",
        "n_samples",
        COUNT,
        lambda v: optimize.minibatch_gradient(lambda x, i: x, v, 1),
    ),
    (
        "optimize.minibatch_gradient batch_size",
        "batch_size",
        "an integer in [1, 10]",
        lambda v: optimize.minibatch_gradient(lambda x, i: x, 10, v),
    ),
    ("optimize.train epochs", "epochs", INDEX, lambda v: _train(epochs=v)),
    ("optimize.train batch_size", "batch_size", COUNT, lambda v: _train(batch_size=v)),
    ("optimize.train lr", "lr", RATE, lambda v: _train(lr=v)),
    ("optimize.train seed", "seed", INDEX, lambda v: _train(seed=v)),
    ("eigen.power_iterates n", "n", INDEX, lambda v: eigen.power_iterates(np.eye(2), [1, 0], v)),
    ("eigen.pca k", "k", "an integer in [1, 2]", lambda v: eigen.pca([[0, 0], [1, 2], [3, 1]], v)),
    (
        "eigen.pca_project k",
        "k",
        "an integer in [1, 2]",
        lambda v: eigen.pca_project([1, 1], eigen.pca([[0, 0], [1, 2], [3, 1]], 2), v),
    ),
    ("linalg.interpolate t", "t", REAL, lambda v: linalg.interpolate(np.eye(2), v)),
    ("linalg.rotation angle", "angle", REAL, lambda v: linalg.rotation(v)),
    ("linalg.shear k", "k", REAL, lambda v: linalg.shear(v)),
    ("linalg.scale sx", "sx", REAL, lambda v: linalg.scale(v, 1.0)),
    ("linalg.scale sy", "sy", REAL, lambda v: linalg.scale(1.0, v)),
    (
        "projection.signed_distance offset",
        "offset",
        REAL,
        lambda v: projection.signed_distance([1, 1], [0, 1], v),
    ),
    ("projection.edit offset", "offset", REAL, lambda v: projection.edit([1, 1], [0, 1], 0.5, v)),
]


def _bad_values(what: str) -> list[object]:
    """The values that break ``what``: a float for an int, a bool, a negative, NaN, infinity."""
    bad: list[object] = [True, np.nan, np.inf]
    if what.startswith("an integer"):
        bad += [3.0, np.float64(2.0)]
    if what != REAL:
        bad += [-1, -0.5]
    if what == RATE:
        bad += [0, 0.0]
    return bad


@pytest.mark.parametrize(("label", "arg", "what", "call"), CASES, ids=[c[0] for c in CASES])
def test_every_count_seed_and_rate_rejects_bad_numbers_in_one_sentence(label, arg, what, call):
    for value in _bad_values(what):
        shown = repr(value.item() if isinstance(value, np.generic) else value)
        with pytest.raises(ValueError) as err:
            call(value)
        assert str(err.value) == f"{arg} must be {what}, got {shown}", label


@pytest.mark.parametrize(("label", "arg", "what", "call"), CASES, ids=[c[0] for c in CASES])
def test_the_same_calls_run_with_a_good_number(label, arg, what, call):
    # a negative control: the table's calls are valid apart from the value under test
    good = {COUNT: 2, INDEX: 2, RATE: 0.5, AMOUNT: 0.5, REAL: -0.5}.get(what, 1)
    if what.endswith("(0, 1)") or what.endswith("[0, 1)"):
        good = 0.5
    call(np.int64(good) if isinstance(good, int) else np.float64(good))


def test_a_float_count_is_refused_alike_by_descent_and_by_the_power_method():
    with pytest.raises(ValueError) as gd:
        optimize.gradient_descent(F, G, [1.0], lr=0.1, steps=3.0)
    with pytest.raises(ValueError) as power:
        eigen.power_iterates(np.eye(2), [1.0, 0.0], n=3.0)
    assert str(gd.value) == "steps must be an integer >= 0, got 3.0"
    assert str(power.value) == "n must be an integer >= 0, got 3.0"


#: Parameters that share a scalar's name but are not one.
NOT_SCALARS = {"optimize.quadratic": {"b"}}  # the linear term, a vector (d,)


def test_every_public_core_function_with_a_scalar_argument_is_in_the_table():
    # parameters with these names are counts, seeds or rates: each public function that takes
    # one must appear in CASES, so a new function cannot skip the check unnoticed
    scalar_names = {
        "n", "k", "seed", "steps", "lr", "epochs", "batch_size", "n_samples", "scale", "beta",
        "noise", "radius", "test_fraction", "n_classes", "n_out", "n_in", "dim", "eps", "floor",
        "blowup", "t", "angle", "sx", "sy", "offset", "b", "sizes",
    }  # fmt: skip
    import inspect

    covered = {(c[0].rsplit(" ", 1)[0], c[1].split("[")[0]) for c in CASES}
    missing = []
    for module in (data, sampling, network, backprop, optimize, eigen, linalg, projection):
        for name in module.__all__:
            obj = getattr(module, name)
            targets = [(name, obj)]
            if inspect.isclass(obj):
                targets = [(name, obj)] + [
                    (f"{name}.{m}", f) for m, f in vars(obj).items() if inspect.isfunction(f)
                ]
            for label, fn in targets:
                if not callable(fn) or name.isupper() or label.split(".")[-1].startswith("_"):
                    continue
                try:
                    params = set(inspect.signature(fn).parameters)
                except (TypeError, ValueError):
                    continue
                qualified = f"{module.__name__.split('.')[-1]}.{label}"
                scalars = params & scalar_names - NOT_SCALARS.get(qualified, set())
                missing += [
                    f"{qualified} {p}" for p in sorted(scalars) if (qualified, p) not in covered
                ]
    assert not missing, missing


def test_messages_never_show_numpy_wrappers():
    with pytest.raises(ValueError) as err:
        sampling.random_layer(np.float64(2.0), 2)
    assert re.fullmatch(r"n_out must be an integer >= 1, got 2\.0", str(err.value))


# --- names chosen from a table ----------------------------------------------------------------

LOOKUPS = [
    ("data.dataset", "name", data.DATASETS, data.dataset),
    ("sampling.named_cloud", "name", sampling.CLOUDS, sampling.named_cloud),
    ("optimize.surface", "name", optimize.SURFACES, optimize.surface),
    ("calculus.plane_map", "name", calculus.PLANE_MAPS, calculus.plane_map),
    ("network.activation", "activation", network.ACTIVATIONS, network.activation),
    ("network.loss", "loss", network.LOSSES, network.loss),
    ("network.MLP output", "output", network.ACTIVATIONS, lambda v: network.MLP([2, 1], output=v)),
]


@pytest.mark.parametrize(("label", "arg", "table", "call"), LOOKUPS, ids=[c[0] for c in LOOKUPS])
@pytest.mark.parametrize(("value", "shown"), [("nope", "'nope'"), (3, "3"), ([1], "[1]")])
def test_every_named_choice_is_refused_in_one_sentence(label, arg, table, call, value, shown):
    listed = "[" + ", ".join(repr(k) for k in sorted(table)) + "]"
    with pytest.raises(ValueError) as err:
        call(value)
    assert str(err.value) == f"{arg} must be one of {listed}, got {shown}", label
    call(next(iter(table)))  # negative control: a listed name works


# --- shared array checks: zero rows, symmetry ---------------------------------------------------

ZERO_ROWS = [
    ("eigen.sefa", "weight", lambda: eigen.sefa([[1.0, 2.0], [0.0, 0.0]])),
    (
        "eigen.sefa_step_norms weight",
        "weight",
        lambda: eigen.sefa_step_norms([[1, 0], [0, 0]], [1, 1]),
    ),
    (
        "eigen.sefa_step_norms",
        "directions",
        lambda: eigen.sefa_step_norms([[1, 0], [0, 1]], [[1, 1], [0, 0]]),
    ),
    (
        "projection.condition",
        "conditions",
        lambda: projection.condition([1, 1, 0], [[1, 0, 0], [0, 0, 0]]),
    ),
    (
        "projection.project_onto_subspace",
        "basis_vectors",
        lambda: projection.project_onto_subspace([1, 2, 3], [[1, 0, 0], [0, 0, 0]]),
    ),
]


@pytest.mark.parametrize(("label", "arg", "call"), ZERO_ROWS, ids=[c[0] for c in ZERO_ROWS])
def test_a_zero_row_is_refused_in_one_sentence(label, arg, call):
    with pytest.raises(ValueError) as err:
        call()
    assert str(err.value) == f"{arg} rows must be non-zero, but row 1 is the zero vector", label


@pytest.mark.parametrize(
    ("arg", "call"),
    [
        ("A", lambda m: optimize.quadratic(m)),
        ("cov", lambda m: sampling.gaussian_cloud(3, m)),
    ],
)
def test_an_unsymmetric_matrix_is_refused_in_one_sentence(arg, call):
    with pytest.raises(ValueError) as err:
        call([[2.0, 1.0], [0.0, 2.0]])
    assert str(err.value) == f"{arg} must be symmetric, got [[2.0, 1.0], [0.0, 2.0]]"
    call([[2.0, 1.0], [1.0, 2.0]])  # negative control: the symmetric one is accepted
