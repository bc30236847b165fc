"""NumPy's own text for "Copy Value": repr under threshold=sys.maxsize, floatmode='unique'.

Writes test/report/fixtures/numpy-full-repr.json: for each case the dtype, shape, the elements (floats as their
exact double, NaN and infinities as strings) and the text NumPy prints. Run with a Python that has NumPy:
    /work/main/.venv-tf/bin/python scripts/oracle/full_repr.py
"""
import json
import math
import os
import sys

import numpy as np


def cases():
    rng = np.random.default_rng(20261207)
    yield 'float32 vector', np.array([0.1, -2.5, 3.0, 1.0 / 3.0, 7.25], dtype=np.float32)
    yield 'float32 small and large', np.array([1e-5, 0.5, 12345.678, -3e7], dtype=np.float32)
    yield 'float32 2x3', rng.standard_normal((2, 3)).astype(np.float32)
    yield 'float32 40x30 (over the default threshold)', rng.standard_normal((40, 30)).astype(np.float32)
    yield 'float32 2x3x4', (rng.standard_normal((2, 3, 4)) * 10).astype(np.float32)
    yield 'float32 nan and inf', np.array([1.5, np.nan, -np.inf, np.inf, 0.0], dtype=np.float32)
    yield 'float32 scalar', np.array(0.1, dtype=np.float32)
    yield 'float32 integers', np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)
    yield 'float32 empty', np.zeros((0,), dtype=np.float32)
    yield 'float32 empty 2x0', np.zeros((2, 0), dtype=np.float32)
    yield 'float64 3x4', rng.standard_normal((3, 4))
    yield 'float64 thirds', np.array([1.0 / 3.0, 2.0 / 3.0, 1e-9])
    yield 'int32 1200', np.arange(-600, 600, dtype=np.int32)
    yield 'int64 2x2', np.array([[1, -2], [3000000000, 4]], dtype=np.int64)
    yield 'bool 2x3', np.array([[True, False, True], [False, False, True]])


def element(v):
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    v = float(v)
    if math.isnan(v):
        return 'nan'
    if math.isinf(v):
        return 'inf' if v > 0 else '-inf'
    return v


def main():
    np.set_printoptions(threshold=sys.maxsize, floatmode='unique')
    out = []
    for name, a in cases():
        out.append({
            'name': name,
            'dtype': a.dtype.name,
            'shape': list(a.shape),
            'data': [element(v) for v in a.reshape(-1).tolist()],
            'repr': repr(a),
            'tolist': json.loads(json.dumps(a.tolist(), allow_nan=True).replace('NaN', '"nan"')
                                 .replace('-Infinity', '"-inf"').replace('Infinity', '"inf"')),
        })
    path = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'report', 'fixtures', 'numpy-full-repr.json')
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        json.dump({'numpy': np.__version__, 'cases': out}, f, indent=1)
        f.write('\n')


main()
