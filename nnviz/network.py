"""Neurons and networks: activations, losses and a fully connected net that records everything.

Indexing. A net with ``L`` weight layers has per-layer tuples ``W``, ``b`` (and, in a trace,
``z``; in gradients, ``delta``, ``grad_W``, ``grad_b``) of length ``L``, indexed by the layer
``l = 0 … L-1``. Activations ``a`` have length ``L + 1``: ``a[0]`` is the input and
``a[l + 1] = σ(z[l])`` with ``z[l] = W[l] a[l] + b[l]``. So the textbook ``aˡ⁻¹`` feeding
layer ``l`` is ``a[l]`` here.

A single input has shape (n_in,) and every recorded value is a vector; a batch has shape
(k, n_in) and every recorded value gets a leading batch axis of length k.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from nnviz.atomic import atomic_path
from nnviz.checks import as_array, as_points, check_choice, check_scalar

__all__ = [
    "ACTIVATIONS",
    "LOSSES",
    "Activation",
    "Loss",
    "MLP",
    "NeuronTerms",
    "Stage",
    "Trace",
    "activation",
    "cross_entropy",
    "forward_batch",
    "identity",
    "labels_of",
    "layer_stages",
    "leaky_relu",
    "loss",
    "mse",
    "neuron_terms",
    "relu",
    "sigmoid",
    "softmax",
    "tanh",
]

LEAKY_SLOPE = 0.01  # PyTorch's default negative slope


# --- activations, each beside its derivative ---------------------------------------------


def _relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


def _relu_df(z: np.ndarray) -> np.ndarray:
    return (z > 0).astype(np.float64)  # 0 at the kink, as PyTorch


def _leaky_relu(z: np.ndarray) -> np.ndarray:
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def _leaky_relu_df(z: np.ndarray) -> np.ndarray:
    return np.where(z > 0, 1.0, LEAKY_SLOPE)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # exp of -|z| never overflows; both branches are accurate to the last bit
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_df(z: np.ndarray) -> np.ndarray:
    s = _sigmoid(z)
    return s * (1.0 - s)


def _tanh(z: np.ndarray) -> np.ndarray:
    return np.tanh(z)


def _tanh_df(z: np.ndarray) -> np.ndarray:
    return 1.0 - np.tanh(z) ** 2


def _identity(z: np.ndarray) -> np.ndarray:
    return np.array(z, dtype=np.float64)


def _identity_df(z: np.ndarray) -> np.ndarray:
    return np.ones_like(z, dtype=np.float64)


def _softmax(z: np.ndarray) -> np.ndarray:
    # shifting by the max changes nothing mathematically and keeps exp from overflowing
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _softmax_df(z: np.ndarray) -> np.ndarray:
    # softmax mixes its inputs, so its derivative is the Jacobian diag(a) - a aᵀ, not a vector
    a = _softmax(z)
    return a[..., :, None] * np.eye(a.shape[-1]) - a[..., :, None] * a[..., None, :]


@dataclass(frozen=True)
class Activation:
    """An activation σ with its derivative σ': call it as ``sigmoid(z)``, as ``torch.sigmoid``.

    ``f(z)``, the same as calling it, has the shape of ``z``. ``df(z)`` has the shape of
    ``z`` too (σ' applied elementwise), except for softmax, whose derivative is the Jacobian:
    shape (n, n) for z (n,), (k, n, n) for a batch. ``elementwise`` tells which case applies.

    >>> sigmoid([0.0, 2.0]), sigmoid.df(np.array([0.0]))
    (array([0.5       , 0.88079708]), array([0.25]))
    >>> relu(-1.5), softmax([[0.0, 0.0]])
    (np.float64(0.0), array([[0.5, 0.5]]))
    """

    name: str
    f: Callable[[np.ndarray], np.ndarray]
    df: Callable[[np.ndarray], np.ndarray]
    elementwise: bool = True

    def __call__(self, z: object) -> np.ndarray | np.float64:
        """σ(z) for ``z`` a number or an array of any shape (softmax: over the last axis).

        Like ``torch.sigmoid`` it takes any real input, infinities included; a number gives
        a number.
        """
        try:
            arr = np.asarray(z, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"z must be numeric, got {z!r}") from None
        if arr.ndim == 0 and not self.elementwise:
            raise ValueError(f"z must have at least one axis for {self.name}, got a number")
        out = self.f(arr)
        return out[()] if out.ndim == 0 else out


relu = Activation("relu", _relu, _relu_df)
leaky_relu = Activation("leaky_relu", _leaky_relu, _leaky_relu_df)
sigmoid = Activation("sigmoid", _sigmoid, _sigmoid_df)
tanh = Activation("tanh", _tanh, _tanh_df)
identity = Activation("identity", _identity, _identity_df)
softmax = Activation("softmax", _softmax, _softmax_df, elementwise=False)

ACTIVATIONS: dict[str, Activation] = {
    a.name: a for a in (relu, leaky_relu, sigmoid, tanh, softmax, identity)
}


def activation(name: str | Activation) -> Activation:
    """Look up an activation by name (an ``Activation`` is passed through).

    >>> activation("tanh").name
    'tanh'
    """
    return _lookup("activation", ACTIVATIONS, Activation, name)


def _lookup(what: str, table: dict, kind: type, name: object):
    """``table[name]``, or ``name`` itself if it already is a ``kind``; a clear error otherwise."""
    return name if isinstance(name, kind) else table[check_choice(name, what, table)]


# --- losses, each beside its gradient ------------------------------------------------------


def _batch_size(a: np.ndarray) -> int:
    return 1 if a.ndim == 1 else a.shape[0]


def _mse(a: np.ndarray, y: np.ndarray) -> float:
    return float(0.5 * np.sum((a - y) ** 2) / _batch_size(a))


def _mse_grad(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    return a - y


def _check_probabilities(a: np.ndarray) -> None:
    if np.any(a < 0):
        raise ValueError(
            "cross_entropy needs outputs a >= 0 (a softmax or sigmoid output layer), "
            f"got min(a) = {a.min()}"
        )


def _cross_entropy(a: np.ndarray, y: np.ndarray) -> float:
    _check_probabilities(a)
    # terms with y = 0 contribute 0 even where a = 0 (0·log 0 = 0)
    logs = np.log(np.where(y != 0, a, 1.0))
    return float(-np.sum(y * logs) / _batch_size(a))


def _cross_entropy_grad(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    _check_probabilities(a)
    return -y / a


@dataclass(frozen=True)
class Loss:
    """A cost C(a, y) with its gradient ∇ₐC.

    ``f(a, y)`` is a float: summed over the outputs and averaged over the batch (a batch has
    shape (k, n)). ``grad(a, y)`` has the shape of ``a`` and gives, row by row, the gradient
    of each example's own cost Cₓ, without the 1/k of the batch mean.

    >>> loss("mse").f(np.array([1.0, 2.0]), np.array([0.0, 0.0]))
    2.5
    >>> loss("mse").grad(np.array([1.0, 2.0]), np.array([0.0, 0.0]))
    array([1., 2.])
    """

    name: str
    f: Callable[[np.ndarray, np.ndarray], float]
    grad: Callable[[np.ndarray, np.ndarray], np.ndarray]


mse = Loss("mse", _mse, _mse_grad)
"""½·Σ(a − y)², averaged over the batch."""
cross_entropy = Loss("cross_entropy", _cross_entropy, _cross_entropy_grad)
"""−Σ y·log a, averaged over the batch; meant for softmax outputs and one-hot y.

It is the categorical form: on a single sigmoid unit it is not binary cross-entropy (it
ignores the (1 − y)·log(1 − a) term), so use two softmax outputs for two classes."""

LOSSES: dict[str, Loss] = {c.name: c for c in (mse, cross_entropy)}


def loss(name: str | Loss) -> Loss:
    """Look up a loss by name (a ``Loss`` is passed through).

    >>> loss("cross_entropy").name
    'cross_entropy'
    """
    return _lookup("loss", LOSSES, Loss, name)


# --- the network ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trace:
    """Every value of one forward pass.

    ``z[l]`` (length L) are the pre-activations of layer l, shape (n_{l+1},) or (k, n_{l+1});
    ``a[l]`` (length L + 1) are the activations, ``a[0]`` the input and ``a[-1]`` the output.

    >>> t = MLP([2, 3, 1]).forward([0.5, -1.0])
    >>> len(t.z), len(t.a), t.a[1].shape
    (2, 3, (3,))
    """

    z: tuple[np.ndarray, ...]
    a: tuple[np.ndarray, ...]

    @property
    def output(self) -> np.ndarray:
        """The network's output ``a[-1]``."""
        return self.a[-1]


def _frozen(arr: np.ndarray) -> np.ndarray:
    arr = np.array(arr, dtype=np.float64)  # always a private copy
    arr.setflags(write=False)
    return arr


class MLP:
    """A fully connected network: ``z[l] = W[l] a[l] + b[l]``, ``a[l+1] = σ(z[l])``.

    ``sizes`` lists the layer widths, input first. Hidden layers use ``activation`` (an
    elementwise one), the last layer uses ``output``. ``W[l]`` has shape (n_out, n_in) and
    ``b[l]`` shape (n_out,).

    Initialisation, with ``numpy.random.default_rng(seed)``, layer by layer: biases are 0 and
    weights are normal with standard deviation √(2/n_in) (He) when the hidden activation is
    relu or leaky_relu, else √(1/n_in) (LeCun/Xavier), so activations neither die nor
    saturate at the start.

    A net is immutable: its arrays are read-only, and ``step`` returns a new net. That makes
    recorded snapshots safe to keep.

    >>> net = MLP([4, 3, 2], seed=0)
    >>> net.sizes, net.n_params, net.W[0].shape, net.b[0].shape
    ((4, 3, 2), 23, (3, 4), (3,))
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str | Activation = "sigmoid",
        output: str | Activation = "sigmoid",
        seed: int = 0,
    ) -> None:
        sizes = _check_sizes(sizes)
        hidden = _hidden_activation(activation)
        scale = 2.0 if hidden.name in ("relu", "leaky_relu") else 1.0
        rng = np.random.default_rng(check_scalar(seed, "seed", int, min_val=0))
        Ws, bs = [], []
        for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
            Ws.append(rng.normal(0.0, np.sqrt(scale / n_in), size=(n_out, n_in)))
            bs.append(np.zeros(n_out))
        self._set(Ws, bs, hidden, _output_activation(output))

    def _set(self, Ws: list, bs: list, hidden: Activation, out: Activation) -> None:
        self.W: tuple[np.ndarray, ...] = tuple(_frozen(w) for w in Ws)
        self.b: tuple[np.ndarray, ...] = tuple(_frozen(v) for v in bs)
        self.activation: Activation = hidden
        self.output: Activation = out

    @classmethod
    def from_weights(
        cls,
        Ws: Sequence[object],
        bs: Sequence[object],
        activation: str | Activation = "sigmoid",
        output: str | Activation = "sigmoid",
    ) -> MLP:
        """A net with the given weights ``Ws[l]`` (n_out, n_in) and biases ``bs[l]`` (n_out,).

        >>> net = MLP.from_weights([[[2, 1, 1, -1], [1, 1, 1, 1]]], [[-9, -7]], output="identity")
        >>> net.forward([2, 5, 7, 3]).z[0]
        array([ 4., 10.])
        """
        if len(Ws) == 0 or len(Ws) != len(bs):
            raise ValueError(
                f"Ws and bs must be non-empty and of equal length, got {len(Ws)} and {len(bs)}"
            )
        W_arrs, b_arrs = [], []
        for l, (w, v) in enumerate(zip(Ws, bs, strict=True)):
            w = as_array(f"Ws[{l}]", w)
            v = as_array(f"bs[{l}]", v)
            if w.ndim != 2:
                raise ValueError(f"Ws[{l}] must be a 2-D (n_out, n_in) matrix, got {w.shape}")
            if v.shape != (w.shape[0],):
                raise ValueError(f"bs[{l}] must have shape ({w.shape[0]},), got {v.shape}")
            if l > 0 and w.shape[1] != W_arrs[-1].shape[0]:
                raise ValueError(
                    f"Ws[{l}] must take {W_arrs[-1].shape[0]} inputs (the width of layer "
                    f"{l - 1}'s output), got shape {w.shape}"
                )
            W_arrs.append(w)
            b_arrs.append(v)
        net = cls.__new__(cls)
        net._set(W_arrs, b_arrs, _hidden_activation(activation), _output_activation(output))
        return net

    # --- shape ---

    @property
    def sizes(self) -> tuple[int, ...]:
        """Layer widths, input first."""
        return (self.W[0].shape[1],) + tuple(w.shape[0] for w in self.W)

    @property
    def n_layers(self) -> int:
        """Number of weight layers L."""
        return len(self.W)

    @property
    def n_params(self) -> int:
        """Number of weights and biases."""
        return sum(w.size + v.size for w, v in zip(self.W, self.b, strict=True))

    def __repr__(self) -> str:
        return (
            f"MLP(sizes={list(self.sizes)}, activation={self.activation.name!r}, "
            f"output={self.output.name!r})"
        )

    # --- running ---

    def forward(self, x: object) -> Trace:
        """Run ``x`` (n_in,) or a batch (k, n_in) through the net, recording every z and a.

        >>> MLP.from_weights([[[1.0, -1.0]]], [[0.5]], output="relu").forward([2.0, 3.0]).a
        (array([2., 3.]), array([0.]))
        """
        X, single = as_points("x", x, self.sizes[0])
        zs, acts = forward_batch(self, X)
        if single:
            zs, acts = [z[0] for z in zs], [a[0] for a in acts]
        return Trace(tuple(zs), tuple(acts))

    def predict(self, x: object) -> np.ndarray:
        """The output activations for ``x`` (n_in,) or (k, n_in): shape (n_out,) or (k, n_out).

        >>> MLP([2, 3, 1]).predict([[0.0, 0.0], [1.0, 1.0]]).shape
        (2, 1)
        """
        return self.forward(x).output

    __call__ = predict

    def classify(self, x: object) -> np.ndarray:
        """Class labels: argmax of the outputs, or ``output > 0.5`` for a single output unit.

        Shape () for one input (n_in,), (k,) for a batch.

        >>> MLP([2, 3, 4]).classify([[0.0, 1.0], [1.0, 0.0]]).shape
        (2,)
        """
        return labels_of(self.predict(x))

    # --- changing ---

    def copy(self) -> MLP:
        """An independent copy.

        >>> net = MLP([2, 2]); net.copy().W[0] is net.W[0]
        False
        """
        return MLP.from_weights(self.W, self.b, self.activation, self.output)

    def step(self, grads: object, lr: float) -> MLP:
        """A new net moved by one gradient-descent step: ``W - lr·grad_W``, ``b - lr·grad_b``.

        ``grads`` is a ``backprop.Gradients`` (anything with ``grad_W`` and ``grad_b``).
        The net itself is left unchanged.

        >>> net = MLP([1, 1]); g = type("G", (), {"grad_W": [[[1.0]]], "grad_b": [[2.0]]})
        >>> net.step(g, 0.5).b[0]
        array([-1.])
        """
        gW, gb = getattr(grads, "grad_W", None), getattr(grads, "grad_b", None)
        if gW is None or gb is None or len(gW) != self.n_layers or len(gb) != self.n_layers:
            raise ValueError(f"grads must have grad_W and grad_b with {self.n_layers} layers each")
        lr = check_scalar(lr, "lr", float, min_val=0, include_boundaries="right")
        Ws, bs = [], []
        for l, (w, v) in enumerate(zip(self.W, self.b, strict=True)):
            g_w, g_b = as_array(f"grad_W[{l}]", gW[l]), as_array(f"grad_b[{l}]", gb[l])
            if g_w.shape != w.shape or g_b.shape != v.shape:
                raise ValueError(
                    f"grad_W[{l}], grad_b[{l}] must have shapes {w.shape}, {v.shape}, "
                    f"got {g_w.shape}, {g_b.shape}"
                )
            Ws.append(w - lr * g_w)
            bs.append(v - lr * g_b)
        return self.with_weights(Ws, bs)

    def with_weights(self, Ws: Sequence[np.ndarray], bs: Sequence[np.ndarray]) -> MLP:
        """A net with this one's activations and the weights ``Ws[l]``, biases ``bs[l]``.

        Unchecked, unlike ``from_weights``: for the training loop and the gradient check,
        whose arrays have this net's shapes by construction.

        >>> net = MLP([2, 1]); net.with_weights(net.W, [np.ones(1)]).b[0]
        array([1.])
        """
        net = MLP.__new__(MLP)
        net._set(Ws, bs, self.activation, self.output)
        return net

    # --- files ---

    def save(self, path: str | os.PathLike) -> None:
        """Save to ``path`` as ``.npz`` (exactly that name), atomically via a temporary file.

        >>> import tempfile, os; p = os.path.join(tempfile.mkdtemp(), "net.npz")
        >>> MLP([2, 3, 1]).save(p); MLP.load(p).sizes
        (2, 3, 1)
        """
        path = os.fspath(path)
        arrays = {f"W{l}": w for l, w in enumerate(self.W)} | {
            f"b{l}": v for l, v in enumerate(self.b)
        }
        with atomic_path(path, suffix=".npz") as tmp, open(tmp, "wb") as fh:
            np.savez(
                fh,
                n_layers=np.array(self.n_layers),
                activation=np.array(self.activation.name),
                output=np.array(self.output.name),
                **arrays,
            )

    @classmethod
    def load(cls, path: str | os.PathLike) -> MLP:
        """Load a net written by ``save``.

        >>> import tempfile, os; p = os.path.join(tempfile.mkdtemp(), "net.npz")
        >>> MLP([2, 2], output="softmax").save(p); MLP.load(p).output.name
        'softmax'
        """
        with np.load(os.fspath(path), allow_pickle=False) as data:
            n = int(data["n_layers"])
            Ws = [data[f"W{l}"] for l in range(n)]
            bs = [data[f"b{l}"] for l in range(n)]
            return cls.from_weights(Ws, bs, str(data["activation"]), str(data["output"]))


def labels_of(outputs: np.ndarray) -> np.ndarray:
    """Class labels from outputs (…, n_out): argmax, or ``> 0.5`` when n_out is 1.

    >>> labels_of(np.array([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]]))
    array([1, 0])
    """
    if outputs.shape[-1] == 1:
        return (outputs[..., 0] > 0.5).astype(np.int64)
    return np.argmax(outputs, axis=-1)


def forward_batch(net: MLP, X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Unchecked forward pass of a batch ``X`` (k, n_in): the lists ``z`` and ``a`` of a Trace.

    ``z[l]`` is (k, n_{l+1}) and ``a[l]`` (k, n_l), ``a[0]`` being ``X`` itself. No checks,
    no copies: the training loop and the backward pass call it on arrays they have checked.

    >>> zs, acts = forward_batch(MLP([2, 3, 1]), np.zeros((5, 2)))
    >>> [z.shape for z in zs], len(acts)
    ([(5, 3), (5, 1)], 3)
    """
    zs, acts = [], [X]
    last = net.n_layers - 1
    for l, (w, v) in enumerate(zip(net.W, net.b, strict=True)):
        z = acts[-1] @ w.T + v  # rows are examples, so W a becomes a Wᵀ
        zs.append(z)
        acts.append((net.output if l == last else net.activation).f(z))
    return zs, acts


def _check_sizes(sizes: Sequence[int]) -> tuple[int, ...]:
    """Layer widths: at least two, each an integer >= 1."""
    if isinstance(sizes, str | bytes) or not isinstance(sizes, Sequence | np.ndarray):
        raise ValueError(f"sizes must be a list of at least two layer widths, got {sizes!r}")
    if len(sizes) < 2:
        raise ValueError(f"sizes must be a list of at least two layer widths, got {sizes!r}")
    return tuple(check_scalar(s, f"sizes[{i}]", int, min_val=1) for i, s in enumerate(sizes))


def _output_activation(name: str | Activation) -> Activation:
    """The output layer's activation; an unknown name is reported as ``output``."""
    return _lookup("output", ACTIVATIONS, Activation, name)


def _hidden_activation(name: str | Activation) -> Activation:
    act = activation(name)
    if not act.elementwise:
        raise ValueError(
            f"activation (the hidden layers') must be elementwise, got {act.name!r}; "
            "softmax belongs on the output layer (output='softmax')"
        )
    return act


# --- one neuron, and one layer in stages, for the scenes that take them apart -----------------


@dataclass(frozen=True)
class NeuronTerms:
    """One neuron taken apart: ``products`` wᵢxᵢ (n,), their ``total`` Σwᵢxᵢ, ``z`` = total + b,
    and the activation ``a`` = σ(z).

    >>> t = neuron_terms([2, 5, 7, 3], [2, 1, 1, -1], -9, "identity")
    >>> t.products, t.total, t.z, t.a
    (array([ 4.,  5.,  7., -3.]), 13.0, 4.0, 4.0)
    """

    products: np.ndarray
    total: float
    z: float
    a: float


def neuron_terms(
    x: object, w: object, b: float, activation: str | Activation = "sigmoid"
) -> NeuronTerms:
    """The dot product of ``x`` (n,) and ``w`` (n,) term by term, plus ``b``, through σ."""
    x = as_array("x", x)
    w = as_array("w", w)
    if x.ndim != 1 or w.shape != x.shape:
        raise ValueError(f"x and w must be vectors of one length, got {x.shape} and {w.shape}")
    b = check_scalar(b, "b", float)
    act = _hidden_activation(activation)
    products = x * w
    total = float(np.sum(products))
    z = total + b
    return NeuronTerms(products, total, z, float(act(z)))


@dataclass(frozen=True)
class Stage:
    """One layer as three moves of its input ``a[l]``: ``linear`` = W a, ``shifted`` = W a + b
    (that is z), ``activated`` = σ(z). Each has shape (k, n_out) for a batch, (n_out,) for one.
    """

    linear: np.ndarray
    shifted: np.ndarray
    activated: np.ndarray


def layer_stages(net: MLP, x: object) -> tuple[Stage, ...]:
    """Every layer of ``net`` on ``x`` (n_in,) or (k, n_in), as linear map, shift and squash.

    >>> net = MLP.from_weights([[[2.0, 0.0], [0.0, 1.0]]], [[1.0, -1.0]], output="identity")
    >>> s = layer_stages(net, [1.0, 1.0])[0]
    >>> s.linear, s.shifted, s.activated
    (array([2., 1.]), array([3., 0.]), array([3., 0.]))
    """
    X, single = as_points("x", x, net.sizes[0])
    zs, acts = forward_batch(net, X)
    stages = []
    for l, w in enumerate(net.W):
        linear = acts[l] @ w.T
        stages.append(Stage(linear, zs[l], acts[l + 1]))
    if single:
        return tuple(Stage(s.linear[0], s.shifted[0], s.activated[0]) for s in stages)
    return tuple(stages)
