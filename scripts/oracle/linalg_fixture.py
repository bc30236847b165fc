"""Writes test/engine/fixtures/tf-linalg.json: real TensorFlow's tf.linalg results on seeded random matrices.

Run with the TensorFlow venv: `.venv-tf/bin/python scripts/oracle/linalg_fixture.py`, then
`npx biome format --write test/engine/fixtures/tf-linalg.json`. The tests read only the JSON.
Eigenvectors are not recorded: their signs are the solver's choice (TF's float32 and float64 kernels differ).
"""
import json
import os
import sys

import numpy as np
import tensorflow as tf

tf.config.threading.set_inter_op_parallelism_threads(1)
tf.config.threading.set_intra_op_parallelism_threads(1)

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'engine', 'fixtures', 'tf-linalg.json')
rng = np.random.default_rng(20261207)


def listed(t):
    return np.asarray(t).astype(np.float64).tolist()


cases = []
for i in range(80):
    dtype = 'float64' if i % 2 == 0 else 'float32'
    hi = 6 if i < 60 else 11
    m, n = int(rng.integers(1, hi)), int(rng.integers(1, hi))
    a = rng.standard_normal((m, n)).astype(dtype)
    case = {'dtype': dtype, 'a': listed(a)}
    ta = tf.constant(a)
    q, r = tf.linalg.qr(ta)
    qf, rf = tf.linalg.qr(ta, full_matrices=True)
    case['qr'] = {'q': listed(q), 'r': listed(r), 'q_full': listed(qf), 'r_full': listed(rf)}
    case['singular_values'] = listed(tf.linalg.svd(ta, compute_uv=False))
    s, u, v = tf.linalg.svd(ta)
    sf, uf, vf = tf.linalg.svd(ta, full_matrices=True)
    case['svd'] = {'s': listed(s), 'u': listed(u), 'v': listed(v), 'u_full': listed(uf), 'v_full': listed(vf)}
    k = min(m, n)
    sq = a[:k, :k]
    sym = (sq + sq.T).astype(dtype)
    spd = (sq @ sq.T + k * np.eye(k)).astype(dtype)
    case['square'] = listed(sq)
    case['det'] = float(tf.linalg.det(tf.constant(sq)))
    sign, log_abs = tf.linalg.slogdet(tf.constant(sq))
    case['slogdet'] = [float(sign), float(log_abs)]
    case['sym'] = listed(sym)
    case['eigvalsh'] = listed(tf.linalg.eigvalsh(tf.constant(sym)))
    case['spd'] = listed(spd)
    case['cholesky'] = listed(tf.linalg.cholesky(tf.constant(spd)))
    cases.append(case)

with open(OUT, 'w') as f:
    json.dump({'tensorflow': tf.__version__, 'numpy': np.__version__, 'cases': cases}, f, separators=(',', ':'))
    f.write('\n')
print(OUT, len(cases), file=sys.stderr)
