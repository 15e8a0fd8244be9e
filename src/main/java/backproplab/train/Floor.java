package backproplab.train;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The floor under a training step on this machine: its products (an MLP's matrix products,
 * {@link MatrixProducts}, or the ConvNet's convolutions, {@link ConvolutionProducts}) timed alone,
 * their operations, their time and their rate, layer by layer.
 *
 * @param <L> what is known of one layer's products
 */
public record Floor<L>(double gflopPerStep, double msPerStep, double gflopPerSecond, List<L> layers) {

    public Floor {
        layers = List.copyOf(layers);
    }

    /** The floor of {@code gflop} operations done in {@code ms}. */
    static <L> Floor<L> of(double gflop, double ms, List<L> layers) {
        return new Floor<>(gflop, ms, gflop / (ms / 1000), layers);
    }

    /** The median of {@code repeats} timings (at least 1), in ms, after one untimed. */
    static double medianMs(int repeats, LongSupplier nanos) {
        nanos.getAsLong();
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            ms[i] = nanos.getAsLong() / 1e6;
        }
        Arrays.sort(ms);
        return repeats % 2 == 1 ? ms[repeats / 2] : (ms[repeats / 2 - 1] + ms[repeats / 2]) / 2;
    }
}
