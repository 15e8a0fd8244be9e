package backproplab.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import backproplab.nn.ConvNet;
import backproplab.nn.ConvNet.Convolution;
import java.util.ArrayList;
import java.util.List;

/**
 * The ConvNet's convolutions, timed alone: the floor under its step on this machine, as
 * {@link MatrixProducts} is an MLP's, with the network's own kernel, stride and padding
 * ({@link ConvNet#KERNEL}). A 3x3 convolution (stride 1, padding 1) from {@code in} to
 * {@code out} channels on a batch of B images of side S makes 2 B S^2 out in 9 floating-point
 * operations forward, as many for its weight gradient and as many for its input gradient; the
 * first makes no input gradient (nothing needs the images'). Batch norm, ReLU, the pools, the
 * linear layer, the loss and the optimizer come on top.
 *
 * <p>Each convolution runs on float32 arrays of its shapes (all ones, as the products'), through
 * libtorch's own convolution, forward alone and then its backward (the weight's, the bias's and,
 * after the first, the input's gradient in one call, as a step makes them) into gradients that
 * start empty, as PyTorch's after {@code zero_grad(set_to_none=True)}; the median of a few runs
 * after one untimed.
 */
public final class ConvolutionProducts {

    /** One convolution: its channels, the side of its images, its forward and backward ms. */
    public record Layer(int inputs, int outputs, int side, double forwardMs, double backwardMs) {}

    private ConvolutionProducts() {}

    /** Floating-point operations of one step's convolutions, in GFLOP. */
    public static double gflopPerStep(List<Convolution> convolutions, int batchSize) {
        double flop = 0;
        for (int l = 0; l < convolutions.size(); l++) {
            Convolution c = convolutions.get(l);
            int products = l == 0 ? 2 : 3;
            flop += products * 2.0 * batchSize * c.side() * c.side() * c.outputs() * c.inputs() * ConvNet.KERNEL.size();
        }
        return flop / 1e9;
    }

    /**
     * Times every convolution of a step, forward and backward, each {@code repeats} times (at least
     * 1); the arrays live in a sub-manager of {@code manager} and are freed on return.
     */
    public static Floor<Layer> measure(NDManager manager, List<Convolution> convolutions, int batchSize, int repeats) {
        if (convolutions.isEmpty() || repeats < 1 || batchSize < 1) {
            throw new IllegalArgumentException("need a convolution, a batch and a repeat, got " + convolutions
                    + ", batch " + batchSize + ", " + repeats + " repeats");
        }
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < convolutions.size(); l++) {
            Convolution c = convolutions.get(l);
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.ones(new Shape(batchSize, c.inputs(), c.side(), c.side()));
                NDArray w = scope.ones(new Shape(c.outputs(), c.inputs()).addAll(ConvNet.KERNEL));
                NDArray b = scope.ones(new Shape(c.outputs()));
                boolean inputGradient = l > 0;
                double forward = Floor.medianMs(repeats, () -> {
                    try (NDManager run = scope.newSubManager()) {
                        long start = System.nanoTime();
                        convolve(x, w, b).attach(run);
                        return System.nanoTime() - start;
                    }
                });
                double backward = Floor.medianMs(repeats, () -> backwardNanos(scope, x, w, b, inputGradient));
                layers.add(new Layer(c.inputs(), c.outputs(), c.side(), forward, backward));
            }
        }
        double ms = layers.stream().mapToDouble(layer -> layer.forwardMs() + layer.backwardMs()).sum();
        double gflop = gflopPerStep(convolutions, batchSize);
        return Floor.of(gflop, ms, layers);
    }

    /** One backward of the convolution, into fresh leaves; only the backward is timed. */
    private static long backwardNanos(NDManager scope, NDArray x, NDArray w, NDArray b, boolean inputGradient) {
        try (NDManager run = scope.newSubManager()) {
            NDArray input = x.duplicate();
            NDArray weight = w.duplicate();
            NDArray bias = b.duplicate();
            for (NDArray leaf : new NDArray[] {input, weight, bias}) {
                leaf.attach(run);
            }
            input.setRequiresGradient(inputGradient);
            weight.setRequiresGradient(true);
            bias.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                // Made from the input, so in its manager (run), as is the gradient made from it.
                NDArray y = convolve(input, weight, bias);
                NDArray outputGradient = y.onesLike();
                long start = System.nanoTime();
                // Seeded with the output's gradient itself, as a step's backward reaches the convolution.
                JniUtils.backward((PtNDArray) y, (PtNDArray) outputGradient, false, false);
                return System.nanoTime() - start;
            }
        }
    }

    private static NDArray convolve(NDArray x, NDArray w, NDArray b) {
        return Conv2d.conv2d(x, w, b, ConvNet.CONV_STRIDE, ConvNet.CONV_PADDING).singletonOrThrow();
    }
}
