package backproplab.diagnostics;

import ai.djl.ndarray.NDArray;
import backproplab.diagnostics.Inspectable.Activation;
import backproplab.diagnostics.Inspectable.WeightLayer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the layer statistics of a training step, in three calls around its phases: before the
 * forward pass (to keep the activations' outputs), after the backward pass (activations, weights and
 * gradients, and a copy of each weight) and after the update (how far the update moved each
 * weight). It only reads the network's arrays: a run records the same numbers with it or without.
 */
public final class LayerRecorder {

    private final Inspectable network;
    private final int every;
    /** Whether each recorded step also keeps the histograms of every weight and gradient. */
    private final boolean histograms;
    private final List<ParameterStats> parameters = new ArrayList<>();
    private final List<ActivationStats> activations = new ArrayList<>();
    private List<WeightLayer> layers;
    /** Each weight before the update being recorded; kept from one recorded step to the next, not reallocated. */
    private float[][] before;
    /** Weight norm, weight std, gradient norm, gradient std of each layer, until the update's ratio is known. */
    private double[][] pending;
    /** The step being recorded: its rows, and its histograms when they are kept. */
    private List<ActivationStats> stepActivations = List.of();
    private List<ParameterStats> stepParameters = List.of();
    private List<Histogram.OfLayer> stepHistograms = List.of();
    private long nanos;
    private int recorded;

    /**
     * @param every record every {@code every} steps besides the evaluations; 0 for evaluations only
     * @param histograms also keep, for each recorded step, the histograms of the weights and gradients
     */
    public LayerRecorder(Inspectable network, int every, boolean histograms) {
        if (every < 0) {
            throw new IllegalArgumentException("statsEvery must be 0 or more, got " + every);
        }
        this.network = network;
        this.every = every;
        this.histograms = histograms;
    }

    /** One recorded step: its rows of the statistics, and its histograms (none unless they are kept). */
    public record RecordedStep(int step, Diagnostics rows, List<Histogram.OfLayer> histograms) {}

    /** Whether step {@code step} is recorded: at every evaluation, and every {@code every} steps. */
    public boolean records(int step, boolean evaluates) {
        return evaluates || (every > 0 && step % every == 0);
    }

    /** Before the forward pass of a recorded step. */
    public void beforeForward() {
        network.keepActivations();
    }

    /** After the backward pass of a recorded step, before its update. */
    public void afterBackward(int step) {
        long start = System.nanoTime();
        stepActivations = new ArrayList<>();
        for (Activation a : network.activations()) {
            stepActivations.add(LayerStats.activation(step, a.name(), LayerStats.floats(a.values()),
                    a.values().getShape().getShape(), a.nonlinearity()));
        }
        activations.addAll(stepActivations);
        if (layers == null) {
            layers = network.weightLayers();
            before = new float[layers.size()][];
        }
        pending = new double[layers.size()][];
        stepHistograms = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            WeightLayer layer = layers.get(i);
            FloatBuffer weight = LayerStats.floats(layer.weight());
            FloatBuffer gradient = LayerStats.floats(layer.gradient().get());
            pending[i] = new double[] {LayerStats.norm(weight), LayerStats.std(weight), LayerStats.norm(gradient),
                    LayerStats.std(gradient)};
            if (histograms) {
                stepHistograms.add(new Histogram.OfLayer(layer.name(), Histogram.of(weight), Histogram.of(gradient)));
            }
            if (before[i] == null || before[i].length != weight.limit()) {
                before[i] = new float[weight.limit()];
            }
            weight.get(0, before[i]);
        }
        nanos += System.nanoTime() - start;
    }

    /** After the update of a recorded step. */
    public void afterUpdate(int step) {
        long start = System.nanoTime();
        stepParameters = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            NDArray weight = layers.get(i).weight();
            double[] p = pending[i];
            stepParameters.add(new ParameterStats(step, layers.get(i).name(), p[0], p[1], p[2], p[3],
                    LayerStats.updateRatio(before[i], LayerStats.floats(weight))));
        }
        parameters.addAll(stepParameters);
        pending = null;
        recorded++;
        nanos += System.nanoTime() - start;
    }

    /** The step recorded last (after its update). */
    public RecordedStep last() {
        int step = stepParameters.isEmpty() ? stepActivations.get(0).step() : stepParameters.get(0).step();
        return new RecordedStep(step, new Diagnostics(stepParameters, stepActivations), List.copyOf(stepHistograms));
    }

    /** Everything recorded so far. */
    public Diagnostics recorded() {
        return new Diagnostics(parameters, activations);
    }

    /** Continues a resumed run: what it had recorded up to its checkpoint. */
    public void restore(Diagnostics earlier) {
        parameters.clear();
        activations.clear();
        parameters.addAll(earlier.parameters());
        activations.addAll(earlier.activations());
    }

    /** Mean time the statistics of one recorded step took, in this process; NaN before the first. */
    public double msPerRecord() {
        return recorded == 0 ? Double.NaN : nanos / 1e6 / recorded;
    }
}
