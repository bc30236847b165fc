# Fuzz case (seed 11, case 11074; seed 99, case 11050): a training loop mutated so that every iteration enters a
# new tape and never leaves it. Every op is then offered to hundreds of recording tapes (one interpreter step, a
# lot of work), and the report described all of them (5 MB, 180 ms after the deadline). Recording now counts
# toward the budget checks, and a report lists at most 100 tapes (10 past the deadline).
# options: {"timeBudgetMs": 300}
# expect: Evaluation stopped: the run exceeded its time budget of 300 ms
import tensorflow as tf

w = tf.Variable(1.0)
tapes = []
for i in range(100000):
    t = tf.GradientTape(persistent=True)
    t.__enter__()
    tapes.append(t)
    y = w * 2.0 + 1.0
    if i % 50 == 0:
        g = t.gradient(y, w)
