package backproplab.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import backproplab.config.Activation;
import backproplab.config.Activations;
import backproplab.config.BatchNormKind;
import backproplab.config.Optimizer;
import backproplab.manual.LinearModule;
import backproplab.manual.ManualMlp;
import backproplab.nn.Mlp;
import backproplab.nn.Nonlinearity;
import backproplab.train.AutogradLearner;
import backproplab.train.BackwardPass;
import backproplab.train.Learner;
import backproplab.train.ManualLearner;
import backproplab.train.SgdUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The recorder over real networks, against gradients and steps known in closed form. */
class LayerRecorderTest {

    @BeforeAll
    static void engine() {
        Engine.getInstance();
        JniUtils.setGradMode(false);
    }

    /**
     * The hand-written MLP with one linear layer, W = 0 and b = 0, one image x with label 0: the
     * probabilities are 1/C each, so dL/dz = p - y and dW = (p - y) x^T, whose norm is
     * ||x|| sqrt((1 - 1/C)^2 + (C - 1)/C^2) = ||x|| sqrt((C - 1)/C). SGD then moves W from 0: an
     * infinite update ratio.
     */
    @Test
    void aLayerWhoseGradientIsKnownInClosedForm() {
        int classes = 4;
        float[] x = {1, 2, 2};
        try (NDManager manager = NDManager.newBaseManager()) {
            LinearModule linear = new LinearModule(manager.zeros(new Shape(classes, 3)), manager.zeros(new Shape(classes)));
            ManualLearner learner = new ManualLearner(new ManualMlp(List.of(linear)), Nonlinearity.RELU, classes, 0.1);
            LayerRecorder recorder = new LayerRecorder(learner, 0, false);
            try (NDManager step = manager.newSubManager()) {
                trainStep(learner, recorder, 1, step.create(x, new Shape(1, 3)), step.create(new long[] {0}));
            }
            ParameterStats stats = recorder.recorded().parameters().get(0);
            assertEquals("linear1", stats.layer());
            assertEquals(3 * Math.sqrt((classes - 1.0) / classes), stats.gradientNorm(), 1e-6);
            assertEquals(0, stats.weightNorm());
            assertEquals(Double.POSITIVE_INFINITY, stats.updateRatio());
            assertTrue(recorder.recorded().activations().isEmpty(), "no hidden layer, no ReLU");
        }
    }

    /**
     * A hand-made step: the network's weight is changed in place between the two calls, by a
     * known amount, and the recorder measures the ratio of that change.
     */
    @Test
    void theUpdateRatioIsMeasuredFromTheStepMade() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new float[] {3, 4});
            NDArray gradient = manager.create(new float[] {1, -1});
            Inspectable network = fixed(weight, () -> gradient);
            LayerRecorder recorder = new LayerRecorder(network, 0, false);
            recorder.beforeForward();
            recorder.afterBackward(5);
            weight.addi(manager.create(new float[] {0.3f, 0.4f}));
            recorder.afterUpdate(5);
            ParameterStats stats = recorder.recorded().parameters().get(0);
            assertEquals(new ParameterStats(5, "w", 5, 0.5, Math.sqrt(2), 1, stats.updateRatio()), stats);
            assertEquals(0.1, stats.updateRatio(), 1e-7);
        }
    }

    @Test
    void whichStepsAreRecorded() {
        LayerRecorder atEvaluations = new LayerRecorder(fixed(null, null), 0, false);
        assertTrue(atEvaluations.records(100, true));
        assertFalse(atEvaluations.records(50, false));
        LayerRecorder every = new LayerRecorder(fixed(null, null), 25, false);
        assertTrue(every.records(50, false));
        assertFalse(every.records(51, false));
    }

    /**
     * A DJL MLP with batch norm: its layers are named in network order, the recording forward
     * gives the same logits as DJL's own, bit for bit, and batch norm before each ReLU leaves no
     * unit dead (each unit has mean 0 over the batch before the ReLU).
     */
    @Test
    void aDjlMlpsLayersInNetworkOrder() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            SequentialBlock block = Mlp.build(6, List.of(5, 4), 3, BatchNormKind.BUILTIN);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 6));
            ParameterStore store = new ParameterStore(manager, false);
            List<NDArray> trainable = block.getParameters().stream().map(p -> p.getValue())
                    .filter(p -> p.requiresGradient()).map(p -> p.getArray()).toList();
            AutogradLearner learner = new AutogradLearner(block, store,
                    new SgdUpdate(trainable, new Optimizer.Sgd(0.01, 0)), BackwardPass.AUTOGRAD);
            assertEquals("linear1 batchnorm1 linear2 batchnorm2 linear3",
                    learner.weightLayers().stream().map(Inspectable.WeightLayer::name).collect(Collectors.joining(" ")));

            NDArray images = manager.randomNormal(new Shape(8, 6));
            NDArray labels = manager.create(new long[] {0, 1, 2, 0, 1, 2, 0, 1});
            // Training mode normalizes with the batch's own statistics, so two forwards of one batch agree.
            List<Inspectable.Activation> kept = new ArrayList<>();
            float[] plain = block.forward(store, new NDList(images), true).singletonOrThrow().toFloatArray();
            float[] recording = BlockLayers.forwardKeeping(block, store, new NDList(images), kept)
                    .singletonOrThrow().toFloatArray();
            assertArrayEquals(plain, recording);
            assertEquals(List.of("relu1", "relu2"), kept.stream().map(Inspectable.Activation::name).toList());

            LayerRecorder recorder = new LayerRecorder(learner, 0, false);
            try (NDManager step = manager.newSubManager()) {
                trainStep(learner, recorder, 1, images, labels);
            }
            List<ActivationStats> activations = recorder.recorded().activations();
            assertEquals(List.of("relu1", "relu2"), activations.stream().map(ActivationStats::layer).toList());
            for (ActivationStats a : activations) {
                assertTrue(a.zeroFraction() > 0 && a.zeroFraction() < 1, a.toString());
                assertEquals(0, a.deadFraction(), a.toString());
            }
            assertEquals(5, recorder.recorded().parameters().size());
        }
    }

    /** A DJL MLP without batch norm whose first bias is -100: relu1 is dead for every unit. */
    @Test
    void aDjlReluFedOnlyNegativeInputsIsAllDead() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            SequentialBlock block = Mlp.build(6, List.of(5), 3, BatchNormKind.NONE);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 6));
            block.getParameters().get("01Linear_bias").getArray().subi(100);
            ParameterStore store = new ParameterStore(manager, false);
            List<NDArray> trainable = block.getParameters().stream().map(p -> p.getValue().getArray()).toList();
            AutogradLearner learner = new AutogradLearner(block, store,
                    new SgdUpdate(trainable, new Optimizer.Sgd(0.01, 0)), BackwardPass.AUTOGRAD);
            LayerRecorder recorder = new LayerRecorder(learner, 0, false);
            try (NDManager step = manager.newSubManager()) {
                trainStep(learner, recorder, 1, step.randomUniform(0, 1, new Shape(4, 6)),
                        step.create(new long[] {0, 1, 2, 0}));
            }
            ActivationStats relu = recorder.recorded().activations().get(0);
            assertEquals(new ActivationStats(1, "relu1", 0, 0, 1, 1), relu);
            // Nothing flows back through a dead ReLU: the first layer gets no gradient, and does not move.
            ParameterStats first = recorder.recorded().parameters().get(0);
            assertEquals(0, first.gradientNorm());
            assertEquals(0, first.updateRatio());
        }
    }

    /**
     * The MLPs with each activation, DJL's and the hand-written one: a recorded step names each
     * activation layer by its kind, one per hidden layer, input side first.
     */
    @Test
    void everyActivationsLayersAreNamedAndCountedByItsKind() {
        for (Activation activation : Activations.every()) {
            String key = activation.kind().key();
            try (NDManager manager = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(5);
                NDArray images = manager.randomNormal(new Shape(8, 6));
                NDArray labels = manager.create(new long[] {0, 1, 2, 0, 1, 2, 0, 1});
                SequentialBlock block = Mlp.build(6, List.of(5, 4), 3, Nonlinearity.of(activation), BatchNormKind.NONE);
                LayerRecorder djl = recordedStep(djlLearner(block, manager), images, labels);
                assertEquals(List.of(key + "1", key + "2"), djl.recorded().activationLayers());
                assertEquals(List.of("linear1", "linear2", "linear3"), djl.recorded().weightLayers());
                ManualMlp mlp = new ManualMlp(6, List.of(5, 4), 3, manager, DataType.FLOAT32, activation);
                LayerRecorder manual = recordedStep(new ManualLearner(mlp, Nonlinearity.of(activation), 3, 0.1), images,
                        labels);
                assertEquals(List.of(key + "1", key + "2"), manual.recorded().activationLayers());
            }
        }
    }

    /**
     * A first bias of -100 or +100 takes every unit of the first activation far to one side: ReLU
     * is 0 and ELU -1, where nothing flows back, and tanh 1, where next to nothing does (dead); a
     * LeakyReLU of slope 0.02 still passes 0.02 of the gradient (alive), one of slope 0.005 not.
     */
    @Test
    void theDeadUnitsOfEachActivationFarToOneSide() {
        assertEquals(1, firstActivationFedBias(new Activation.Relu(), -100).deadFraction());
        assertEquals(1, firstActivationFedBias(new Activation.Elu(), -100).deadFraction());
        assertEquals(1, firstActivationFedBias(new Activation.Tanh(), 100).deadFraction());
        assertEquals(0, firstActivationFedBias(new Activation.Tanh(), 0).deadFraction(), "around 0, tanh is alive");
        assertEquals(0, firstActivationFedBias(new Activation.LeakyRelu(0.02), -100).deadFraction());
        assertEquals(1, firstActivationFedBias(new Activation.LeakyRelu(0.005), -100).deadFraction());
        ActivationStats tanh = firstActivationFedBias(new Activation.Tanh(), 100);
        assertEquals(0, tanh.zeroFraction(), "dead, though never 0");
        assertEquals(1, tanh.mean(), 1e-6);
    }

    /** The statistics of the first activation of a DJL MLP whose first bias is moved by {@code shift}. */
    private static ActivationStats firstActivationFedBias(Activation activation, float shift) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            SequentialBlock block = Mlp.build(6, List.of(5), 3, Nonlinearity.of(activation), BatchNormKind.NONE);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 6));
            block.getParameters().get("01Linear_bias").getArray().addi(shift);
            LayerRecorder recorder = recordedStep(djlLearner(block, manager), manager.randomUniform(0, 1,
                    new Shape(4, 6)), manager.create(new long[] {0, 1, 2, 0}));
            return recorder.recorded().activations().get(0);
        }
    }

    /** A DJL block's learner with plain SGD, initialized if it is not yet. */
    private static AutogradLearner djlLearner(SequentialBlock block, NDManager manager) {
        if (!block.isInitialized()) {
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 6));
        }
        List<NDArray> trainable = block.getParameters().stream().map(p -> p.getValue().getArray()).toList();
        return new AutogradLearner(block, new ParameterStore(manager, false),
                new SgdUpdate(trainable, new Optimizer.Sgd(0.01, 0)), BackwardPass.AUTOGRAD);
    }

    /** A recorder over {@code learner} that has recorded one training step. */
    private static LayerRecorder recordedStep(Learner learner, NDArray images, NDArray labels) {
        LayerRecorder recorder = new LayerRecorder(learner, 0, false);
        trainStep(learner, recorder, 1, images, labels);
        return recorder;
    }

    /** One training step with the recorder's three calls, as the step loop makes them. */
    private static void trainStep(Learner learner, LayerRecorder recorder, int step, NDArray images, NDArray labels) {
        recorder.beforeForward();
        learner.forward(images, labels);
        learner.backward();
        recorder.afterBackward(step);
        learner.update();
        recorder.afterUpdate(step);
    }

    private static Inspectable fixed(NDArray weight, Supplier<NDArray> gradient) {
        return new Inspectable() {
            @Override
            public List<WeightLayer> weightLayers() {
                return List.of(new WeightLayer("w", weight, gradient));
            }

            @Override
            public void keepActivations() {}

            @Override
            public List<Activation> activations() {
                return List.of();
            }
        };
    }
}
