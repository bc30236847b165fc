"""Writes test/engine/fixtures/tf-unary-f32.json: real TF float32 exp/tanh/sin/cos (CPU) on chosen inputs.

`python bench/tf_unary_fixture.py` with TF installed. Inputs and outputs are stored as uint32 bit patterns (NaN
payloads and signed zeros survive JSON). The kernel tests compare the WebAssembly kernels with these bit for bit.
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
}
RANGES = {"exp": (-100.0, 90.0), "tanh": (-10.0, 10.0), "sin": (-50.0, 50.0), "cos": (-50.0, 50.0)}


def main() -> None:
    tf.config.threading.set_intra_op_parallelism_threads(1)
    rng = np.random.default_rng(2026)
    out = {"tf": tf.__version__, "ops": {}}
    for op in ["exp", "tanh", "sin", "cos"]:
        lo, hi = RANGES[op]
        wide = rng.uniform(-3e4, 3e4, 64) if op in ("sin", "cos") else rng.uniform(lo / 1e3, hi / 1e3, 64)
        x = np.concatenate([SPECIAL, EDGES[op], rng.uniform(lo, hi, 400), wide]).astype(np.float32)
        # A multiple of TF's 8-float AVX packets: every element goes through the vectorised algorithm (TF computes
        # the last n mod 8 elements with the scalar std:: functions).
        x = x[: len(x) // 8 * 8]
        with np.errstate(all="ignore"):
            y = getattr(tf.math, op)(tf.constant(x)).numpy()
        out["ops"][op] = {"x": x.view(np.uint32).tolist(), "y": y.view(np.uint32).tolist()}
    path = os.path.join(os.path.dirname(__file__), "..", "test", "engine", "fixtures", "tf-unary-f32.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
