# Fuzz crash (seed 7, case 662): np.stack(0) -> "Cannot read properties of undefined (reading 'map')".
# expect: arrays to stack must be passed as a "sequence" type such as list or tuple.
# expect: The first input argument needs to be a sequence
import numpy as np


def check(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))


check(lambda: np.stack(0))
check(lambda: np.concatenate(np.ones(3)))
