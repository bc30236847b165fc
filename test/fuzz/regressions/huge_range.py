# Fuzz crash (seed 31337, case 7153): range() converted its arguments to JS numbers, so range(10 ** 100000) became
# BigInt(Infinity) -> "MemoryError: The number Infinity cannot be converted to a BigInt". Ints now stay exact.
# options: {"timeBudgetMs": 300}
# expect: 5 True
# expect: Evaluation stopped
r = range(10**100000)
print(r[5], 2**64 in range(2**65))
for i in range(10**100000):
    pass
