# One 3000 x 3000 matrix product takes ~20 s: the kernel now checks the run's deadline between row slices.
# options: {"timeBudgetMs": 300}
# poll-clock-ms: 50
# expect: Evaluation stopped: the run exceeded its time budget of 300 ms
import tensorflow as tf

a = tf.ones((3000, 3000))
while True:
    b = tf.matmul(a, a, transpose_a=True)
