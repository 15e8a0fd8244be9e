package backproplab.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import backproplab.data.CifarData;
import backproplab.train.AdamUpdate;
import backproplab.train.Losses;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The ConvNet can fit a handful of real images: the training loss halves within a few dozen steps. */
class ConvNetLearnsTest {

    @Test
    void lossOnAHandfulOfImagesFallsBelowHalfItsStart() {
        JniUtils.setGradMode(false);
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager();
                CifarData data = CifarData.load(manager, Path.of("src/test/resources/cifar10-fixture"))) {
            NDArray images = data.trainImages().get(new NDIndex("0:8"));
            NDArray labels = data.trainLabels().get(new NDIndex("0:8"));
            Block net = ConvNet.build(10);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, CifarData.PIXELS));
            ParameterStore store = new ParameterStore(manager, false);
            AdamUpdate adam = new AdamUpdate(net.getParameters().stream().map(Pair::getValue)
                    .filter(Parameter::requiresGradient).map(Parameter::getArray).toList(), 1e-3, 0);
            double first = Double.NaN;
            double last = Double.NaN;
            for (int step = 0; step < 30; step++) {
                try (NDManager stepManager = manager.newSubManager()) {
                    NDArray x = images.duplicate();
                    x.attach(stepManager);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = Losses.crossEntropy(
                                net.forward(store, new NDList(x), true).singletonOrThrow(), labels);
                        collector.backward(loss);
                        last = loss.getFloat();
                    }
                    adam.step();
                }
                if (step == 0) {
                    first = last;
                }
            }
            assertTrue(last < first / 2, "loss went from " + first + " to " + last);
        }
    }
}
