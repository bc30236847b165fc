"""Writes test/engine/fixtures/tf-reductions.json: real TF sums, means and products (CPU, one thread).

`.venv-tf/bin/python scripts/oracle/reductions_fixture.py`, then `npx biome format --write` on the JSON. The inputs
are not stored: element i of a case is `(h(i) mod 2^24 - 2^23) * 2^(i mod 9 - 27)` (times `2^(3 * (i mod 5))` for
wide cases; `1 + that * 2^-6` for products), with `h(i) = (i * 2654435761 + seed) mod 2^32`, exact in float32 and
float64, so the test rebuilds them. Outputs are stored as bit patterns: uint32 for float32, 16 hex digits for
float64. Also the gradient of `reduce_sum((x + b) * w)` with respect to a broadcast bias `b` (TF sums the upstream
gradient over the broadcast axes), with `w` built the same way.
"""

import json
import os

import numpy as np
import tensorflow as tf


def values(n, seed, kind, dtype):
    i = np.arange(n, dtype=np.int64)
    h = (i * 2654435761 + seed) % (1 << 32)
    m = (h % (1 << 24)) - (1 << 23)
    e = (i % 9) - 27
    if kind == "wide":
        e = e + (i % 5) * 3
    v = m.astype(np.float64) * np.exp2(e.astype(np.float64))
    if kind == "prod":
        v = 1.0 + v * 2.0**-6
    return v.astype(dtype)


def bits(a):
    a = np.asarray(a).reshape(-1)
    if a.dtype == np.float32:
        return a.view(np.uint32).tolist()
    return [format(int(u), "016x") for u in a.view(np.uint64)]


def cases():
    out = []
    for n in list(range(1, 41)) + [63, 64, 65, 100, 257, 1000, 1025, 4095, 4096, 4097, 5000, 8191, 8192, 8193,
                                   8200, 10007, 16385, 20000, 50001]:
        out.append(("sum", "float32", [n], None))
    for r, l in [(2, 3), (3, 8), (5, 9), (4, 33), (7, 100), (3, 1000), (1, 17), (17, 1), (16, 5), (40, 7),
                 (33, 16), (100, 3), (20, 40), (3, 10000), (2, 20001)]:
        out.append(("sum", "float32", [r, l], [1]))
        if l <= 1000:
            out.append(("sum", "float32", [r, l], [0]))
    for shape, axes in [([2, 5, 3], [1]), ([3, 17, 9], [1]), ([4, 20, 8], [1]), ([5, 33, 12], [1]), ([7, 16, 5], [1]),
                        ([2, 5, 3], [0, 2]), ([3, 17, 9], [0, 2]), ([7, 16, 5], [0, 2]), ([20, 1, 30], [0]),
                        ([2, 3, 4, 5], [0, 2]), ([3, 4, 5, 6], [1, 3]), ([4, 10, 3, 50], [0, 2]), ([2, 3, 4], [0, 1, 2]),
                        ([6, 1, 7], [0, 2]), ([1, 1], [0, 1])]:
        out.append(("sum", "float32", shape, axes))
    for shape, axes in [([1000], None), ([37], None), ([30, 7], [0]), ([7, 30], [1]), ([20, 33], [0]), ([5, 6, 7], [1]),
                        ([9, 2], [0]), ([12, 3], None)]:
        out.append(("mean", "float32", shape, axes))
    for shape, axes in [([5], None), ([9], None), ([40], None), ([77], None), ([300], None), ([20, 9], [0]),
                        ([9, 20], [1])]:
        out.append(("prod", "float32", shape, axes))
    for n in [3, 5, 8, 17, 33, 100, 1000, 4096, 4097, 5000, 20000]:
        out.append(("sum", "float64", [n], None))
    for shape, axes in [([30, 7], [0]), ([7, 30], [1]), ([4, 20, 6], [1])]:
        out.append(("sum", "float64", shape, axes))
        out.append(("mean", "float64", shape, axes))
    return out


def main():
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    result = {"tf": tf.__version__, "cases": [], "biasGrads": []}
    fns = {"sum": tf.reduce_sum, "mean": tf.reduce_mean, "prod": tf.reduce_prod}
    for k, (op, dtype, shape, axes) in enumerate(cases()):
        n = int(np.prod(shape))
        kind = "prod" if op == "prod" else ("wide" if k % 2 else "narrow")
        x = values(n, k, kind, np.dtype(dtype)).reshape(shape)
        y = fns[op](tf.constant(x), axis=axes).numpy()
        result["cases"].append({"op": op, "dtype": dtype, "shape": shape, "axes": axes, "seed": k, "kind": kind,
                                "y": bits(y)})
    for k, (shape, bshape) in enumerate([([37, 5], [5]), ([100, 3], [3]), ([9, 4, 6], [6]), ([9, 4, 6], [4, 1]),
                                         ([64, 32], [32]), ([20, 1], [1])]):
        x = tf.constant(values(int(np.prod(shape)), 1000 + k, "narrow", np.float32).reshape(shape))
        w = tf.constant(values(int(np.prod(shape)), 2000 + k, "wide", np.float32).reshape(shape))
        b = tf.Variable(values(int(np.prod(bshape)), 3000 + k, "narrow", np.float32).reshape(bshape))
        with tf.GradientTape() as tape:
            y = tf.reduce_sum((x + b) * w)
        result["biasGrads"].append({"shape": shape, "bias": bshape, "seeds": [1000 + k, 2000 + k, 3000 + k],
                                    "dy": bits(tape.gradient(y, b).numpy())})
    path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "engine", "fixtures", "tf-reductions.json")
    with open(path, "w") as f:
        json.dump(result, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
