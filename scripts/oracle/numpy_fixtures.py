"""Writes test/engine/fixtures/numpy-kernels.json: values from real NumPy for the engine's NumPy kernels.

    .venv-tf/bin/python scripts/oracle/numpy_fixtures.py && npx biome format --write test/engine/fixtures/numpy-kernels.json

- `normals`: `default_rng(seed).standard_normal(n)` (the ziggurat on PCG64), every draw;
- `sums`: `np.sum(x, axis)` of float64 and float32 arrays (NumPy's pairwise summation and its order over axes);
  x is `a * 1e8 + b` with a, b the first and next `size` draws of `default_rng(seed).standard_normal`, the draws
  the test makes with the engine's own generator (exact, see `normals`), cast to the dtype. Most of these sums
  differ from the correctly rounded sum (the script counts them), so the test tells the two apart.
"""

import json
import math
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'engine', 'fixtures', 'numpy-kernels.json')


def normals():
    return [
        {'seed': seed, 'values': [float(x) for x in np.random.default_rng(seed).standard_normal(n)]}
        for seed, n in ((7, 6000), (0, 3000), (123456789, 3000))
    ]


SUM_CASES = [
    ((5,), None), ((9,), None), ((100,), None), ((129,), None), ((300,), None), ((1000,), None),
    ((8193,), None), ((20000,), None), ((300, 50), [0]), ((50, 300), [1]), ((40, 30, 20), [0, 2]),
    ((40, 30, 20), [1, 2]), ((40, 30, 20), [0, 1]), ((20, 30, 40), [1]), ((3, 9000), [1]), ((9000, 3), [0]),
    ((2, 1, 3, 400), [1, 3]), ((7, 1, 300), None),
]


def sums():
    cases, exact = [], 0
    for k, (shape, axes) in enumerate(SUM_CASES):
        for dtype in ('float64', 'float32'):
            seed = 1000 + k
            size = int(np.prod(shape))
            z = np.random.default_rng(seed).standard_normal(2 * size)
            x = (z[:size] * 1e8 + z[size:]).astype(dtype).reshape(shape)
            got = np.sum(x, axis=None if axes is None else tuple(axes))
            rounded = np.array(
                [math.fsum(v) for v in (x.reshape(1, -1) if axes is None else np.moveaxis(x, axes, list(range(-len(axes), 0))).reshape(-1 if got.ndim else 1, int(np.prod([shape[a] for a in axes]))))]
            ).astype(dtype)
            exact += int(np.array_equal(rounded.reshape(-1), np.asarray(got).reshape(-1)))
            cases.append({'seed': seed, 'shape': list(shape), 'axes': axes, 'dtype': dtype,
                          'sum': [float(v) for v in np.asarray(got).reshape(-1)]})
    print(f'sums: {exact} of {len(cases)} equal the correctly rounded sums')
    return cases


def main():
    out = {'numpy': np.__version__, 'normals': normals(), 'sums': sums()}
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=None)
        f.write('\n')
    print(f'wrote {OUT}')


if __name__ == '__main__':
    main()
