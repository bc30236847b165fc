"""Runs notebook sessions in IPython, as a Jupyter kernel does, and records what each cell shows.

    PYTHONPATH=<dir with IPython> .venv-tf/bin/python scripts/oracle/kernel.py test/kernel/fixtures/sessions.json

The input is a list of sessions, each `{name, cells}`: the cells run in that order in one fresh InteractiveShell
(one namespace; a cell listed twice runs twice). For each execution it records what ipykernel sends the notebook:
the execution count, the stdout stream text, the `text/plain` of the execute_result (IPython's display formatter,
what `Out[n]` shows) and the error (`ename`, `evalue` and the traceback lines without colours). The JSON is written
next to the input as NAME.oracle.json. IPython is not a dependency of the project; TensorFlow comes from the venv.
"""

import contextlib
import io
import json
import os
import sys

from IPython.core.interactiveshell import InteractiveShell


def run_session(cells):
    InteractiveShell.clear_instance()
    shell = InteractiveShell.instance(colors="nocolor")
    errors, results = [], []
    shell._showtraceback = lambda etype, evalue, stb: errors.append(
        {"ename": etype.__name__, "evalue": str(evalue), "traceback": stb}
    )
    shell.displayhook.write_output_prompt = lambda: None
    shell.displayhook.write_format_data = lambda fmt, md=None: results.append(fmt["text/plain"])
    shell.run_cell("pass", store_history=False)  # IPython's own first-run setup, outside the recorded counts
    out = []
    for source in cells:
        stdout = io.StringIO()
        with contextlib.redirect_stdout(stdout):
            r = shell.run_cell(source, store_history=True)
        out.append(
            {
                "source": source,
                "executionCount": r.execution_count,
                "stdout": stdout.getvalue(),
                "result": results[0] if results else None,
                "error": errors[0] if errors else None,
            }
        )
        errors.clear()
        results.clear()
    return out


def main():
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        sessions = json.load(f)
    recorded = [{"name": s["name"], "executions": run_session(s["cells"])} for s in sessions]
    target = os.path.splitext(path)[0] + ".oracle.json"
    with open(target, "w", encoding="utf-8") as f:
        json.dump(recorded, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
