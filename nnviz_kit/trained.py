"""Trained networks the scenes share, trained once and cached as ``.npz`` under the build folder.

The cache file name carries a hash of every training setting, so changing one retrains.
Writes are atomic (``MLP.save`` renames a finished temporary file into place), so two
renders that train at once (``make -j2``) both end up with a whole file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from nnviz.data import digits
from nnviz.network import MLP
from nnviz.optimize import train
from nnviz_kit.workspace import build_dir

__all__ = ["DIGITS_SETTINGS", "digits_network", "cache_path"]

#: How the lecture's digits network is trained (the cache key is made from these).
DIGITS_SETTINGS = {
    "sizes": [64, 16, 16, 10],
    "activation": "sigmoid",
    "output": "softmax",
    "init_seed": 0,
    "epochs": 30,
    "batch_size": 16,
    "lr": 0.5,
    "shuffle_seed": 0,
}


def cache_path(name: str, settings: dict) -> Path:
    """``<build>/nets/<name>-<hash of settings>.npz``."""
    key = hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:12]
    return build_dir() / "nets" / f"{name}-{key}.npz"


def _cached(name: str, settings: dict, fit: Callable[[], MLP]) -> MLP:
    """The net cached under ``name`` and ``settings``; else ``fit()``, saved for next time."""
    path = cache_path(name, settings)
    if path.exists():
        return MLP.load(path)
    net = fit()
    net.save(path)  # atomic: a parallel render never loads half a file
    return net


def digits_network(settings: dict | None = None) -> MLP:
    """The [64, 16, 16, 10] digits net: loaded from the cache, else trained and cached."""
    s = dict(DIGITS_SETTINGS if settings is None else settings)

    def fit() -> MLP:
        train_set, test_set = digits()
        net = MLP(s["sizes"], activation=s["activation"], output=s["output"], seed=s["init_seed"])
        return train(
            net, train_set.X, train_set.y, epochs=s["epochs"], batch_size=s["batch_size"],
            lr=s["lr"], seed=s["shuffle_seed"], eval_data=(test_set.X, test_set.y),
        ).net  # fmt: skip

    return _cached("digits", s, fit)


def toy_network(dataset_name: str, hidden: list[int], seed: int) -> tuple[MLP, object, object]:
    """A tanh net [2, *hidden, 1] trained on a toy set in Playground units (cached).

    Returns ``(net, X, y)``: the trained net and the (rescaled) points with their labels.
    """
    from nnviz.data import dataset, rescale

    s = {
        "dataset": dataset_name,
        "n": 200,
        "noise": 0.1,
        "data_seed": 0,
        "radius": 5.0,
        "sizes": [2, *[int(h) for h in hidden], 1],
        "activation": "tanh",
        "output": "sigmoid",
        "init_seed": int(seed),
        "epochs": 400,
        "batch_size": 10,
        "lr": 0.3,
    }
    data = dataset(dataset_name, s["n"], s["noise"], seed=s["data_seed"])
    X, y = rescale(data.X, s["radius"]), data.y

    def fit() -> MLP:
        net = MLP(s["sizes"], activation=s["activation"], output=s["output"], seed=s["init_seed"])
        return train(
            net,
            X,
            y,
            epochs=s["epochs"],
            batch_size=s["batch_size"],
            lr=s["lr"],
            seed=s["init_seed"],
        ).net

    return _cached("toy", s, fit), X, y
