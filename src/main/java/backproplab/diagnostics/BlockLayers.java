package backproplab.diagnostics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import backproplab.batchnorm.CustomBatchNorm;
import backproplab.diagnostics.Inspectable.Activation;
import backproplab.diagnostics.Inspectable.WeightLayer;
import backproplab.nn.Nonlinearity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The layers of a DJL sequential network (the suite's MLPs and ConvNet) as the statistics name
 * them: linear1, batchnorm1, relu1, ..., conv1, ..., numbered by kind in network order (an
 * activation by its {@link Nonlinearity#key}: relu1, leakyRelu1, elu1, tanh1).
 */
public final class BlockLayers {

    private BlockLayers() {}

    /** The layers with a learned weight, input side first. */
    public static List<WeightLayer> weightLayers(SequentialBlock network) {
        List<WeightLayer> layers = new ArrayList<>();
        Counter counter = new Counter();
        for (Block child : network.getChildren().values()) {
            String kind = kind(child);
            if (Nonlinearity.of(child).isPresent()) {
                counter.next(kind);
                continue;
            }
            Parameter weight = child.getParameters().values().stream()
                    .filter(p -> p.requiresGradient()
                            && (p.getType() == Parameter.Type.WEIGHT || p.getType() == Parameter.Type.GAMMA))
                    .findFirst().orElse(null);
            if (weight != null) {
                layers.add(new WeightLayer(counter.next(kind), weight.getArray(), gradientOf(weight.getArray())));
            }
        }
        return layers;
    }

    /**
     * A training forward pass through the children one by one, as {@code SequentialBlock} makes
     * it (the same calls, in the same order), keeping each activation's output in {@code kept}.
     */
    public static NDList forwardKeeping(SequentialBlock network, ParameterStore parameters, NDList inputs,
            List<Activation> kept) {
        NDList current = inputs;
        Counter counter = new Counter();
        for (Block child : network.getChildren().values()) {
            current = child.forward(parameters, current, true);
            String name = counter.next(kind(child));
            Optional<Nonlinearity> activation = Nonlinearity.of(child);
            if (activation.isPresent()) {
                kept.add(new Activation(name, activation.get(), current.singletonOrThrow()));
            }
        }
        return current;
    }

    /**
     * A gradient read through one NDArray for the whole run: each {@code getGradient()} call makes
     * a new NDArray that lives as long as the parameter, and libtorch keeps accumulating into the
     * same tensor (the optimizers zero it in place). Fetched at the first read, after a backward
     * pass (before it, DJL hands out a throw-away zero array).
     */
    private static Supplier<NDArray> gradientOf(NDArray weight) {
        NDArray[] gradient = new NDArray[1];
        return () -> {
            if (gradient[0] == null) {
                gradient[0] = weight.getGradient();
            }
            return gradient[0];
        };
    }

    private static String kind(Block block) {
        Optional<Nonlinearity> activation = Nonlinearity.of(block);
        if (activation.isPresent()) {
            return activation.get().key();
        }
        if (block instanceof Linear) {
            return "linear";
        }
        if (block instanceof Convolution) {
            return "conv";
        }
        if (block instanceof BatchNorm || block instanceof CustomBatchNorm) {
            return "batchnorm";
        }
        return "other";
    }

    /** Numbers layers by kind: linear1, linear2, relu1, ... */
    private static final class Counter {
        private final Map<String, Integer> counts = new HashMap<>();

        String next(String kind) {
            return kind + counts.merge(kind, 1, Integer::sum);
        }
    }
}
