package backproplab.diagnostics;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;

/**
 * The layer statistics a run recorded: a row per layer per recorded step, in the order recorded
 * (step by step, input side first).
 */
public record Diagnostics(List<ParameterStats> parameters, List<ActivationStats> activations) {

    public static final Diagnostics NONE = new Diagnostics(List.of(), List.of());

    public Diagnostics {
        parameters = List.copyOf(parameters);
        activations = List.copyOf(activations);
    }

    public boolean isEmpty() {
        return parameters.isEmpty() && activations.isEmpty();
    }

    /** The steps recorded, in order. */
    public List<Integer> steps() {
        TreeSet<Integer> steps = new TreeSet<>();
        parameters.forEach(p -> steps.add(p.step()));
        activations.forEach(a -> steps.add(a.step()));
        return List.copyOf(steps);
    }

    /** The rows of one step only. */
    public Diagnostics at(int step) {
        return new Diagnostics(parameters.stream().filter(p -> p.step() == step).toList(),
                activations.stream().filter(a -> a.step() == step).toList());
    }

    /** The rows up to and including {@code step}: what a checkpoint at that step holds. */
    public Diagnostics upTo(int step) {
        return new Diagnostics(parameters.stream().filter(p -> p.step() <= step).toList(),
                activations.stream().filter(a -> a.step() <= step).toList());
    }

    /** The last recorded step's rows; {@link #NONE} when nothing was recorded. */
    public Diagnostics last() {
        List<Integer> steps = steps();
        return steps.isEmpty() ? NONE : at(steps.get(steps.size() - 1));
    }

    /** Layer names of the weights, in network order. */
    public List<String> weightLayers() {
        return List.copyOf(new LinkedHashSet<>(parameters.stream().map(ParameterStats::layer).toList()));
    }

    /** Layer names of the activations, in network order. */
    public List<String> activationLayers() {
        return List.copyOf(new LinkedHashSet<>(activations.stream().map(ActivationStats::layer).toList()));
    }
}
