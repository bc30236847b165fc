# An op without a registered gradient raises LookupError instead of returning None (guide/autodiff
# "No gradient registered"); its forward value still works.
import tensorflow as tf

image = tf.Variable([[[0.5, 0.0, 0.0]]])
delta = tf.Variable(0.1)

with tf.GradientTape() as tape:
    new_image = tf.image.adjust_contrast(image, delta)

try:
    print(tape.gradient(new_image, [image, delta]))
    assert False   # This should not happen.  # not-reached
except LookupError as e:
    print(f'{type(e).__name__}: {e}')
    caught = type(e).__name__

assert caught == 'LookupError'
# A 1x1 image is its own mean, so contrast changes nothing.
assert new_image.numpy().tolist() == [[[0.5, 0.0, 0.0]]]

# A 2x2 one-channel image with contrast 2: (x - mean) * 2 + mean, mean = 2.5.
img = tf.constant([[[1.0], [2.0]], [[3.0], [4.0]]])
out = tf.image.adjust_contrast(img, 2.0)
assert out.numpy().reshape(-1).tolist() == [(v - 2.5) * 2 + 2.5 for v in [1.0, 2.0, 3.0, 4.0]]
