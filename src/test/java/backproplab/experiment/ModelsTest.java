package backproplab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import backproplab.config.Activation;
import backproplab.config.ExperimentCatalog;
import backproplab.config.ExperimentSpec;
import backproplab.nn.NetworkBlock;
import backproplab.config.Network;
import backproplab.config.Optimizer;
import backproplab.data.CifarData;
import backproplab.train.AutogradLearner;
import backproplab.train.Learner;
import backproplab.train.ManualLearner;
import backproplab.util.UserError;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The spec's model key picks the network; a setting the network does not read is refused. */
class ModelsTest {

    static final ExperimentCatalog CATALOG = new ExperimentCatalog(Path.of("experiments"));

    @BeforeAll
    static void engine() {
        Engine.getInstance();
        JniUtils.setGradMode(false);
    }

    @Test
    void theModelKeyPicksTheNetwork() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertInstanceOf(ManualLearner.class, Models.learner(CATALOG.load("mlp-numpy", Map.of()), manager));
            assertInstanceOf(AutogradLearner.class, Models.learner(CATALOG.load("mlp-djl", Map.of()), manager));
            // The same experiment file with another model key trains another network.
            ExperimentSpec asConvNet = CATALOG.load("mlp-djl", Map.of("model", "convnet"));
            Block block = NetworkBlock.of(asConvNet.hyper().network());
            assertEquals(NetworkBlock.of(CATALOG.load("convnet", Map.of()).hyper().network()).toString(), block.toString());
            assertTrue(block.getChildren().size() > 20, "the ConvNet's layers: " + block.getChildren().size());
        }
    }

    @Test
    void aCommandLineSettingTheNetworkDoesNotReadIsAnError() {
        UserError hidden = assertThrows(UserError.class, () -> CATALOG.load("convnet", Map.of("hidden", "10")));
        assertTrue(hidden.getMessage().startsWith("-Dhidden does not apply to experiment convnet"), hidden.getMessage());
        UserError batchNorm = assertThrows(UserError.class, () -> CATALOG.load("convnet", Map.of("batchNorm", "manual")));
        assertTrue(batchNorm.getMessage().contains("does not read batchNorm"), batchNorm.getMessage());
        UserError optimizer = assertThrows(UserError.class, () -> CATALOG.load("mlp-numpy", Map.of("optimizer", "sgd")));
        assertTrue(optimizer.getMessage().contains("(manual-mlp, activation=relu)"), optimizer.getMessage());
        UserError compared = assertThrows(UserError.class, () -> CATALOG.load("batchnorm", Map.of("batchNorm", "manual")));
        assertTrue(compared.getMessage().contains("compareBatchNorms=builtin,autograd,manual"), compared.getMessage());
        UserError slope = assertThrows(UserError.class, () -> CATALOG.load("mlp-djl", Map.of("negSlope", "0.1")));
        assertEquals("-DnegSlope does not apply to experiment mlp-djl: its network (mlp, activation=relu, optimizer=sgd)"
                + " does not read negSlope", slope.getMessage());
        UserError convNet = assertThrows(UserError.class, () -> CATALOG.load("convnet", Map.of("activation", "tanh")));
        assertTrue(convNet.getMessage().startsWith("-Dactivation does not apply to experiment convnet"),
                convNet.getMessage());
        // What the network reads is taken.
        assertEquals(new Activation.LeakyRelu(0.1), ((Network.Mlp) CATALOG.load("mlp-djl",
                Map.of("activation", "leakyRelu", "negSlope", "0.1")).hyper().network()).activation());
        assertEquals(new Network.ConvNet(new Optimizer.Adam(5e-4, 0)),
                CATALOG.load("convnet", Map.of("learningRate", "5e-4")).hyper().network());
    }

    /** -Ddropout puts DJL's dropout after each hidden activation of the MLP, and only there. */
    @Test
    void dropoutFollowsEachHiddenActivation() {
        List<String> kinds = NetworkBlock.of(CATALOG.load("mlp-deep-adam", Map.of("dropout", "0.2")).hyper().network())
                .getChildren().values().stream().map(block -> block.getClass().getSimpleName()).toList();
        assertEquals(List.of("Linear", "LambdaBlock", "Dropout", "Linear", "LambdaBlock", "Dropout", "Linear",
                "LambdaBlock", "Dropout", "Linear", "LambdaBlock", "Dropout", "Linear"), kinds);
        UserError convnet = assertThrows(UserError.class, () -> CATALOG.load("convnet", Map.of("dropout", "0.2")));
        assertTrue(convnet.getMessage().startsWith("-Ddropout does not apply to experiment convnet"),
                convnet.getMessage());
        UserError one = assertThrows(UserError.class, () -> CATALOG.load("mlp-djl", Map.of("dropout", "1")));
        assertEquals("bad value dropout=1.0: must be at least 0 and below 1, e.g. 0.2", one.getMessage());
    }

    /** The ConvNet, through its learner as the step loop drives it, learns a handful of images. */
    @Test
    void theConvNetsLearnerLearnsAHandfulOfImages() {
        ExperimentSpec spec = CATALOG.load("convnet", Map.of("learningRate", "1e-3"));
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager();
                CifarData data = CifarData.load(manager, Path.of("src/test/resources/cifar10-fixture"))) {
            Learner learner = Models.learner(spec, manager);
            double first = Double.NaN;
            double last = Double.NaN;
            for (int step = 0; step < 30; step++) {
                try (NDManager stepManager = manager.newSubManager()) {
                    NDArray images = data.trainImages().get(stepManager, new NDIndex("0:8"));
                    NDArray labels = data.trainLabels().get(stepManager, new NDIndex("0:8"));
                    last = learner.forward(images, labels).loss().getFloat();
                    learner.backward();
                    learner.update();
                }
                if (step == 0) {
                    first = last;
                }
            }
            assertTrue(last < first / 2, "loss went from " + first + " to " + last);
        }
    }
}
