"""nnviz.optimize: descent on quadratics against closed forms (numpy.linalg as the oracle),
divergence at the closed-form learning-rate limit, SGD, the 2-D surfaces, and training."""

import numpy as np
import pytest

from nnviz.data import dataset, digits
from nnviz.network import MLP
from nnviz.optimize import (
    SURFACES,
    gradient_descent,
    minibatch_gradient,
    momentum,
    noisy_gradient,
    quadratic,
    sgd,
    surface,
    train,
)


def random_bowl(seed, d=4):
    """f(x) = ½ xᵀA x + bᵀx with A symmetric positive definite, defined here independently."""
    rng = np.random.default_rng(seed)
    M = rng.normal(size=(d, d))
    A = M @ M.T + d * np.eye(d)
    b = rng.normal(size=d)
    return A, b, (lambda x: 0.5 * x @ A @ x + b @ x), (lambda x: A @ x + b)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradient_descent_reaches_the_closed_form_minimum(seed):
    A, b, f, grad = random_bowl(seed)
    lam_max = np.linalg.eigvalsh(A)[-1]
    path = gradient_descent(f, grad, np.ones(4), lr=1.0 / lam_max, steps=3000)
    assert not path.diverged
    assert path.points.shape == (3001, 4) and path.losses.shape == (3001,)
    np.testing.assert_allclose(path.final, np.linalg.solve(A, -b), rtol=1e-9, atol=1e-12)
    assert path.losses[-1] <= path.losses[0]
    np.testing.assert_allclose(path.losses, [f(p) for p in path.points])


@pytest.mark.parametrize("seed", [0, 1])
def test_momentum_reaches_the_closed_form_minimum(seed):
    A, b, f, grad = random_bowl(seed)
    lam_max = np.linalg.eigvalsh(A)[-1]
    path = momentum(f, grad, np.ones(4), lr=1.0 / lam_max, steps=1500, beta=0.8)
    assert not path.diverged
    np.testing.assert_allclose(path.final, np.linalg.solve(A, -b), rtol=1e-9, atol=1e-12)


def test_momentum_with_beta_zero_is_gradient_descent():
    A, b, f, grad = random_bowl(3)
    gd = gradient_descent(f, grad, np.ones(4), lr=0.01, steps=50)
    mo = momentum(f, grad, np.ones(4), lr=0.01, steps=50, beta=0.0)
    np.testing.assert_allclose(mo.points, gd.points, rtol=1e-14)


def test_divergence_is_detected_past_two_over_lambda_max():
    A, b, f, grad = random_bowl(4)
    lam_max = np.linalg.eigvalsh(A)[-1]
    bad = gradient_descent(f, grad, np.ones(4), lr=2.2 / lam_max, steps=1000)
    assert bad.diverged
    assert len(bad.points) < 1001  # stopped early
    assert np.all(np.isfinite(bad.points)) and np.all(np.isfinite(bad.losses))
    good = gradient_descent(f, grad, np.ones(4), lr=1.9 / lam_max, steps=1000)
    assert not good.diverged and len(good.points) == 1001


def test_momentum_diverges_past_its_own_limit():
    A, b, f, grad = random_bowl(5)
    lam_max, beta = np.linalg.eigvalsh(A)[-1], 0.5
    limit = 2 * (1 + beta) / lam_max
    assert momentum(f, grad, np.ones(4), lr=1.1 * limit, steps=2000, beta=beta).diverged
    assert not momentum(f, grad, np.ones(4), lr=0.9 * limit, steps=2000, beta=beta).diverged


def test_non_finite_losses_stop_the_run_without_crashing():
    path = gradient_descent(lambda x: np.log(x[0]), lambda x: np.array([5.0]), [1.0], 1.0, 10)
    assert path.diverged
    np.testing.assert_array_equal(path.points, [[1.0]])  # the NaN point is dropped
    # with the blow-up test off, the run goes on until the loss overflows to infinity
    huge = gradient_descent(lambda x: x @ x, lambda x: 2 * x, [1e150], 10.0, 10, blowup=None)
    assert huge.diverged and 1 < len(huge.points) < 11
    assert np.all(np.isfinite(huge.points)) and np.all(np.isfinite(huge.losses))


def test_sgd_with_exact_gradients_is_gradient_descent():
    A, b, f, grad = random_bowl(6)
    gd = gradient_descent(f, grad, np.zeros(4), lr=0.02, steps=40)
    s = sgd(f, noisy_gradient(grad, 0.0), np.zeros(4), lr=0.02, steps=40)
    np.testing.assert_array_equal(s.points, gd.points)


def least_squares(seed, n=60, d=3):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(n, d)), rng.normal(size=n)

    def f(w):
        return 0.5 * np.mean((X @ w - y) ** 2)

    def sample_grad(w, idx):
        return X[idx].T @ (X[idx] @ w - y[idx]) / len(idx)

    return X, y, f, sample_grad


def test_full_batch_sgd_is_gradient_descent_and_small_batches_get_close():
    X, y, f, sample_grad = least_squares(7)
    full = sgd(f, minibatch_gradient(sample_grad, 60, 60), np.zeros(3), lr=0.1, steps=2000)
    gd = gradient_descent(f, lambda w: sample_grad(w, np.arange(60)), np.zeros(3), 0.1, 2000)
    np.testing.assert_allclose(full.points, gd.points, rtol=1e-10, atol=1e-14)
    best = np.linalg.lstsq(X, y, rcond=None)[0]
    np.testing.assert_allclose(gd.final, best, rtol=1e-8)
    small = sgd(f, minibatch_gradient(sample_grad, 60, 6), np.zeros(3), lr=0.02, steps=2000)
    assert f(small.final) < f(best) + 0.05 * (f(np.zeros(3)) - f(best))


def test_sgd_is_reproducible_by_seed():
    s = surface("quadratic")
    g = noisy_gradient(s.grad, 1.0)
    one = sgd(s.f, g, s.start, lr=0.05, steps=50, seed=3)
    two = sgd(s.f, g, s.start, lr=0.05, steps=50, seed=3)
    other = sgd(s.f, g, s.start, lr=0.05, steps=50, seed=4)
    np.testing.assert_array_equal(one.points, two.points)
    assert not np.array_equal(one.points, other.points)


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_surface_gradients_match_finite_differences(name):
    s = surface(name)
    rng = np.random.default_rng(0)
    for p in [s.start, *rng.uniform(-2, 2, (5, 2))]:
        h = 1e-6
        num = [(s.f(p + h * e) - s.f(p - h * e)) / (2 * h) for e in np.eye(2)]
        np.testing.assert_allclose(s.grad(p), num, rtol=1e-6, atol=1e-6)
    for m in s.minima:
        np.testing.assert_allclose(s.grad(m), 0.0, atol=1e-4)
    (x0, x1), (y0, y1) = s.box
    for p in [s.start, *s.minima]:
        assert x0 <= p[0] <= x1 and y0 <= p[1] <= y1


def test_named_quadratic_is_an_elongated_bowl_descent_can_solve():
    s = surface("quadratic")
    A = np.array([[s.grad(e)[i] for e in np.eye(2)] for i in range(2)])  # the Hessian
    lam = np.linalg.eigvalsh(A)
    np.testing.assert_allclose(lam, [1.0, 10.0])
    path = gradient_descent(s.f, s.grad, s.start, lr=0.15, steps=300)
    np.testing.assert_allclose(path.final, s.minima[0], atol=1e-9)
    assert gradient_descent(s.f, s.grad, s.start, lr=0.21, steps=300).diverged


def test_quadratic_builder_and_rosenbrock_descent():
    A, b = np.array([[4.0, 1.0], [1.0, 3.0]]), np.array([1.0, -2.0])
    np.testing.assert_allclose(quadratic(A, b).minima[0], np.linalg.solve(A, -b))
    with pytest.raises(ValueError, match="A must be positive definite"):
        quadratic([[1.0, 0.0], [0.0, -1.0]])
    with pytest.raises(ValueError, match="A must be symmetric"):
        quadratic([[1.0, 2.0], [0.0, 1.0]])
    r = surface("rosenbrock")
    path = gradient_descent(r.f, r.grad, r.start, lr=1e-3, steps=20000)
    np.testing.assert_allclose(path.final, [1.0, 1.0], atol=1e-3)


def test_optimizer_argument_errors():
    f, g = (lambda x: x @ x), (lambda x: 2 * x)
    with pytest.raises(ValueError, match="unknown|name must be one of .*'rosenbrock'"):
        surface("banana")
    with pytest.raises(ValueError, match=r"^lr must be a finite number > 0, got 0.0$"):
        gradient_descent(f, g, [1.0], lr=0.0, steps=3)
    with pytest.raises(ValueError, match=r"^steps must be an integer >= 0, got 2.5$"):
        gradient_descent(f, g, [1.0], lr=0.1, steps=2.5)
    with pytest.raises(ValueError, match="start must be finite"):
        gradient_descent(f, g, [np.nan], lr=0.1, steps=3)
    with pytest.raises(ValueError, match=r"^beta must be a finite number in \[0, 1\), got 1.0$"):
        momentum(f, g, [1.0], lr=0.1, steps=3, beta=1.0)
    with pytest.raises(ValueError, match="grad must return shape"):
        gradient_descent(f, lambda x: np.zeros(3), [1.0], lr=0.1, steps=3)
    with pytest.raises(ValueError, match=r"^batch_size must be an integer in \[1, 10\], got 11$"):
        minibatch_gradient(lambda w, i: w, 10, 11)


# --- training ---


def test_train_on_digits_reaches_93_percent():
    train_set, test_set = digits()
    net = MLP([64, 16, 16, 10], activation="relu", output="softmax", seed=0)
    h = train(net, train_set.X, train_set.y, 15, 32, 0.1, seed=0, eval_data=tuple(test_set))
    assert h.accuracy[-1] >= 0.93
    assert h.loss.shape == h.accuracy.shape == (16,)
    assert h.loss[-1] < 0.25 * h.loss[0]
    assert h.net.sizes == net.sizes and h.snapshots == ()


def test_train_is_reproducible_and_records_snapshots():
    X, y = dataset("xor", 120, 0.0, seed=1)
    net = MLP([2, 6, 1], activation="tanh", seed=2)
    before = [w.copy() for w in net.W]
    one = train(net, X, y, epochs=4, batch_size=10, lr=0.3, seed=5, snapshots=True)
    two = train(net, X, y, epochs=4, batch_size=10, lr=0.3, seed=5)
    other = train(net, X, y, epochs=4, batch_size=10, lr=0.3, seed=6)
    np.testing.assert_array_equal(one.loss, two.loss)
    assert not np.array_equal(one.loss, other.loss)
    assert all(np.array_equal(w, w0) for w, w0 in zip(net.W, before, strict=True))  # net untouched
    assert len(one.snapshots) == 5 and one.snapshots[0] is net and one.snapshots[-1] is one.net
    assert not np.array_equal(one.snapshots[1].W[0], one.snapshots[2].W[0])
    # index 0 is the untrained net, scored like the rest
    expect = np.mean((net.predict(X)[:, 0] > 0.5) == y)
    assert one.accuracy[0] == pytest.approx(expect)


def test_one_epoch_of_full_batch_training_is_one_gradient_step():
    from nnviz.backprop import backward
    from nnviz.data import one_hot

    X, y = dataset("gauss", 40, 0.1, seed=0)
    net = MLP([2, 3, 2], output="softmax", seed=1)
    h = train(net, X, y, epochs=1, batch_size=40, lr=0.5)
    stepped = net.step(backward(net, net.forward(X), one_hot(y, 2), "cross_entropy"), 0.5)
    for w, v in zip(h.net.W, stepped.W, strict=True):
        np.testing.assert_allclose(w, v, rtol=1e-12)


def test_train_rejects_bad_labels():
    net = MLP([2, 3, 2], output="softmax")
    X = np.zeros((4, 2))
    with pytest.raises(ValueError, match="y labels must be integers in 0..1"):
        train(net, X, [0, 1, 2, 0], 1, 2, 0.1)
    with pytest.raises(ValueError, match=r"y must be a vector of shape \(4,\)"):
        train(net, X, [0, 1, 1], 1, 2, 0.1)
    with pytest.raises(ValueError, match=r"^batch_size must be an integer >= 1, got 0$"):
        train(net, X, [0, 1, 1, 0], 1, 0, 0.1)
    with pytest.raises(ValueError, match="y rows must sum to 1"):
        train(net, X, np.ones((4, 2)), 1, 2, 0.1)
