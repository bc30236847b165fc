"""Regenerates every oracle JSON of the project from real TensorFlow, one fresh process per program.

    .venv-tf/bin/python scripts/oracle/regenerate.py [PATH ...]

Without PATH: the golden programs (test/golden/programs, test/golden/errors), the seed notebook
(test/fixtures/seed) and the conformance suite (test/conformance). With PATHs: those files or folders only.
Each program's JSON is written next to it as NAME.py.oracle.json (NAME.ipynb.oracle.json). Programs that are meant to run out of a budget
(`# expect-stopped:`, e.g. `while True: pass`) are skipped; a program gets TIMEOUT seconds. The environment is pinned so that two runs write the
same bytes: PYTHONHASHSEED=0, TF_CPP_MIN_LOG_LEVEL=3 and one thread for TensorFlow, OpenMP and the BLAS.
"""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT = ["test/golden/programs", "test/golden/errors", "test/fixtures/seed", "test/conformance"]
ENV = {
    "PYTHONHASHSEED": "0",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "CUDA_VISIBLE_DEVICES": "",
    "PYTHONDONTWRITEBYTECODE": "1",
}


TIMEOUT = 600


def runs_forever(path):
    if not path.endswith(".py"):
        return False
    with open(path, encoding="utf-8") as f:
        return any(line.lstrip().startswith("# expect-stopped:") for line in f)


def programs(paths):
    for p in paths:
        full = os.path.join(ROOT, p)
        if os.path.isdir(full):
            for dirpath, _, files in sorted(os.walk(full)):
                for f in sorted(files):
                    if f.endswith((".py", ".ipynb")):
                        yield os.path.join(dirpath, f)
        else:
            yield full


def main():
    env = {**os.environ, **ENV}
    failed = 0
    for path in programs(sys.argv[1:] or DEFAULT):
        rel = os.path.relpath(path, ROOT)
        if runs_forever(path):
            print(f"skipped {rel} (expect-stopped)")
            continue
        r = subprocess.run(
            [sys.executable, os.path.join(ROOT, "scripts/oracle/oracle.py"), path],
            env=env,
            cwd=os.path.dirname(path),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        if r.returncode != 0:
            failed += 1
            print(f"FAILED {rel}\n{r.stderr[-2000:]}", file=sys.stderr)
        else:
            print(rel, flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
