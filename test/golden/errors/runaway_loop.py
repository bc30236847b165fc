# A runaway loop stops at the time budget with a located diagnostic, not a hang.
# options: {"timeBudgetMs": 400}
# max-ms: 10400
# expect-stopped: deadline
# expect: warning deadline line 12: time budget
import tensorflow as tf

x = tf.Variable(1.0)
with tf.GradientTape() as tape:
    y = x * 2.0
assert tape.gradient(y, x).numpy() == 2.0
while True:
    pass
print('never')
