"""Writes test/engine/fixtures/tf-unary-f32.json: real TF float32 exp/tanh/sin/cos/log/sigmoid/log1p/expm1/softplus
(CPU) on chosen inputs.

`python bench/tf_unary_fixture.py` with TF installed. Inputs and outputs are stored as uint32 bit patterns (NaN
payloads and signed zeros survive JSON). `ops`: one tensor per op whose size is a multiple of TF's 8-float packets,
so every element goes through Eigen's packet algorithm; `sizes`: per op, the special and edge values in tensors
of 7 and random tensors of 1–20, 31, 255 and 257 elements, whose last n mod 8 elements TF computes with Eigen's
scalar form. The kernel tests compare the TypeScript and WebAssembly kernels, and the ops at every size, with
these bit for bit.
"""

import json
import os

import numpy as np
import tensorflow as tf

SPECIAL = [0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 1e-40, -1e-40, 1.17549435e-38, 3.4e38, -3.4e38]
EDGES = {
    "exp": [-104.0, -103.99, -87.34, -87.33, -87.0, 87.0, 88.37, 88.38, 88.72, 88.7228, 88.723, 88.73, 0.3466, -0.3466],
    "tanh": [7.9, 7.90738964080810547, 7.91, 8.0, -7.91, 1e-4, -1e-4, 0.625],
    "sin": [25965.0, 25966.0, 25967.0, 18838.0, 1e5, 1e7, 1e20, -1e20, np.pi, np.pi / 2, np.pi / 4],
    "cos": [18837.0, 18838.0, 18839.0, 25966.0, 1e5, 1e7, 1e20, -1e20, np.pi, np.pi / 2, np.pi / 4],
    "log": [0.5, 0.70710677, 0.70710678, 0.7071068, 1.0000001, 0.99999994, 2.0, 1e-38, 1e30, 3.4e38, 1e-45, -1e-45],
    "sigmoid": [-104.0, -103.99, -87.5, -88.0, -90.0, 16.6355324, 16.64, 20.0, 1e-8, -1e-8, 0.5, -0.5],
    "log1p": [-1.0, -0.99999994, -0.5, 1e-8, -1e-8, 6e-8, 1.2e-7, 3e38, 1e-30, -2.0],
    "expm1": [1e-8, -1e-8, 3e-8, 1e-7, -17.0, -16.0, -88.0, 88.0, 88.72, 89.0, 0.5, -0.5],
    "softplus": [-13.9423847, -13.9423857, 13.9423847, 13.9423857, -15.0, -20.0, -90.0, 0.5, 100.0, -100.0],
}
RANGES = {
    "exp": (-100.0, 90.0),
    "tanh": (-10.0, 10.0),
    "sin": (-50.0, 50.0),
    "cos": (-50.0, 50.0),
    "log": (1e-6, 100.0),
    "sigmoid": (-20.0, 20.0),
    "log1p": (-0.9, 10.0),
    "expm1": (-5.0, 5.0),
    "softplus": (-20.0, 20.0),
}
SIZES = list(range(1, 21)) + [31, 255, 257]


def tf_op(op):
    return getattr(tf.math, op)


def wide(rng, op, lo, hi):
    if op in ("sin", "cos"):
        return rng.uniform(-3e4, 3e4, 64)
    if op == "log":
        return 10.0 ** rng.uniform(-37, 38, 64)
    return rng.uniform(lo / 1e3, hi / 1e3, 64)


def main() -> None:
    tf.config.threading.set_intra_op_parallelism_threads(1)
    rng = np.random.default_rng(2026)
    out = {"tf": tf.__version__, "ops": {}}
    out["sizes"] = {}
    for op in RANGES:
        lo, hi = RANGES[op]
        x = np.concatenate([SPECIAL, EDGES[op], rng.uniform(lo, hi, 400), wide(rng, op, lo, hi)]).astype(np.float32)
        # A multiple of TF's 8-float AVX packets: every element goes through the vectorised algorithm.
        x = x[: len(x) // 8 * 8]
        with np.errstate(all="ignore"):
            y = tf_op(op)(tf.constant(x)).numpy()
        out["ops"][op] = {"x": x.view(np.uint32).tolist(), "y": y.view(np.uint32).tolist()}
        cases = []
        # The special and edge values in tensors of 7, all computed by the scalar form.
        edge = np.array(SPECIAL + EDGES[op], dtype=np.float32)
        for i in range(0, len(edge), 7):
            xs = edge[i : i + 7]
            with np.errstate(all="ignore"):
                ys = tf_op(op)(tf.constant(xs)).numpy()
            cases.append({"x": xs.view(np.uint32).tolist(), "y": ys.view(np.uint32).tolist()})
        for n in SIZES:
            xs = rng.uniform(lo, hi, n).astype(np.float32)
            ys = tf_op(op)(tf.constant(xs)).numpy()
            cases.append({"x": xs.view(np.uint32).tolist(), "y": ys.view(np.uint32).tolist()})
        out["sizes"][op] = cases
    path = os.path.join(os.path.dirname(__file__), "..", "test", "engine", "fixtures", "tf-unary-f32.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
