package backproplab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The matrix products of an MLP's training step, timed alone: the floor under the step's time on
 * this machine, whatever drives them. A fully connected layer with {@code in} inputs and
 * {@code out} outputs, on a batch of B, makes three products a step of 2 B in out floating-point
 * operations each, in the orientations libtorch's autograd and the hand-written modules use:
 * forward x (B, in) by W^T (in, out), the weight gradient g^T (out, B) by x (B, in), and the input
 * gradient g (B, out) by W (out, in). The first layer makes no input gradient: nothing needs the
 * images'. Batch norm, ReLU, the loss and the optimizer come on top.
 *
 * <p>Each product runs on float32 arrays of its shapes (all ones: a matrix product's time does not
 * depend on the values, and the engine's random generator stays untouched) through the engine's
 * own product, MKL in libtorch's CPU build; its time is the median of a few runs after one untimed.
 */
public final class MatrixProducts {

    /** One layer's three products, ms each; {@code inputGradientMs} is null for the first layer. */
    public record Layer(int inputs, int outputs, double forwardMs, double weightGradientMs, Double inputGradientMs) {

        double totalMs() {
            return forwardMs + weightGradientMs + (inputGradientMs == null ? 0 : inputGradientMs);
        }
    }

    private MatrixProducts() {}

    /**
     * Floating-point operations of one step's products, in GFLOP.
     *
     * @param widths the layers' sizes, input first (3072, 100, 10 for the course's MLP)
     */
    public static double gflopPerStep(List<Integer> widths, int batchSize) {
        double flop = 0;
        for (int l = 0; l + 1 < widths.size(); l++) {
            int products = l == 0 ? 2 : 3;
            flop += products * 2.0 * batchSize * widths.get(l) * widths.get(l + 1);
        }
        return flop / 1e9;
    }

    /**
     * Times every product of a step, each {@code repeats} times (at least 1); the arrays live in a
     * sub-manager of {@code manager} and are freed on return.
     */
    public static Floor<Layer> measure(NDManager manager, List<Integer> widths, int batchSize, int repeats) {
        if (widths.size() < 2 || repeats < 1 || batchSize < 1) {
            throw new IllegalArgumentException("need two widths or more, a batch and a repeat, got " + widths
                    + ", batch " + batchSize + ", " + repeats + " repeats");
        }
        List<Layer> layers = new ArrayList<>();
        try (NDManager scope = manager.newSubManager()) {
            for (int l = 0; l + 1 < widths.size(); l++) {
                int in = widths.get(l);
                int out = widths.get(l + 1);
                NDArray x = scope.ones(new Shape(batchSize, in));
                NDArray w = scope.ones(new Shape(out, in));
                NDArray g = scope.ones(new Shape(batchSize, out));
                // Transposed views, as the step multiplies them: no copy, the product reads the strides.
                NDArray wT = w.transpose();
                NDArray gT = g.transpose();
                double forward = medianMs(repeats, () -> x.matMul(wT));
                double weightGradient = medianMs(repeats, () -> gT.matMul(x));
                Double inputGradient = l == 0 ? null : medianMs(repeats, () -> g.matMul(w));
                layers.add(new Layer(in, out, forward, weightGradient, inputGradient));
            }
        }
        double ms = layers.stream().mapToDouble(Layer::totalMs).sum();
        double gflop = gflopPerStep(widths, batchSize);
        return Floor.of(gflop, ms, layers);
    }

    /** The median time of a product, its result freed after each run ({@link Floor#medianMs}). */
    private static double medianMs(int repeats, Supplier<NDArray> product) {
        return Floor.medianMs(repeats, () -> {
            long start = System.nanoTime();
            NDArray result = product.get();
            long nanos = System.nanoTime() - start;
            result.close();
            return nanos;
        });
    }
}
