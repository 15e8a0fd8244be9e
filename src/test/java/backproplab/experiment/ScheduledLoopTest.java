package backproplab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The step loop hands the optimizer the schedule's rate before each update, and none when it is constant. */
class ScheduledLoopTest {

    private static final ExperimentCatalog CATALOG = new ExperimentCatalog(Path.of("experiments"));

    @BeforeAll
    static void engine() {
        Engine.getInstance();
        JniUtils.setGradMode(false);
    }

    @Test
    void eachUpdateHasTheSchedulesRateAndAConstantOneLeavesTheOptimizersOwn() {
        Map<String, String> step = Map.of("schedule", "step", "decayEvery", "2", "decayFactor", "0.5", "warmup", "2",
                "batchSize", "10", "evalEvery", "100");
        for (String experiment : List.of("mlp-djl", "mlp-numpy")) {
            List<Double> rates = ratesGiven(CATALOG.load(experiment, step), 7);
            assertEquals(List.of(1e-3, 2e-3, 2e-3, 2e-3, 1e-3, 1e-3, 5e-4), rates, experiment);
            assertEquals(List.of(), ratesGiven(CATALOG.load(experiment, Map.of("batchSize", "10")), 3), experiment);
        }
    }

    /** The learning rates the loop gives the learner over {@code steps} steps of {@code spec}. */
    private static List<Double> ratesGiven(ExperimentSpec spec, int steps) {
        Hyperparameters h = spec.hyper();
        List<Double> rates = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
                CifarData data = CifarData.load(manager, Path.of("src/test/resources/cifar10-fixture"))) {
            Learner learner = Models.learner(spec, manager);
            Learner recording = (Learner) Proxy.newProxyInstance(Learner.class.getClassLoader(),
                    new Class<?>[] {Learner.class}, (proxy, method, args) -> {
                        if (method.getName().equals("learningRate")) {
                            rates.add((Double) args[0]);
                        }
                        try {
                            return method.invoke(learner, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            StepLoop loop = new StepLoop(recording, data, manager, new StepLoop.Settings(h.steps(), h.batchSize(),
                    h.evalEvery(), h.evalBatchSize(), h.seed(), h::learningRateAt, !h.schedule().constant(), List.of(),
                    false, h.input(), 0, 0));
            for (int t = 0; t < steps; t++) {
                loop.step();
            }
        }
        return rates;
    }
}
