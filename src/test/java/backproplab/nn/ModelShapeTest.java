package backproplab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import backproplab.config.BatchNormKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Parameter counts, layer shapes and PyTorch-default initialization of the DJL models. */
class ModelShapeTest {

    static final List<Integer> DEEP = List.of(1024, 2048, 2048, 4096);

    @BeforeAll
    static void noGraphOutsideCollectors() {
        // The engine loads libtorch: before it, the call below has no native library to reach.
        ai.djl.engine.Engine.getInstance();
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
    }

    @Test
    void deepMlpHasTheReportsParameterCount() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertEquals(17_875_978L, trainableCount(initialized(Mlp.build(3072, DEEP, 10, BatchNormKind.NONE), manager, 3072)));
            for (BatchNormKind kind : List.of(BatchNormKind.BUILTIN, BatchNormKind.AUTOGRAD, BatchNormKind.MANUAL)) {
                Block withNorm = initialized(Mlp.build(3072, DEEP, 10, kind), manager, 3072);
                // gamma and beta of 1024 + 2048 + 2048 + 4096 features
                assertEquals(17_875_978L + 18_432L, trainableCount(withNorm), kind.key());
            }
        }
    }

    @Test
    void deepMlpLayerShapes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block mlp = initialized(Mlp.build(3072, DEEP, 10, BatchNormKind.NONE), manager, 3072);
            List<Shape> weights = new ArrayList<>();
            for (Pair<String, Parameter> p : mlp.getParameters()) {
                if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                    weights.add(p.getValue().getArray().getShape());
                }
            }
            assertEquals(List.of(new Shape(1024, 3072), new Shape(2048, 1024), new Shape(2048, 2048),
                    new Shape(4096, 2048), new Shape(10, 4096)), weights);
        }
    }

    @Test
    void linearAndConvLayersUsePyTorchDefaultInitialization() {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager manager = NDManager.newBaseManager()) {
            checkUniformInit(initialized(Mlp.build(3072, List.of(100), 10, BatchNormKind.NONE), manager, 3072));
            checkUniformInit(initialized(ConvNet.build(10), manager, 3072));
        }
    }

    @Test
    void convNetHasTheReportsParameterCount() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = initialized(ConvNet.build(10), manager, 3072);
            long conv = 0;
            long norm = 0;
            long linear = 0;
            for (Block child : ((SequentialBlock) net).getChildren().values()) {
                long count = trainableCount(child);
                if (child instanceof Conv2d) {
                    conv += count;
                } else if (child instanceof BatchNorm) {
                    norm += count;
                } else if (child instanceof Linear) {
                    linear += count;
                }
            }
            assertEquals(9_220_480L, conv);
            assertEquals(5_504L, norm);
            assertEquals(5_130L, linear);
            assertEquals(9_231_114L, trainableCount(net));
        }
    }

    @Test
    void convNetHalvesTheImageAtEachPoolDownToOnePixel() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = (SequentialBlock) initialized(ConvNet.build(10), manager, 3072);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray x = manager.randomNormal(new Shape(2, 3072));
            List<Long> sizes = new ArrayList<>();
            long size = 32;
            for (Block child : net.getChildren().values()) {
                x = child.forward(store, new NDList(x), false).singletonOrThrow();
                // Convolutions keep the size (padding 1); only the pools change it.
                if (x.getShape().dimension() == 4 && x.getShape().get(2) != size) {
                    size = x.getShape().get(2);
                    sizes.add(size);
                    assertEquals(size, x.getShape().get(3));
                }
            }
            assertEquals(List.of(16L, 8L, 4L, 2L, 1L), sizes);
            assertEquals(new Shape(2, 10), x.getShape());
        }
    }

    /** Every weight and bias inside +-1/sqrt(fan_in), and spread out (not a constant). */
    private static void checkUniformInit(Block model) {
        for (Pair<String, Parameter> p : model.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.getType() != Parameter.Type.WEIGHT && parameter.getType() != Parameter.Type.BIAS) {
                continue;
            }
            float[] values = parameter.getArray().toFloatArray();
            long fanIn = fanIn(model, p.getKey(), parameter);
            double bound = 1 / Math.sqrt(fanIn);
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float v : values) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertTrue(-bound <= min && max <= bound, p.getKey() + " in +-" + bound + ": " + min + ".." + max);
            if (values.length >= 10) {
                // A uniform sample of 10+ values spans well over a third of the range.
                assertTrue(max - min > 0.66 * bound, p.getKey() + " spread " + (max - min) + " of " + 2 * bound);
            }
        }
    }

    /** fan_in from the weight of the same layer: in-features times kernel size. */
    private static long fanIn(Block model, String key, Parameter parameter) {
        String layer = key.substring(0, key.lastIndexOf('_'));
        Parameter weight = model.getParameters().get(layer + "_weight");
        Shape shape = weight.getArray().getShape();
        return shape.size() / shape.get(0);
    }

    private static Block initialized(Block block, NDManager manager, int inputs) {
        block.initialize(manager, DataType.FLOAT32, new Shape(1, inputs));
        return block;
    }

    private static long trainableCount(Block block) {
        return block.getParameters().stream()
                .map(Pair::getValue)
                .filter(Parameter::requiresGradient)
                .mapToLong(p -> p.getArray().size())
                .sum();
    }
}
