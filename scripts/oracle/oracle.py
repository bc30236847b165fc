"""Runs a Python program or notebook cell by cell in real TensorFlow and records what each cell did.

    python scripts/oracle/oracle.py PROGRAM [--out FILE]

PROGRAM is a `.py` file (cells split at `# %%` lines; a file without them is one cell) or an `.ipynb` notebook
(its code cells). The cells run in order in one namespace, as Jupyter's "Run All" would; an exception ends only
its cell. After each cell the runner records:

- `stdout`: what the cell printed, byte for byte (Python's `print` and TensorFlow's `tf.print`, in order);
- `error`: the type and message of the exception that ended the cell, or null;
- `values`: every name the cell binds (its module-level assignment targets, imports, defs, `for`/`with` targets)
  and every earlier name whose value the cell changed (a Variable assigned, a list appended to), each as a
  snapshot (see `snapshot`).

The JSON goes to FILE (default: next to PROGRAM, `PROGRAM.oracle.json`). Run it with the pinned environment that
`regenerate.py` sets (PYTHONHASHSEED=0, TF_CPP_MIN_LOG_LEVEL=3, one thread).
"""

import argparse
import ast
import functools
import inspect
import io
import json
import math
import os
import sys
import tempfile
import types

MAX_ELEMENTS = 1_000_000
MAX_ITEMS = 10_000
MAX_DEPTH = 8


# ---- cells ---------------------------------------------------------------------------------------------------


def read_cells(path):
    """The program's cells: [(index, first_line_1_based, source)]. Magic and shell lines become blank lines."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    cells = []
    if path.endswith(".ipynb"):
        nb = json.loads(text)
        for i, c in enumerate(nb.get("cells", [])):
            if c.get("cell_type") != "code":
                continue
            src = c.get("source", "")
            cells.append((i, 1, "".join(src) if isinstance(src, list) else src))
    else:
        lines = text.split("\n")
        start = 0
        for n, line in enumerate(lines):
            if line.startswith("# %%") and n > start:
                cells.append((len(cells), start + 1, "\n".join(lines[start:n])))
                start = n
        cells.append((len(cells), start + 1, "\n".join(lines[start:])))
    return [(i, line, strip_magics(src)) for i, line, src in cells]


def strip_magics(src):
    """IPython magics (`%...`) and shell lines (`!...`) are not Python: they become `pass` at their indentation."""
    out = []
    for line in src.split("\n"):
        body = line.lstrip()
        out.append(line[: len(line) - len(body)] + "pass" if body.startswith(("%", "!")) else line)
    return "\n".join(out)


# ---- names a cell binds ----------------------------------------------------------------------------------------


class _Bound(ast.NodeVisitor):
    """Module-level names a cell binds, in order (not the locals of functions, classes, lambdas, comprehensions)."""

    def __init__(self):
        self.names = []

    def add(self, name):
        if name not in self.names:
            self.names.append(name)

    def visit_Name(self, node):
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            self.add(node.id)

    def visit_FunctionDef(self, node):
        for d in node.decorator_list:
            self.visit(d)
        self.add(node.name)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        for d in node.decorator_list:
            self.visit(d)
        self.add(node.name)

    def visit_Lambda(self, node):
        pass

    def visit_ListComp(self, node):
        pass

    visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_ListComp

    def visit_Import(self, node):
        for a in node.names:
            self.add(a.asname or a.name.split(".")[0])

    visit_ImportFrom = visit_Import

    def visit_Global(self, node):
        pass


def bound_names(src):
    try:
        tree = ast.parse(src)
    except SyntaxError:
        return []
    v = _Bound()
    v.visit(tree)
    return v.names


# ---- snapshots ---------------------------------------------------------------------------------------------------


def number(x):
    """A float as JSON allows it: finite numbers as numbers (full precision), NaN and infinities as strings."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def integer(x):
    """An int as JSON readers keep it: beyond 2^53 as its decimal text."""
    x = int(x)
    return x if abs(x) <= 2**53 else str(x)


def element(x):
    """One element of an array's `tolist()`."""
    if isinstance(x, bool):
        return x
    if isinstance(x, int):
        return integer(x)
    if isinstance(x, float):
        return number(x)
    if isinstance(x, complex):
        return [number(x.real), number(x.imag)]
    if isinstance(x, bytes):
        return x.decode("utf-8", errors="backslashreplace")
    if isinstance(x, list):
        return [element(y) for y in x]
    return str(x)


def array_snapshot(kind, dtype, a):
    """`{kind, dtype, shape, value}` of a NumPy array (the value left out past MAX_ELEMENTS)."""
    out = {"kind": kind, "dtype": dtype, "shape": list(a.shape)}
    if a.size <= MAX_ELEMENTS:
        out["value"] = element(a.tolist())
    return out


def numpy_dtype(dt):
    if dt.kind == "U":
        return "str"
    if dt.kind == "S":
        return "bytes"
    return dt.name


def type_path(v):
    t = type(v)
    return f"{t.__module__}.{t.__qualname__}"


def snapshot(v, depth=0):
    """What a value is, JSON-safe: kind (tensor, variable, ndarray, int, float, bool, str, none, list, tuple, dict,
    function, class, module, other), dtype and shape for arrays, and the full value."""
    np = sys.modules.get("numpy")
    tf = sys.modules.get("tensorflow")
    if v is None:
        return {"kind": "none"}
    if np is not None and isinstance(v, (np.ndarray, np.generic)):
        a = np.asarray(v)
        return array_snapshot("ndarray", numpy_dtype(a.dtype), a)

    if isinstance(v, bool):
        return {"kind": "bool", "value": v}
    if isinstance(v, int):
        return {"kind": "int", "value": integer(v)}
    if isinstance(v, float):
        return {"kind": "float", "value": number(v)}
    if isinstance(v, complex):
        return {"kind": "complex", "value": [number(v.real), number(v.imag)]}
    if isinstance(v, str):
        return {"kind": "str", "value": v}
    if isinstance(v, bytes):
        return {"kind": "bytes", "value": v.decode("utf-8", errors="backslashreplace")}
    if tf is not None:
        if isinstance(v, tf.Variable):
            return array_snapshot("variable", v.dtype.name, np.asarray(v.numpy()))
        keras = sys.modules.get("keras")
        if keras is not None and isinstance(v, keras.Variable):  # Keras 3's own class (it holds a tf.Variable)
            return array_snapshot("variable", str(v.dtype), np.asarray(v.numpy()))
        if isinstance(v, tf.IndexedSlices):
            return array_snapshot("indexed_slices", v.dtype.name, tf.convert_to_tensor(v).numpy())
        if tf.is_tensor(v) and hasattr(v, "numpy"):
            try:
                # np.asarray: a scalar string tensor's numpy() is bytes, not an array.
                return array_snapshot("tensor", v.dtype.name, np.asarray(v.numpy()))
            except Exception:  # a symbolic tensor (Keras) has no value
                return {"kind": "other", "type": type_path(v)}
    if isinstance(v, (list, tuple, set, frozenset)):
        kind = "tuple" if isinstance(v, tuple) else "list"
        items = list(v) if not isinstance(v, (set, frozenset)) else sorted(v, key=repr)
        out = {"kind": kind if not isinstance(v, (set, frozenset)) else "set"}
        if depth < MAX_DEPTH and len(items) <= MAX_ITEMS:
            out["value"] = [snapshot(x, depth + 1) for x in items]
        return out
    if isinstance(v, dict):
        out = {"kind": "dict"}
        if depth < MAX_DEPTH and len(v) <= MAX_ITEMS:
            out["keys"] = [k if isinstance(k, str) else repr(k) for k in v]
            out["value"] = [snapshot(x, depth + 1) for x in v.values()]
        return out
    if isinstance(v, type):
        return {"kind": "class", "name": v.__name__}
    if isinstance(v, types.ModuleType):  # also TF's lazy loaders (`from tensorflow import keras`)
        return {"kind": "module", "name": v.__name__}
    if inspect.isroutine(v) or hasattr(v, "python_function") or isinstance(v, functools.partial):
        return {"kind": "function"}
    out = {"kind": "other", "type": type(v).__name__}
    attrs = public_attributes(v)
    if attrs is not None and depth < MAX_DEPTH:
        out["attrs"] = {k: snapshot(x, depth + 1) for k, x in attrs.items()}
    return out


def public_attributes(v):
    """Instance attributes of an object of a class the program defined (a tf.Module subclass, a model): the public,
    non-callable ones."""
    if type(v).__module__ != "__main__":
        return None
    d = getattr(v, "__dict__", None)
    if not isinstance(d, dict):
        return None
    return {k: x for k, x in d.items() if not k.startswith("_") and not callable(x)}


# ---- running -----------------------------------------------------------------------------------------------------


class Capture:
    """The process's stdout and stderr file descriptors go to one file, so `print` and `tf.print` (which writes to
    the C-level stderr) keep their order; Python-level stderr (warnings, logging) goes to a separate buffer."""

    def __init__(self):
        self.file = tempfile.TemporaryFile()
        self.saved = (os.dup(1), os.dup(2))
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(self.file.fileno(), 1)
        os.dup2(self.file.fileno(), 2)
        sys.stdout = io.TextIOWrapper(os.fdopen(os.dup(1), "wb", buffering=0), encoding="utf-8", write_through=True)
        self.stderr = io.StringIO()
        sys.stderr = self.stderr
        # TensorFlow's log lines (absl logging) are not the program's output: they join Python's stderr.
        import logging

        for name in (None, "tensorflow", "absl"):
            for h in logging.getLogger(name).handlers:
                if isinstance(h, logging.StreamHandler):
                    h.setStream(self.stderr)
        absl = sys.modules.get("absl.logging")
        if absl is not None and absl.get_absl_handler() is not None:
            absl.get_absl_handler().python_handler.stream = self.stderr

    def take(self):
        """Everything written since the last take."""
        sys.stdout.flush()
        self.file.flush()
        self.file.seek(0)
        data = self.file.read()
        self.file.seek(0)
        self.file.truncate()
        err = self.stderr.getvalue()
        self.stderr.seek(0)
        self.stderr.truncate()
        return data.decode("utf-8", errors="backslashreplace"), err

    def restore(self):
        os.dup2(self.saved[0], 1)
        os.dup2(self.saved[1], 2)
        sys.stdout = sys.__stdout__
        sys.stderr = sys.__stderr__


def pin_threads():
    """One thread for TensorFlow's kernels, so float reductions add in one order."""
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)


def run_cells(path):
    import numpy as np
    import tensorflow as tf

    cells = read_cells(path)
    filename = os.path.abspath(path)
    namespace = {"__name__": "__main__", "__file__": filename}
    previous = {}
    out = []
    cap = Capture()
    try:
        for index, line, src in cells:
            error = None
            try:
                code = compile("\n" * (line - 1) + src, filename, "exec")
                exec(code, namespace)
            except KeyboardInterrupt:
                raise
            except BaseException as e:  # an exception ends only its cell
                error = {"type": type(e).__name__, "message": str(e)}
            stdout, stderr = cap.take()
            values = {}
            names = [n for n in bound_names(src) if n in namespace]
            for name, v in namespace.items():
                if name.startswith("_") or name in ("In", "Out"):
                    continue
                s = snapshot(v)
                if name in names or previous.get(name) != s:
                    values[name] = s
                previous[name] = s
            cell = {"index": index, "line": line, "stdout": stdout, "error": error, "values": values}
            if stderr:
                cell["stderr"] = stderr
            out.append(cell)
    finally:
        cap.restore()
    return {
        "source": os.path.basename(path),
        "generator": "scripts/oracle/oracle.py",
        "versions": {
            "tensorflow": tf.__version__,
            "numpy": np.__version__,
            "python": sys.version.split()[0],
        },
        "cells": out,
    }


def oracle_path(path):
    return path + ".oracle.json"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("program")
    p.add_argument("--out")
    args = p.parse_args()
    pin_threads()
    result = run_cells(args.program)
    with open(args.out or oracle_path(args.program), "w", encoding="utf-8") as f:
        f.write(dumps(result))


def dumps(result):
    """The JSON with one line per recorded value, so diffs of a regeneration stay readable."""

    def compact(x):
        return json.dumps(x, ensure_ascii=False, allow_nan=False, separators=(",", ":"))

    head = {k: v for k, v in result.items() if k != "cells"}
    lines = ["{"] + [f" {compact(k)}: {compact(v)}," for k, v in head.items()] + [' "cells": [']
    for i, cell in enumerate(result["cells"]):
        fields = [f"{compact(k)}: {compact(v)}" for k, v in cell.items() if k != "values"]
        lines.append("  {" + ", ".join(fields) + ', "values": {')
        entries = [f"   {compact(k)}: {compact(v)}" for k, v in cell["values"].items()]
        lines.append(",\n".join(entries)) if entries else None
        lines.append("  }}" + ("," if i < len(result["cells"]) - 1 else ""))
    lines += [" ]", "}", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
