#!/usr/bin/env python3
"""An experiment of backprop-lab, trained in PyTorch or, for mlp-numpy, in NumPy: the other side
of every speed ratio in docs/speed.md.

It reads the experiment's settings from experiments/<id>.properties, the CIFAR-10 binaries the
suite reads (-Ddata), preprocesses them as the suite does (the training set's mean image
subtracted) and walks the suite's batch order (java.util.Random's Fisher-Yates reshuffle, seeded
alike), so that both sides train on the same batches. Two versions of each experiment:

  plain  PyTorch as its users write it (the default optimizers); mlp-numpy: the course's NumPy
         modules in float64
  tuned  PyTorch's fastest CPU path for the same math (Adam and SGD with fused=True); mlp-numpy:
         the same modules in float32, the suite's precision, and no gradient for the first
         layer's input (which no parameter needs)

Timed like the suite's -Dbench: the warm-up steps untimed, then every step from gathering its
batch to the optimizer's update, the batch's loss and accuracy read as the suite records them, and
each phase (forward with the loss, backward, update) within it. Prints one JSON line; with
--train, one per evaluation too (step 1, every evalEvery steps and the last, as a training run of
the suite).

    pip install torch numpy
    python3 src/reference/reference.py mlp-djl --data DIR [--tuned] [--steps N] [--train]
"""
import argparse
import json
import os
import platform
import time

# Some machines set these to hold OpenBLAS, NumPy's BLAS, to older kernels or cache sizes than it
# would choose for the CPU it finds; the reference is NumPy at its fastest, so they go before NumPy
# loads OpenBLAS. (libtorch, on the suite's side, does not read them.)
for _pinned in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
    os.environ.pop(_pinned, None)

import numpy as np  # noqa: E402 (after the environment above)

IMAGE_PIXELS = 3 * 32 * 32
CLASSES = 10
DEFAULTS = {"model": "mlp", "hidden": "100", "optimizer": "sgd", "learningRate": "2e-3", "weightDecay": "0",
            "batchNorm": "none", "steps": "1500", "batchSize": "200", "evalEvery": "100",
            "evalBatchSize": "1000", "seed": "42"}
# What a user reads from the experiment's file without it changing the numbers; anything else
# this script does not model is refused rather than silently left out.
NAMING = {"title", "figure", "reportAccuracy", "section"}
# The ConvNet's layout, as the suite's ConvNet: filters of each 3x3 convolution, 0 for a max pool.
CONVNET_LAYOUT = [64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0]


def settings_of(experiment, root):
    """The experiment's settings: the suite's defaults, then experiments/<id>.properties."""
    path = os.path.join(root, "experiments", experiment + ".properties")
    if not os.path.exists(path):
        raise SystemExit(f"error: no experiment {experiment} ({path})")
    settings = dict(DEFAULTS)
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if line and not line.startswith("#"):
                key, _, value = line.partition("=")
                settings[key.strip()] = value.strip()
    unknown = sorted(set(settings) - set(DEFAULTS) - NAMING)
    if unknown:
        raise SystemExit(f"error: {experiment} sets {', '.join(unknown)}, which this reference does not train")
    for key, known in (("model", ("manual-mlp", "mlp", "convnet")), ("optimizer", ("sgd", "adam")),
                       ("batchNorm", ("none", "builtin", "autograd", "manual"))):
        if settings[key] not in known:
            raise SystemExit(f"error: {experiment} sets {key}={settings[key]}; this reference knows"
                             f" {', '.join(known)}")
    return settings


def read_cifar(folder):
    """Training and test images (uint8, N x 3072, channel-major as stored) and labels."""
    def records(names):
        data = np.concatenate([np.fromfile(os.path.join(folder, n), dtype=np.uint8) for n in names])
        data = data.reshape(-1, 1 + IMAGE_PIXELS)
        return data[:, 1:], data[:, 0].astype(np.int64)
    course = [f"data_batch_{i}.bin" for i in range(1, 6)]
    djl = ["data_batch.bin"]
    train = course if os.path.exists(os.path.join(folder, course[0])) else djl
    for name in train + ["test_batch.bin"]:
        if not os.path.exists(os.path.join(folder, name)):
            raise SystemExit(f"error: {folder} holds no {name}: give the folder -Ddata gives the suite")
    return records(train), records(["test_batch.bin"])


class JavaRandom:
    """java.util.Random, whose nextInt draws the suite's reshuffles."""
    MULTIPLIER, MASK = 0x5DEECE66D, (1 << 48) - 1

    def __init__(self, seed):
        self.state = (seed ^ self.MULTIPLIER) & self.MASK

    def _next31(self):
        self.state = (self.state * self.MULTIPLIER + 0xB) & self.MASK
        return self.state >> 17

    def next_int(self, bound):
        value = self._next31()
        if bound & (bound - 1) == 0:
            return (bound * value) >> 31
        # Java's rejection of the values that would bias the remainder (an int overflow there).
        while value - value % bound + bound - 1 >= 1 << 31:
            value = self._next31()
        return value % bound


def batch_order(size, batch_size, seed):
    """The suite's batches: the stored order first, then a seeded reshuffle whenever the next
    batch would run past the end (the epoch's tail dropped)."""
    order = list(range(size))
    random = JavaRandom(seed)
    position = 0
    while True:
        if position + batch_size > size:
            for i in range(size - 1, 0, -1):
                j = random.next_int(i + 1)
                order[i], order[j] = order[j], order[i]
            position = 0
        yield np.array(order[position:position + batch_size], dtype=np.int64)
        position += batch_size


class NumpyLinear:
    """The course's linear module: weights N(0, 1e-4^2), out x in, biases 0."""

    def __init__(self, inputs, outputs, rng, dtype):
        self.weight = rng.normal(0, 1e-4, (outputs, inputs)).astype(dtype)
        self.bias = np.zeros(outputs, dtype=dtype)

    def forward(self, x):
        self.x = x
        return x @ self.weight.T + self.bias

    def backward(self, dout, input_gradient=True):
        self.grad_weight = dout.T @ self.x
        self.grad_bias = dout.sum(axis=0)
        return dout @ self.weight if input_gradient else None


class NumpyRelu:
    def forward(self, x):
        self.mask = x > 0
        return x * self.mask

    def backward(self, dout, input_gradient=True):
        return dout * self.mask


class NumpySoftmax:
    def forward(self, x):
        exp = np.exp(x - x.max(axis=1, keepdims=True))
        self.out = exp / exp.sum(axis=1, keepdims=True)
        return self.out

    def backward(self, dout, input_gradient=True):
        return self.out * (dout - (dout * self.out).sum(axis=1, keepdims=True))


class NumpyMlp:
    """Section 1's MLP, module by module as the course writes it, with its plain SGD."""

    def __init__(self, hidden, learning_rate, dtype, first_input_gradient, seed):
        rng = np.random.default_rng(seed)
        sizes = [IMAGE_PIXELS] + hidden
        self.modules = []
        for inputs, outputs in zip(sizes, sizes[1:]):
            self.modules += [NumpyLinear(inputs, outputs, rng, dtype), NumpyRelu()]
        self.modules += [NumpyLinear(sizes[-1], CLASSES, rng, dtype), NumpySoftmax()]
        self.learning_rate = learning_rate
        self.dtype = dtype
        self.first_input_gradient = first_input_gradient

    def forward(self, x):
        for module in self.modules:
            x = module.forward(x)
        return x

    def step(self, x, labels, phases):
        """Forward, cross-entropy, backward and SGD update; the batch's loss and how many it got right."""
        probabilities = self.forward(x)
        picked = probabilities[np.arange(len(labels)), labels]
        loss = -np.log(picked).mean()
        phases.lap("forward")
        dout = np.zeros_like(probabilities)
        dout[np.arange(len(labels)), labels] = -1 / (picked * len(labels))
        for index in range(len(self.modules) - 1, -1, -1):
            dout = self.modules[index].backward(dout, index > 0 or self.first_input_gradient)
        phases.lap("backward")
        for module in self.modules:
            if isinstance(module, NumpyLinear):
                module.weight -= self.dtype(self.learning_rate) * module.grad_weight
                module.bias -= self.dtype(self.learning_rate) * module.grad_bias
        phases.lap("update")
        return float(loss), int((probabilities.argmax(axis=1) == labels).sum())


def torch_network(settings):
    """The experiment's network as PyTorch users write it (PyTorch's default initialization)."""
    import torch.nn as nn
    if settings["model"] == "convnet":
        layers, channels = [nn.Unflatten(1, (3, 32, 32))], 3
        for filters in CONVNET_LAYOUT:
            if filters == 0:
                layers.append(nn.MaxPool2d(3, stride=2, padding=1))
            else:
                layers += [nn.Conv2d(channels, filters, 3, padding=1), nn.BatchNorm2d(filters), nn.ReLU()]
                channels = filters
        return nn.Sequential(*layers, nn.Flatten(), nn.Linear(channels, CLASSES))
    sizes = [IMAGE_PIXELS] + [int(h) for h in settings["hidden"].split(",")]
    layers = []
    for inputs, outputs in zip(sizes, sizes[1:]):
        layers.append(nn.Linear(inputs, outputs))
        if settings["batchNorm"] != "none":
            layers.append(nn.BatchNorm1d(outputs))
        layers.append(nn.ReLU())
    return nn.Sequential(*layers, nn.Linear(sizes[-1], CLASSES))


def torch_optimizer(settings, parameters, tuned):
    import torch
    rate, decay = float(settings["learningRate"]), float(settings["weightDecay"])
    fused = {"fused": True} if tuned else {}
    if settings["optimizer"] == "adam":
        return torch.optim.Adam(parameters, lr=rate, weight_decay=decay, **fused)
    return torch.optim.SGD(parameters, lr=rate, weight_decay=decay, **fused)


class TorchLearner:
    """The experiment in PyTorch: a step is the forward, the loss, the backward and the update."""

    def __init__(self, settings, tuned, train_images):
        import torch
        torch.manual_seed(int(settings["seed"]))
        self.torch = torch
        self.network = torch_network(settings)
        self.optimizer = torch_optimizer(settings, self.network.parameters(), tuned)
        self.images = torch.from_numpy(train_images)

    def gather(self, rows, labels):
        return self.images[self.torch.from_numpy(rows)], self.torch.from_numpy(labels[rows])

    def step(self, images, labels, phases):
        self.network.train()
        scores = self.network(images)
        loss = self.torch.nn.functional.cross_entropy(scores, labels)
        phases.lap("forward")
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        phases.lap("backward")
        self.optimizer.step()
        phases.lap("update")
        return loss.item(), (scores.argmax(dim=1) == labels).sum().item()

    def scores(self, images):
        self.network.eval()
        with self.torch.no_grad():
            return self.network(self.torch.from_numpy(images)).numpy()


class NumpyLearner:
    """Section 1's MLP in NumPy."""

    def __init__(self, settings, tuned, train_images):
        self.dtype = np.float32 if tuned else np.float64
        hidden = [int(h) for h in settings["hidden"].split(",")]
        self.mlp = NumpyMlp(hidden, float(settings["learningRate"]), self.dtype, not tuned, int(settings["seed"]))
        self.images = train_images.astype(self.dtype)

    def gather(self, rows, labels):
        return self.images[rows], labels[rows]

    def step(self, images, labels, phases):
        return self.mlp.step(images, labels, phases)

    def scores(self, images):
        return self.mlp.forward(images.astype(self.dtype))


class Phases:
    """Seconds spent in each phase of the steps: forward (with the loss), backward, update."""

    def __init__(self):
        self.seconds = {"forward": 0.0, "backward": 0.0, "update": 0.0}
        self.since = time.perf_counter()

    def start(self):
        self.since = time.perf_counter()

    def lap(self, phase):
        now = time.perf_counter()
        self.seconds[phase] += now - self.since
        self.since = now


def evaluate(learner, images, labels, chunk):
    """Test accuracy and mean cross-entropy over the whole test set, chunk by chunk."""
    correct, loss = 0, 0.0
    for start in range(0, len(labels), chunk):
        scores = learner.scores(images[start:start + chunk]).astype(np.float64)
        truth = labels[start:start + chunk]
        correct += int((scores.argmax(axis=1) == truth).sum())
        if isinstance(learner, NumpyLearner):
            log_probabilities = np.log(np.maximum(scores, 1e-300))
        else:
            shifted = scores - scores.max(axis=1, keepdims=True)
            log_probabilities = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        loss -= float(log_probabilities[np.arange(len(truth)), truth].sum())
    return correct / len(labels), loss / len(labels)


def run(args):
    root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    settings = settings_of(args.experiment, root)
    steps = args.steps or int(settings["steps"])
    (train_images, train_labels), (test_images, test_labels) = read_cifar(os.path.expanduser(args.data))
    mean_image = train_images.mean(axis=0, dtype=np.float64).astype(np.float32)
    train = train_images.astype(np.float32) - mean_image
    test = test_images.astype(np.float32) - mean_image
    learner_type = NumpyLearner if settings["model"] == "manual-mlp" else TorchLearner
    learner = learner_type(settings, args.tuned, train)
    batches = batch_order(len(train_labels), int(settings["batchSize"]), int(settings["seed"]))
    warmup = 0 if args.train else args.warmup
    for _ in range(warmup):
        learner.step(*learner.gather(next(batches), train_labels), Phases())
    timed, evaluating, started, phases = 0.0, 0.0, time.perf_counter(), Phases()
    for step in range(1, steps + 1):
        begin = time.perf_counter()
        batch = learner.gather(next(batches), train_labels)
        phases.start()
        loss, _ = learner.step(*batch, phases)
        timed += time.perf_counter() - begin
        if args.train and (step == 1 or step % int(settings["evalEvery"]) == 0 or step == steps):
            begin = time.perf_counter()
            accuracy, test_loss = evaluate(learner, test, test_labels, int(settings["evalBatchSize"]))
            evaluating += time.perf_counter() - begin
            print(json.dumps({"step": step, "batch_loss": round(loss, 6), "test_acc": accuracy,
                              "test_loss": round(test_loss, 6), "eval_s": round(time.perf_counter() - begin, 2)}),
                  flush=True)
    wall = time.perf_counter() - started
    print(json.dumps(summary(args, settings, learner, steps, warmup, (timed, phases.seconds, evaluating, wall))))


def summary(args, settings, learner, steps, warmup, times):
    """The closing line: what ran, where, its ms per timed step and per phase (the rest of the step is
    gathering the batch and reading its loss), and with --train its evaluations' time."""
    timed, phases, evaluating, wall = times
    if isinstance(learner, NumpyLearner):
        library = f"NumPy {np.__version__} ({'float32' if args.tuned else 'float64'})"
        threads = None
    else:
        library = f"PyTorch {learner.torch.__version__}" + (" (fused optimizer)" if args.tuned else "")
        threads = learner.torch.get_num_threads()
    return {"experiment": args.experiment, "version": "tuned" if args.tuned else "plain", "library": library,
            "threads": threads, "batchSize": int(settings["batchSize"]), "warmupSteps": warmup, "steps": steps,
            "ms_per_step": round(1000 * timed / steps, 3),
            **{phase + "_ms": round(1000 * seconds / steps, 3) for phase, seconds in phases.items()},
            "eval_s": round(evaluating, 2), "wall_s": round(wall, 2), "cpu": cpu_name()}


def cpu_name():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("experiment", help="an experiment's id: mlp-numpy, mlp-djl, mlp-deep-adam, ..., convnet")
    parser.add_argument("--data", required=True, help="the CIFAR-10 binaries' folder, as -Ddata gives the suite")
    parser.add_argument("--tuned", action="store_true", help="the fastest version of the same math")
    parser.add_argument("--steps", type=int, help="timed steps (default: the experiment's)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed steps first (default 10, as -Dbench)")
    parser.add_argument("--train", action="store_true",
                        help="a whole run from step 1, evaluating the test set as the suite does")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
