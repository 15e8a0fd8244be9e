package backproplab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.jni.JniUtils;
import backproplab.config.ExperimentCatalog;
import backproplab.config.ExperimentSpec;
import backproplab.config.Hyperparameters;
import backproplab.data.CifarData;
import backproplab.train.Learner;
import backproplab.train.StepLoop;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** -Dvalidation: the first training images are the validation set, which no training batch holds. */
class ValidationSplitTest {

    private static final String FIXTURE = "src/test/resources/cifar10-fixture";

    /**
     * Over 60 steps of 20 images (six epochs of the 200 left, reshuffled), every training image is
     * in a batch and no validation image ever is: the images the network is given are compared,
     * pixel for pixel, with the fixture's first 100.
     */
    @Test
    void theValidationImagesAreNeverInATrainingBatch() {
        ExperimentSpec spec = new ExperimentCatalog(Path.of("experiments")).load("mlp-djl",
                Map.of("batchSize", "20", "validation", "100"));
        Engine.getInstance();
        JniUtils.setGradMode(false);
        Set<List<Float>> trained = new HashSet<>();
        try (NDManager manager = NDManager.newBaseManager();
                CifarData data = CifarData.load(manager, Path.of(FIXTURE))) {
            Learner learner = Models.learner(spec, manager);
            Learner recording = (Learner) Proxy.newProxyInstance(Learner.class.getClassLoader(),
                    new Class<?>[] {Learner.class}, (proxy, method, args) -> {
                        if (method.getName().equals("forward")) {
                            NDArray images = (NDArray) args[0];
                            for (int i = 0; i < images.getShape().get(0); i++) {
                                trained.add(boxed(images.get(i).toFloatArray()));
                            }
                        }
                        try {
                            return method.invoke(learner, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            Hyperparameters h = spec.hyper();
            StepLoop loop = new StepLoop(recording, data, manager, new StepLoop.Settings(60, h.batchSize(), 1000,
                    h.evalBatchSize(), h.seed(), h::learningRateAt, false, List.of(), false, h.input(), 100, 0));
            for (int t = 0; t < 60; t++) {
                loop.step();
            }
            Set<List<Float>> validation = new HashSet<>();
            Set<List<Float>> rest = new HashSet<>();
            for (int i = 0; i < data.trainSize(); i++) {
                (i < 100 ? validation : rest).add(boxed(data.trainImages().get(new NDIndex(i)).toFloatArray()));
            }
            assertEquals(rest, trained, "every training image after the first 100 was trained on, and only those");
            validation.retainAll(trained);
            assertEquals(Set.of(), validation, "no validation image in a batch");
        }
    }

    private static List<Float> boxed(float[] values) {
        Float[] boxed = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return List.of(boxed);
    }
}
