# Fuzz case (seed 11, case 10020): a mutation indented the call below into `check` itself, so it recursed 1,000 deep
# and every level ran int() over a 100,000-character string (a JS array of 100,000 characters per call): 400 ms of
# work in 128 interpreter steps, far past the budget check. int() now scans with a regular expression and parses
# with BigInt, and the RecursionError (or the deadline) comes in time.
# options: {"timeBudgetMs": 300}
# expect-any: RecursionError | Evaluation stopped
def check(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))
    check(lambda: int("9" * 100000))


check(lambda: int("é" * 100000))
