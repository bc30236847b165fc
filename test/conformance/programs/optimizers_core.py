# Optimizers written by hand on a test function: gradient descent, momentum, Adam, with tf.Variable updates.
# %%
import tensorflow as tf


def convex_loss(x):
    return 2 * (x**4) + 3 * (x**3) + 2


def grad_of(loss, x):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = loss(x)
    return tape.gradient(y, x)


class GradientDescent(tf.Module):
    def __init__(self, learning_rate=1e-3):
        self.learning_rate = learning_rate
        self.title = f"Gradient descent optimizer: learning rate={self.learning_rate}"

    def apply_gradients(self, grads, vars):
        for grad, var in zip(grads, vars):
            var.assign_sub(self.learning_rate * grad)


def convergence_test(optimizer, loss_fn, grad_fn=grad_of, init_val=2.0, max_iters=200):
    print(optimizer.title)
    print("-------------------------------")
    x = tf.Variable(init_val)
    converged = False
    for iter in range(1, max_iters + 1):
        x_grad = grad_fn(loss_fn, x)
        optimizer.apply_gradients([x_grad], [x])
        if tf.abs(x_grad) < 1e-3:
            converged = True
            break
    if converged:
        print(f"Gradient descent converged after {iter} iterations: x = {x.numpy():.5f}")
    else:
        print(f"Exited after {max_iters} iterations: x = {x.numpy():.5f}")
    return x.numpy(), iter


gd_result = convergence_test(GradientDescent(learning_rate=0.01), convex_loss)

# %%
class Momentum(tf.Module):
    def __init__(self, learning_rate=1e-3, momentum=0.7):
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.change = 0.0
        self.title = f"Gradient descent optimizer: learning rate={self.learning_rate}"

    def apply_gradients(self, grads, vars):
        for grad, var in zip(grads, vars):
            curr_change = self.learning_rate * grad + self.momentum * self.change
            var.assign_sub(curr_change)
            self.change = curr_change


mom_result = convergence_test(Momentum(learning_rate=0.01, momentum=0.5), convex_loss)

# %%
class Adam(tf.Module):
    def __init__(self, learning_rate=1e-3, beta_1=0.9, beta_2=0.999, ep=1e-7):
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.learning_rate = learning_rate
        self.ep = ep
        self.t = 1.0
        self.v_dvar, self.s_dvar = [], []
        self.title = f"Adam: learning rate={self.learning_rate}"
        self.built = False

    def apply_gradients(self, grads, vars):
        if not self.built:
            for var in vars:
                self.v_dvar.append(tf.Variable(tf.zeros(shape=var.shape)))
                self.s_dvar.append(tf.Variable(tf.zeros(shape=var.shape)))
            self.built = True
        for i, (d_var, var) in enumerate(zip(grads, vars)):
            self.v_dvar[i].assign(self.beta_1 * self.v_dvar[i] + (1 - self.beta_1) * d_var)
            self.s_dvar[i].assign(self.beta_2 * self.s_dvar[i] + (1 - self.beta_2) * tf.square(d_var))
            v_dvar_bc = self.v_dvar[i] / (1 - (self.beta_1**self.t))
            s_dvar_bc = self.s_dvar[i] / (1 - (self.beta_2**self.t))
            var.assign_sub(self.learning_rate * (v_dvar_bc / (tf.sqrt(s_dvar_bc) + self.ep)))
        self.t += 1.0


adam_result = convergence_test(Adam(learning_rate=0.1), convex_loss, max_iters=100)

# %%
w = tf.Variable([1.0, -2.0, 0.5])
opt = Adam(learning_rate=0.2)
trace = []
for step in range(20):
    with tf.GradientTape() as tape:
        l = tf.reduce_sum((w - tf.constant([3.0, 1.0, -1.0])) ** 2)
    grads = tape.gradient(l, [w])
    opt.apply_gradients(grads, [w])
    trace.append(float(l))
print(w.numpy(), [round(t, 4) for t in trace[::5]])
