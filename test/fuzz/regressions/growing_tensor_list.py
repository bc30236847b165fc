# A loop that keeps tensors alive: every step allocates 4 MB, so the budget check every 1,024 steps came after
# gigabytes; and the report's globals carried every element of every tensor (out of memory). The run now stops at
# its deadline (allocations poll it) or at the memory cap, and globals are bounded.
# options: {"timeBudgetMs": 300, "maxTotalMemoryMb": 512}
# expect-any: Evaluation stopped: the run exceeded its time budget of 300 ms | ResourceExhaustedError
import tensorflow as tf

xs = []
while True:
    xs.append(tf.ones((1000, 1000)))
