"""Writes test/engine/fixtures/tf-small-matmul.json: real TF float32 matrix products with one output column, or one
output row, and an inner size up to 7 (CPU), which TF sums in float32 in order without fused multiply-adds.

`.venv-tf/bin/python scripts/oracle/small_matmul_fixture.py`, then `npx biome format --write` on the JSON.
Operands are built as in reductions_fixture.py (exact float32 values the test rebuilds); `a` is stored `m × k`
(`k × m` when transposed), `b` `k × n` (`n × k`), with a leading batch axis for the batched cases. Outputs are
uint32 bit patterns.
"""

import json
import os

import numpy as np
import tensorflow as tf
from reductions_fixture import bits, values


def cases():
    out = []
    for m in [1, 2, 5, 8, 50]:
        for k in range(1, 8):
            for ta in (False, True):
                for tb in (False, True):
                    out.append((None, m, k, 1, ta, tb))
    for k in (3, 7):
        out.append((None, 300, k, 1, False, False))
    for n in [2, 5, 17, 64]:
        for k in range(1, 8):
            for ta in (False, True):
                out.append((None, 1, k, n, ta, False))
    for k in (2, 5):
        out.append((3, 6, k, 1, False, True))
        out.append((3, 1, k, 9, True, False))
    return out


def main():
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    result = {"tf": tf.__version__, "cases": []}
    for s, (batch, m, k, n, ta, tb) in enumerate(cases()):
        lead = [batch] if batch else []
        a_shape = lead + ([k, m] if ta else [m, k])
        b_shape = lead + ([n, k] if tb else [k, n])
        a = values(int(np.prod(a_shape)), 2 * s, "wide", np.float32).reshape(a_shape)
        b = values(int(np.prod(b_shape)), 2 * s + 1, "narrow", np.float32).reshape(b_shape)
        y = tf.matmul(tf.constant(a), tf.constant(b), transpose_a=ta, transpose_b=tb).numpy()
        result["cases"].append({"a": a_shape, "b": b_shape, "transposeA": ta, "transposeB": tb, "seeds": [2 * s, 2 * s + 1],
                                "y": bits(y)})
    path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "engine", "fixtures", "tf-small-matmul.json")
    with open(path, "w") as f:
        json.dump(result, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
