# Fuzz case (seed 2024, case 8005): every step of a recursion built a 1.5-million-character string and scanned it
# (int() of it): a few ms per step, 128 steps between two budget checks, 300 ms past the deadline. Repeating a
# sequence and parsing a string now charge one step per 4,096 items.
# options: {"timeBudgetMs": 300}
# expect-any: RecursionError | Evaluation stopped
def check(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ": " + str(e)[:40])
    check(lambda: int("👨‍👩‍🧑é\x1b[31m9" * 100000))


check(lambda: int("é" * 100000))
