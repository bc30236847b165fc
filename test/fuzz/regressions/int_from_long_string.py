# Fuzz crash (seed 1, case 118): int() of a 100,000-digit string took 600 ms (quadratic digit loop) and blew the
# deadline. CPython refuses decimal conversions longer than 4,300 digits.
# expect: Exceeds the limit (4300 digits) for integer string conversion: value has 100000 digits
# expect: invalid literal for int() with base 10: 'ééé
def check(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))


check(lambda: int("9" * 100000))
check(lambda: int("é" * 100000))
