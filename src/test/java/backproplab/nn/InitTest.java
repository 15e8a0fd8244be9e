package backproplab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.jni.JniUtils;
import backproplab.config.BatchNormKind;
import backproplab.config.ExperimentCatalog;
import backproplab.config.Init;
import backproplab.config.Network;
import backproplab.manual.LinearModule;
import backproplab.util.UserError;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * -Dinit: each network's own by default, and each init's weights and biases as it is defined,
 * for a layer of the first MLP layer's size (3072 in, 100 out: 307,200 weights, whose sample
 * standard deviation is within 1% of the true one).
 */
class InitTest {

    private static final int IN = 3072;
    private static final int OUT = 100;

    @BeforeAll
    static void engine() {
        Engine.getInstance();
        JniUtils.setGradMode(false);
    }

    @Test
    void eachNetworkHasItsOwnUnlessOneIsGivenAndARunRecordsOnlyAnotherOne() {
        ExperimentCatalog catalog = new ExperimentCatalog(Path.of("experiments"));
        assertEquals(Init.COURSE, ((Network.Layered) catalog.load("mlp-numpy", Map.of()).hyper().network()).init());
        assertEquals(Init.PYTORCH, ((Network.Layered) catalog.load("mlp-djl", Map.of()).hyper().network()).init());
        assertEquals("", catalog.load("mlp-djl", Map.of()).asMap().get("init"), "the network's own: recorded as none");
        assertEquals("", catalog.load("mlp-numpy", Map.of("init", "course")).asMap().get("init"));
        assertEquals("kaiming", catalog.load("mlp-numpy", Map.of("init", "kaiming")).asMap().get("init"));
        UserError convnet = assertThrows(UserError.class, () -> catalog.load("convnet", Map.of("init", "kaiming")));
        assertTrue(convnet.getMessage().startsWith("-Dinit does not apply to experiment convnet"),
                convnet.getMessage());
        UserError xavier = assertThrows(UserError.class, () -> catalog.load("mlp-djl", Map.of("init", "xavier")));
        assertEquals("bad value init=xavier: one of course, kaiming, pytorch", xavier.getMessage());
    }

    @Test
    void theDjlLayersStartAsEachInitSays() {
        for (Init init : Init.values()) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(1);
                Block linear = LinearInit.apply(Linear.builder().setUnits(OUT).build(), IN, init);
                linear.initialize(manager, DataType.FLOAT32, new Shape(1, IN));
                assertStarted(init, parameter(linear, Parameter.Type.WEIGHT), parameter(linear, Parameter.Type.BIAS));
            }
        }
        // The default build is PyTorch's, as before -Dinit.
        Block mlp = Mlp.build(IN, List.of(OUT), 10, Nonlinearity.RELU, BatchNormKind.NONE, 0);
        try (NDManager manager = NDManager.newBaseManager()) {
            mlp.initialize(manager, DataType.FLOAT32, new Shape(1, IN));
            NDArray first = mlp.getChildren().get(0).getValue().getParameters().get(0).getValue().getArray();
            assertStarted(Init.PYTORCH, first, mlp.getChildren().get(0).getValue().getParameters().get(1).getValue()
                    .getArray());
        }
    }

    @Test
    void theHandWrittenLayersStartAsEachInitSays() {
        for (Init init : Init.values()) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(1);
                LinearModule linear = LinearModule.initialized(IN, OUT, manager, DataType.FLOAT32, init);
                assertStarted(init, linear.weight(), linear.bias());
            }
        }
    }

    private static NDArray parameter(Block block, Parameter.Type type) {
        return block.getParameters().values().stream().filter(p -> p.getType() == type).findFirst().orElseThrow()
                .getArray();
    }

    /** Weights of mean 0 and the init's standard deviation; biases 0, or within PyTorch's bound. */
    private static void assertStarted(Init init, NDArray weight, NDArray bias) {
        double bound = 1 / Math.sqrt(IN);
        double std = switch (init) {
            case COURSE -> 1e-4;
            case PYTORCH -> bound / Math.sqrt(3);
            case KAIMING -> Math.sqrt(2.0 / IN);
        };
        double mean = weight.mean().getFloat();
        double measured = Math.sqrt(weight.sub(mean).pow(2).mean().getFloat());
        assertEquals(std, measured, 0.01 * std, init + ": the weights' standard deviation");
        assertEquals(0, mean, 0.01 * std, init + ": the weights' mean");
        float[] b = bias.toFloatArray();
        for (float v : b) {
            if (init == Init.PYTORCH) {
                assertTrue(Math.abs(v) <= bound, init + ": a bias within +-1/sqrt(fan_in): " + v);
            } else {
                assertEquals(0f, v, init + ": the biases are 0");
            }
        }
        if (init == Init.PYTORCH) {
            assertTrue(bias.abs().max().getFloat() > bound / 2, "PyTorch's biases are drawn, not 0");
        }
    }
}
