# Python literals notebooks use: comments inside brackets, bare `yield`, bytes and complex numbers.
# The .out file is what CPython 3.11 + TensorFlow 2.21 printed for this program.
import tensorflow as tf

xs = [
    1,  # the first
    2,  # the second
]
config = {
    "lr": 0.1,  # learning rate
    # a whole comment line inside the braces
    "steps": 3,
}
total = sum(
    xs  # summed
)
print(xs, config, total)


def ticks():
    yield
    got = yield 1
    yield got


print(list(ticks()))

raw = b"hello"
print(raw, len(raw), raw[0], raw[-1], raw[1:3], raw.decode())
print(repr(b"a\x00\n'"), b"\x80\xff\t\r", b'"', b"'\"", rb"\n", b"\u00e9")
print(b"ab" + b"cd", b"ab" * 2, 3 * b"x", b"b" in b"abc", 98 in b"abc", list(b"hi"))
print(b"x" == b"x", b"a" < b"b", bytes([65, 66]), bytes(3), "héllo".encode(), "héllo".encode("utf-8").decode())
print(b"ab" b"cd", b"\x01\x02".hex(), type(raw), {b"k": 1}[b"k"])

z = 1j
print(z, z * z, (1 + 2j) * (3 - 1j), abs(3 + 4j), repr(2.5j), complex(1, 2), complex(3))
print((1 + 2j).real, (1 + 2j).imag, (1 + 2j).conjugate(), type(z))
print((1 + 2j) / (3 - 4j), (1 + 2j) ** 2, 2 ** (1 + 1j), (2 + 0j) ** 0.5, (1 + 1j) ** -2)
print(-1j, -0j, complex(-0.0, 1), 1e20j, 1e-5j, 0.1 + 0.2j, 1 + 1j == 1 + 1j, 1j == 0, (2 + 0j) == 2)
print({1j: "a"}, str(3 + 4j), f"{1+1j}", [1 - 1j], bool(0j), bool(1j))

for bad in [lambda: 1j < 2j, lambda: (1 + 0j) / 0, lambda: b"a" + "b", lambda: b"\xff".decode(), lambda: float(1j)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)

t = tf.constant(3.0)
print("%1.6f" % t.numpy(), "%d" % tf.constant(3).numpy(), "%.2f" % tf.constant(2.5, tf.float64).numpy())
print(tf.__version__)

assert xs == [1, 2] and total == 3
assert list(ticks()) == [None, 1, None]
assert len(raw) == 5 and raw[0] == 104 and raw.decode() == "hello"
assert (1 + 2j) * (3 - 1j) == 5 + 5j and abs(3 + 4j) == 5.0
assert "%1.6f" % t.numpy() == "3.000000"
assert tf.__version__ == "2.21.0"
