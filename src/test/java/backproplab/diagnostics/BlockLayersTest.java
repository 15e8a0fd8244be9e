package backproplab.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import backproplab.config.Activations;
import backproplab.diagnostics.Inspectable.Activation;
import backproplab.nn.Nonlinearity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layer statistics know every activation the networks are built with, by its declaration. */
class BlockLayersTest {

    @BeforeAll
    static void engine() {
        Engine.getInstance();
        JniUtils.setGradMode(false);
    }

    @Test
    void everyDeclaredActivationIsKeptAndNamedAndNoOtherBlockIs() {
        for (backproplab.config.Activation activation : Activations.every()) {
            Nonlinearity nonlinearity = Nonlinearity.of(activation);
            SequentialBlock net = new SequentialBlock();
            net.add(Linear.builder().setUnits(3).build());
            net.add(nonlinearity.block());
            // A block of the same kind that computes something else is no activation of the statistics.
            net.add(new LambdaBlock(x -> x, "identity"));
            net.add(Linear.builder().setUnits(2).build());
            net.add(nonlinearity.block());
            try (NDManager manager = NDManager.newBaseManager()) {
                net.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
                List<Activation> kept = new ArrayList<>();
                BlockLayers.forwardKeeping(net, new ParameterStore(manager, false),
                        new NDList(manager.ones(new Shape(5, 4))), kept);
                assertEquals(List.of(nonlinearity.key() + "1", nonlinearity.key() + "2"),
                        kept.stream().map(Activation::name).toList());
                assertEquals(List.of(activation, activation),
                        kept.stream().map(a -> a.nonlinearity().activation()).toList(), "known with its settings");
                assertEquals(List.of("linear1", "linear2"),
                        BlockLayers.weightLayers(net).stream().map(Inspectable.WeightLayer::name).toList());
            }
        }
    }
}
