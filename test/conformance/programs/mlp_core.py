# A multilayer perceptron written with core TensorFlow: Xavier initialisation with a seed, ReLU, softmax
# cross-entropy, and a hand-written training step.
# %%
import tensorflow as tf

x_train = tf.reshape(tf.range(48, dtype=tf.float32), [12, 4]) / 48.0
y_train = tf.constant([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2])


def xavier_init(shape, seed):
    in_dim, out_dim = shape
    xavier_lim = tf.sqrt(6.0) / tf.sqrt(tf.cast(in_dim + out_dim, tf.float32))
    return tf.random.stateless_uniform(shape=(in_dim, out_dim), minval=-xavier_lim, maxval=xavier_lim, seed=seed)


class DenseLayer(tf.Module):
    def __init__(self, out_dim, seed, activation=tf.identity):
        self.out_dim = out_dim
        self.seed = seed
        self.activation = activation
        self.built = False

    def __call__(self, x):
        if not self.built:
            self.in_dim = x.shape[1]
            self.w = tf.Variable(xavier_init(shape=(self.in_dim, self.out_dim), seed=self.seed))
            self.b = tf.Variable(tf.zeros(shape=(self.out_dim,)))
            self.built = True
        z = tf.add(tf.matmul(x, self.w), self.b)
        return self.activation(z)


class MLP(tf.Module):
    def __init__(self, layers):
        self.layers = layers

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


mlp = MLP([DenseLayer(8, seed=[1, 1], activation=tf.nn.relu), DenseLayer(3, seed=[2, 2])])
logits = mlp(x_train)
print(logits.shape)
print(len(mlp.trainable_variables))

# %%
def cross_entropy_loss(y_pred, y):
    sparse_ce = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=y_pred)
    return tf.reduce_mean(sparse_ce)


def accuracy(y_pred, y):
    class_preds = tf.argmax(tf.nn.softmax(y_pred), axis=1)
    is_equal = tf.equal(y, tf.cast(class_preds, tf.int32))
    return tf.reduce_mean(tf.cast(is_equal, tf.float32))


initial = cross_entropy_loss(logits, y_train)
print(f"{initial.numpy():.4f}", accuracy(logits, y_train).numpy())

# %%
class Adam:
    def __init__(self, learning_rate=0.01, beta_1=0.9, beta_2=0.999, ep=1e-7):
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.learning_rate = learning_rate
        self.ep = ep
        self.t = 1.0
        self.v_dvar, self.s_dvar = [], []
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


def train_step(x_batch, y_batch, loss, acc, model, optimizer):
    with tf.GradientTape() as tape:
        y_pred = model(x_batch)
        batch_loss = loss(y_pred, y_batch)
    batch_acc = acc(y_pred, y_batch)
    grads = tape.gradient(batch_loss, model.variables)
    optimizer.apply_gradients(grads, model.variables)
    return batch_loss, batch_acc


opt = Adam(learning_rate=0.05)
history = []
for epoch in range(25):
    batch_loss, batch_acc = train_step(x_train, y_train, cross_entropy_loss, accuracy, mlp, opt)
    history.append(round(float(batch_loss), 5))
    if epoch % 5 == 0:
        print(f"Epoch {epoch}: loss {batch_loss:.4f}, accuracy {batch_acc:.3f}")

# %%
final_logits = mlp(x_train)
final_loss = cross_entropy_loss(final_logits, y_train)
probs = tf.nn.softmax(final_logits[:2])
print(final_loss.numpy(), probs.numpy())
