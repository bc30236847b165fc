# Seeded randomness equals TensorFlow's number for number: stateless ops, tf.random.Generator (from_seed, normal,
# uniform, split). Expected values printed by TensorFlow 2.21 (float32 normals within 1 ulp: see README).
import tensorflow as tf


def close(got, want):
    return all(abs(g - w) <= 2e-7 * max(1.0, abs(w)) for g, w in zip(got, want)) and len(got) == len(want)


n = tf.random.stateless_normal([5], seed=[1, 2])
assert close(n.numpy().tolist(), [0.544110119342804, 0.20738030970096588, 0.0735643208026886, 0.04643455147743225, -1.301589846611023])
u = tf.random.stateless_uniform([5], seed=[1, 2])
assert u.numpy().tolist() == [0.8440604209899902, 0.19204533100128174, 0.9962232112884521, 0.16038739681243896, 0.27199018001556396]
assert tf.random.stateless_uniform([5], seed=[123, 456]).numpy().tolist() == [0.18864691257476807, 0.19580483436584473, 0.6028953790664673, 0.18567407131195068, 0.35995328426361084]
assert tf.random.stateless_uniform([5], seed=[0, 0]).numpy().tolist() == [0.2110154628753662, 0.7060099840164185, 0.8000633716583252, 0.7707922458648682, 0.38858866691589355]
assert close(tf.random.stateless_normal([5], seed=[123, 456]).numpy().tolist(), [1.7215362787246704, 0.6099749803543091, 0.9249390959739685, 0.3956144452095032, 0.9657029509544373])
# The same seed gives the same values, whatever ran before.
assert tf.random.stateless_uniform([5], seed=[1, 2]).numpy().tolist() == u.numpy().tolist()
assert tf.random.stateless_normal([3], seed=[1, 2], dtype=tf.float64).numpy().tolist() == [-0.1423118100189212, 0.7406072461585091, -1.469047669443883]
assert close(tf.random.stateless_truncated_normal([4], seed=[1, 2]).numpy().tolist(), [0.544110119342804, 0.20738030970096588, 0.0735643208026886, 0.04643455147743225])
assert tf.random.stateless_uniform([4], seed=[1, 2], minval=0, maxval=10, dtype=tf.int32).numpy().tolist() == [0, 9, 4, 9]

g = tf.random.Generator.from_seed(1)
assert close(g.normal([3]).numpy().tolist(), [0.4384227395057678, -0.5343984365463257, -0.07710261642932892])
assert g.uniform([3]).numpy().tolist() == [0.6941341161727905, 0.7800472974777222, 0.3360424041748047]

g2 = tf.random.Generator.from_seed(1)
a, b = g2.split(2)
assert close(a.normal([2]).numpy().tolist(), [-0.11388441175222397, -2.1652297973632812])
assert close(b.normal([2]).numpy().tolist(), [0.653821587562561, -0.7071304321289062])
# split advanced the parent by 2 draws: its next uniform continues from there.
g3 = tf.random.Generator.from_seed(1)
g3.uniform([2])
assert g2.uniform([3]).numpy().tolist() == g3.uniform([3]).numpy().tolist()
