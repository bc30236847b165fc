# NumPy's legacy global generator, number for number (np.random.seed: MT19937; rand/random: 53-bit doubles;
# randn/normal: polar Box-Muller keeping the second value). Expected values printed by NumPy (TF 2.21's venv).
import numpy as np

np.random.seed(0)
assert np.random.rand(3).tolist() == [0.5488135039273248, 0.7151893663724195, 0.6027633760716439]
assert np.random.randn(3).tolist() == [-2.268328201180374, 1.3335453816218967, -0.8427240538292873]
assert np.random.normal(1.0, 2.0, (2, 2)).tolist() == [[4.9398488957397895, 3.532237059715557], [-0.011753079521023446, 6.0904015569421075]]
assert np.random.uniform(-1.0, 1.0, 3).tolist() == [0.8511932765853221, -0.8579278836042261, -0.8257414005969186]
assert np.random.normal() == 1.0808119130554454
assert np.random.random((2,)).tolist() == [0.02021839744032572, 0.832619845547938]

np.random.seed(42)
x = np.random.randn(2, 3)
assert x.shape == (2, 3)
assert x.tolist() == [[0.4967141530112327, -0.13826430117118466, 0.6476885381006925], [1.5230298564080254, -0.23415337472333597, -0.23413695694918055]]
assert np.random.rand() == 0.05808361216819946

np.random.seed(2**32 - 1)
assert np.random.randn(2).tolist() == [0.6484086742306527, 0.6693235306338161]
