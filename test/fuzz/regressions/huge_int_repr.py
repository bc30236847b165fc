# str()/repr() of ints above 4,300 digits raise like CPython; the report describes such a value by its size
# instead of converting it (a 1,000,000-digit conversion takes seconds).
# expect: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits()
big = 3 ** 100000
print(big % 10)
print(f"{big}")
