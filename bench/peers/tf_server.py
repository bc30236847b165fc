"""Real TensorFlow eager as a benchmark peer: one long-lived process that times programs on request.

Started by bench/peers/tf.ts as `python tf_server.py <threads>` (threads: 1 for single-threaded TF, 0 for TF's
default thread pools). Reads one JSON request per line on stdin and answers one JSON line on stdout:

  {"id": "W3", "mode": "eager" | "program", "setup": str, "body": str, "grads": [names], "thin": int,
   "timing": {"warmupMs", "minWarmup", "budgetMs", "minReps", "maxReps"}}

"eager": `setup` (the inputs) runs once, outside the timing; one run executes `body` in that namespace and reads the
gradients back with `.numpy()`. "program": one run executes `setup + body` in a fresh namespace (the program text,
inputs included, as our interpreter runs it). The timing mirrors bench/timing.ts: warm-up, repetitions, median.
"""

import json
import sys
import time


def main() -> None:
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    import numpy as np
    import tensorflow as tf

    if threads > 0:
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)
    tf.constant(1.0).numpy()  # creates the eager context with the thread settings above
    out = sys.stdout
    out.write(json.dumps({"ready": tf.__version__, "threads": threads}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        try:
            answer = serve(req, np, tf)
        except Exception as e:  # the bench shows the failure in the table
            answer = {"error": f"{type(e).__name__}: {e}"}
        out.write(json.dumps(answer) + "\n")
        out.flush()


def serve(req: dict, np, tf) -> dict:
    names = req["grads"]
    thin = req.get("thin") or 1
    setup = compile(req["setup"], f"<{req['id']} setup>", "exec")
    body = compile(req["body"], f"<{req['id']}>", "exec")
    whole = compile(req["setup"] + req["body"], f"<{req['id']} program>", "exec")
    shared = {}
    if req["mode"] == "eager":
        exec(setup, shared)

    def run():
        if req["mode"] == "eager":
            ns = shared
            exec(body, ns)
        else:
            ns = {}
            exec(whole, ns)
        return [np.asarray(ns[n].numpy() if hasattr(ns[n], "numpy") else ns[n]) for n in names]

    t = req["timing"]
    m, result = measure(run, t)
    m["grads"] = [g.astype(np.float64).ravel()[::thin].tolist() for g in result]
    return m


def measure(fn, t: dict):
    now = time.perf_counter
    warm = 0
    fastest = float("inf")
    first = None
    w0 = now()
    while warm < t["minWarmup"] or (now() - w0) * 1000 < t["warmupMs"]:
        t0 = now()
        fn()
        dt = (now() - t0) * 1000
        if first is None:
            first = dt
        fastest = min(fastest, dt)
        warm += 1
        if warm >= 20000:
            break
    reps = max(t["minReps"], min(t["maxReps"], round(t["budgetMs"] / max(fastest, 1e-3))))
    samples = []
    result = None
    for _ in range(reps):
        t0 = now()
        result = fn()
        samples.append((now() - t0) * 1000)
    s = sorted(samples)
    mid = len(s) // 2
    median = s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2
    return {
        "samples": samples,
        "median": median,
        "min": s[0],
        "max": s[-1],
        "warmupRuns": warm,
        "first": first,
    }, result


if __name__ == "__main__":
    main()
