"""Inputs and real TF outputs for bench/elementwise-bits.mjs: `python tf_unary.py OUTDIR`.

For each case (op, range), 1,000,000 float32 inputs drawn uniformly from the range with a fixed seed, and TF's CPU
result on one thread; written as raw little-endian float32 files, with a manifest (cases.json).
"""

import json
import os
import sys

import numpy as np
import tensorflow as tf

CASES = [
    ("exp", -20.0, 20.0),
    ("exp", -110.0, 90.0),
    ("tanh", -10.0, 10.0),
    ("tanh", -0.01, 0.01),
    ("sin", -10.0, 10.0),
    ("sin", -1e5, 1e5),
    ("cos", -10.0, 10.0),
    ("cos", -1e5, 1e5),
    ("log", 1e-6, 100.0),
    ("log", 0.5, 2.0),
    ("sigmoid", -20.0, 20.0),
    ("sigmoid", -110.0, 20.0),
    ("log1p", -0.9, 10.0),
    ("expm1", -5.0, 5.0),
    ("softplus", -20.0, 20.0),
    ("sqrt", 0.0, 100.0),
    ("rsqrt", 1e-3, 100.0),
]


def main() -> None:
    out = sys.argv[1]
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    rng = np.random.default_rng(14)
    cases = []
    for i, (op, lo, hi) in enumerate(CASES):
        x = rng.uniform(lo, hi, 1_000_000).astype(np.float32)
        fn = {"sigmoid": tf.math.sigmoid}.get(op) or getattr(tf.math, op)
        y = fn(tf.constant(x)).numpy()
        x.astype("<f4").tofile(os.path.join(out, f"x{i}.f32"))
        y.astype("<f4").tofile(os.path.join(out, f"y{i}.f32"))
        cases.append({"op": op, "lo": lo, "hi": hi, "x": f"x{i}.f32", "y": f"y{i}.f32"})
    with open(os.path.join(out, "cases.json"), "w") as f:
        json.dump({"tf": tf.__version__, "cases": cases}, f)


if __name__ == "__main__":
    main()
