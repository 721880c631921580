"""Benchmark the numeric core against PyTorch's CPU autograd on the same work, in float64.

1. One forward plus backward pass on a batch of 64 through [64, 32, 32, 10]
   (relu hidden layers, softmax output, cross-entropy): ``net.forward`` + ``backward``
   against torch's forward + ``loss.backward()``.
2. One epoch on the digits (1437 images, batches of 32, lr 0.1): ``optimize.train`` with
   ``epochs=1`` against the same loop in torch, including what ``train`` records (the loss on
   the training set and the accuracy on the test set, before and after the epoch).

Both sides use the same number of threads (``--threads``, default 1: at these sizes threads
cost more than they give). Each figure is the median of ``--repeats`` runs in this process.

    python bench/core.py [--threads N] [--repeats R]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable

SIZES = [64, 32, 32, 10]
BATCH = 64


def median_time(fn: Callable[[], object], repeats: int, inner: int) -> float:
    """Median over ``repeats`` of the mean time of ``inner`` calls, in seconds."""
    fn()  # warm up caches and lazy initialisation
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - start) / inner)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)  # must happen before numpy loads its BLAS

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import numpy as np
    import torch

    from nnviz.backprop import backward
    from nnviz.data import digits, one_hot
    from nnviz.network import MLP
    from nnviz.optimize import train

    torch.set_num_threads(args.threads)
    dtype = torch.float64
    rng = np.random.default_rng(0)
    net = MLP(SIZES, activation="relu", output="softmax", seed=0)

    # --- 1. one forward + backward step ---
    X = rng.normal(size=(BATCH, SIZES[0]))
    labels = rng.integers(0, SIZES[-1], BATCH)
    Y = one_hot(labels, SIZES[-1])

    def numpy_step() -> object:
        return backward(net, net.forward(X), Y, "cross_entropy")

    tW = [torch.tensor(w, dtype=dtype, requires_grad=True) for w in net.W]
    tb = [torch.tensor(v, dtype=dtype, requires_grad=True) for v in net.b]
    tX, tlabels = torch.tensor(X, dtype=dtype), torch.tensor(labels)

    def torch_logits(a: torch.Tensor) -> torch.Tensor:
        for l, (w, v) in enumerate(zip(tW, tb, strict=True)):
            a = a @ w.T + v
            if l < len(tW) - 1:
                a = torch.relu(a)
        return a

    def torch_step() -> object:
        for p in tW + tb:
            p.grad = None
        loss = torch.nn.functional.cross_entropy(torch_logits(tX), tlabels)
        loss.backward()
        return loss

    # the two sides must compute the same thing before their speeds mean anything
    g = numpy_step()
    torch_step()
    assert np.allclose(g.grad_W[0], tW[0].grad.numpy(), rtol=1e-10, atol=1e-14)

    step_np = median_time(numpy_step, args.repeats, 200)
    step_t = median_time(torch_step, args.repeats, 200)

    # --- 2. one epoch on digits ---
    tr, te = digits()
    batch_size, lr = 32, 0.1

    def numpy_epoch() -> object:
        return train(net, tr.X, tr.y, 1, batch_size, lr, seed=0, eval_data=(te.X, te.y))

    trX, trY = torch.tensor(tr.X, dtype=dtype), torch.tensor(tr.y)
    teX, teY = torch.tensor(te.X, dtype=dtype), torch.tensor(te.y)
    W0 = [torch.tensor(w, dtype=dtype) for w in net.W]
    b0 = [torch.tensor(v, dtype=dtype) for v in net.b]

    def torch_record() -> tuple[float, float]:
        with torch.no_grad():
            loss = torch.nn.functional.cross_entropy(torch_logits(trX), trY).item()
            acc = (torch_logits(teX).argmax(dim=1) == teY).double().mean().item()
        return loss, acc

    def torch_epoch() -> object:
        with torch.no_grad():
            for p, p0 in zip(tW + tb, W0 + b0, strict=True):
                p.copy_(p0)
        history = [torch_record()]
        # train shuffles with default_rng(seed).permutation; use the same order here
        order = torch.from_numpy(np.random.default_rng(0).permutation(len(trY)))
        for start in range(0, len(trY), batch_size):
            idx = order[start : start + batch_size]
            for p in tW + tb:
                p.grad = None
            torch.nn.functional.cross_entropy(torch_logits(trX[idx]), trY[idx]).backward()
            with torch.no_grad():
                for p in tW + tb:
                    p -= lr * p.grad
        history.append(torch_record())
        return history

    h_np, h_t = numpy_epoch(), torch_epoch()
    assert np.allclose(h_np.loss, [loss for loss, _ in h_t], rtol=1e-9)  # identical training
    assert np.allclose(h_np.accuracy, [acc for _, acc in h_t])

    epoch_np = median_time(numpy_epoch, args.repeats, 3)
    epoch_t = median_time(torch_epoch, args.repeats, 3)

    print(f"nnviz core benchmark: float64, threads: numpy BLAS {args.threads}, ", end="")
    print(f"torch {torch.get_num_threads()} (torch {torch.__version__}, numpy {np.__version__})")
    print(f"median of {args.repeats} repeats, measured in this run\n")
    print(f"{'':44s}{'numpy':>10s}{'torch':>10s}{'torch/numpy':>13s}")
    rows = [
        (f"forward+backward, batch {BATCH}, {SIZES}", step_np, step_t),
        ("one epoch on digits (1437 images, batch 32)", epoch_np, epoch_t),
    ]
    for name, t_np, t_t in rows:
        print(f"{name:44s}{_fmt(t_np):>10s}{_fmt(t_t):>10s}{t_t / t_np:>12.2f}x")
    return 0


def _fmt(seconds: float) -> str:
    return f"{seconds * 1e6:.0f} µs" if seconds < 1e-3 else f"{seconds * 1e3:.1f} ms"


if __name__ == "__main__":
    sys.exit(main())
