package backproplab.batchnorm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import backproplab.config.BatchNormKind;
import backproplab.nn.Mlp;
import backproplab.train.BackwardPass;
import backproplab.train.Losses;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Training and evaluation steps leave nothing behind in the model's manager: everything a step
 * makes belongs to the step's manager and is freed with it (a leak here grew a 3000-step run by
 * gigabytes).
 */
class BatchNormMemoryTest {

    @ParameterizedTest
    @EnumSource(value = BatchNormKind.class, names = {"BUILTIN", "AUTOGRAD", "MANUAL"})
    void stepsLeaveNoArraysInTheModelsManager(BatchNormKind kind) {
        JniUtils.setGradMode(false);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block model = Mlp.build(12, List.of(10, 8), 5, kind);
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 12));
            ParameterStore store = new ParameterStore(manager, false);
            BackwardPass backward = GradientSplice.of(model)
                    .<BackwardPass>map(splice -> splice::backward).orElse(BackwardPass.AUTOGRAD);
            step(model, store, backward, manager);
            int before = ((BaseNDManager) manager).getManagedArrays().size();
            for (int i = 0; i < 5; i++) {
                step(model, store, backward, manager);
            }
            assertEquals(before, ((BaseNDManager) manager).getManagedArrays().size(), kind.key());
        }
    }

    /** One training step and one evaluation, each in a sub-manager, as the step loop does. */
    private static void step(Block model, ParameterStore store, BackwardPass backward, NDManager manager) {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.randomNormal(new Shape(16, 12));
            NDArray labels = step.arange(16).toType(DataType.INT64, false).mod(5);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.forward(store, new NDList(x), true).singletonOrThrow();
                backward.run(collector, Losses.crossEntropy(logits, labels));
            }
            model.forward(store, new NDList(x), false);
        }
    }
}
