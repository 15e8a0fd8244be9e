package backproplab.batchnorm;

import static backproplab.gradcheck.Numeric.array;
import static backproplab.gradcheck.Numeric.gaussian;
import static backproplab.batchnorm.BatchNormTestSupport.assertClose;
import static backproplab.batchnorm.BatchNormTestSupport.assertGradModeOff;
import static backproplab.batchnorm.BatchNormTestSupport.assign;
import static backproplab.batchnorm.BatchNormTestSupport.gradient;
import static backproplab.batchnorm.BatchNormTestSupport.zeroGradients;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import backproplab.config.BatchNormKind;
import backproplab.nn.Mlp;
import backproplab.nn.PyTorchInit;
import backproplab.train.Losses;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hand-written batch-norm backward inside a network: two {@link BatchNormManual} blocks sharing a
 * {@link GradientSplice} must give the same parameter gradients as the same network with
 * {@link BatchNormAutograd}, step after step; and {@link GradientSplice#of} finds the splice.
 *
 * <p>Gradient tolerance: |manual - autograd| <= 1e-8 + 1e-8 |autograd| elementwise (absolute for
 * gradients below 1, relative above), in float64.
 */
class BatchNormNetworkTest {

    private static final int BATCH = 16;
    private static final int INPUTS = 12;
    private static final int CLASSES = 5;
    private static final double TOLERANCE = 1e-8;

    private NDManager manager;

    @BeforeAll
    static void engine() {
        BatchNormTestSupport.gradModeOff();
    }

    @BeforeEach
    void open() {
        assertGradModeOff();
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
        assertGradModeOff();
    }

    /** Linear 12->10, BN, ReLU, Linear 10->8, BN, Linear 8->5 (no ReLU after the second BN). */
    private static SequentialBlock network(BatchNormKind kind, GradientSplice splice) {
        SequentialBlock net = new SequentialBlock();
        net.add(PyTorchInit.apply(Linear.builder().setUnits(10).build(), INPUTS));
        net.add(BatchNorms.block(kind, 10, splice));
        net.add(Activation.reluBlock());
        net.add(PyTorchInit.apply(Linear.builder().setUnits(8).build(), 10));
        net.add(BatchNorms.block(kind, 8, splice));
        net.add(PyTorchInit.apply(Linear.builder().setUnits(CLASSES).build(), 8));
        return net;
    }

    /** Initializes both in float64, sets random gamma and beta, and copies every value manual -> autograd. */
    private void initializeAlike(Block manualNet, Block autogradNet, Random random) {
        manualNet.initialize(manager, DataType.FLOAT64, new Shape(BATCH, INPUTS));
        autogradNet.initialize(manager, DataType.FLOAT64, new Shape(BATCH, INPUTS));
        PairList<String, Parameter> from = manualNet.getParameters();
        PairList<String, Parameter> to = autogradNet.getParameters();
        assertEquals(from.size(), to.size(), "parameter count: " + from.keys() + " vs " + to.keys());
        for (int i = 0; i < from.size(); i++) {
            String name = from.keyAt(i);
            String other = to.keyAt(i);
            // names differ only in the block class: 01BatchNormManual_gamma vs 01BatchNormAutograd_gamma
            assertEquals(suffix(name), suffix(other), name + " vs " + other);
            assertEquals(name.substring(0, 2), other.substring(0, 2), name + " vs " + other);
            NDArray source = from.valueAt(i).getArray();
            if (name.endsWith("gamma")) {
                assign(source, gaussian(random, (int) source.size(), 0.5, 1));
            } else if (name.endsWith("beta")) {
                assign(source, gaussian(random, (int) source.size(), 2));
            }
            assertEquals(source.getShape(), to.valueAt(i).getArray().getShape(), name);
            assertEquals(DataType.FLOAT64, source.getDataType(), name);
            assign(to.valueAt(i).getArray(), source.toDoubleArray());
        }
    }

    private static String suffix(String name) {
        return name.substring(name.lastIndexOf('_') + 1);
    }

    /** One forward and backward of the cross-entropy; returns the loss. */
    private double step(Block net, GradientSplice splice, NDArray x, NDArray labels) {
        ParameterStore store = new ParameterStore(manager, false);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = net.forward(store, new NDList(x), true).singletonOrThrow();
            NDArray loss = Losses.crossEntropy(logits, labels);
            if (splice == null) {
                collector.backward(loss);
            } else {
                assertEquals(2, splice.waiting(), "one pending backward per manual batch norm");
                splice.backward(collector, loss);
            }
            return loss.getDouble();
        } finally {
            if (splice != null) {
                assertEquals(0, splice.waiting(), "splice empty after the step");
            }
        }
    }

    /** A step of both networks on the same batch, then every parameter gradient compared. */
    private void compareStep(String what, Block manualNet, GradientSplice splice, Block autogradNet, Random random) {
        NDArray x = array(manager, gaussian(random, BATCH * INPUTS, 1), BATCH, INPUTS);
        long[] labelValues = new long[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labelValues[i] = random.nextInt(CLASSES);
        }
        NDArray labels = manager.create(labelValues);

        zeroGradients(manualNet);
        zeroGradients(autogradNet);
        double manualLoss = step(manualNet, splice, x, labels);
        double autogradLoss = step(autogradNet, null, x, labels);
        assertEquals(autogradLoss, manualLoss, 1e-12, what + ": loss");

        PairList<String, Parameter> manualParameters = manualNet.getParameters();
        PairList<String, Parameter> autogradParameters = autogradNet.getParameters();
        int compared = 0;
        for (int i = 0; i < manualParameters.size(); i++) {
            String name = manualParameters.keyAt(i);
            NDArray m = manualParameters.valueAt(i).getArray();
            NDArray a = autogradParameters.valueAt(i).getArray();
            if (!manualParameters.valueAt(i).requiresGradient()) {
                // running statistics: updated alike by both forwards
                assertClose(what + ": " + name, a.toDoubleArray(), m.toDoubleArray(), 1e-12, 1e-12);
                continue;
            }
            double[] ag = gradient(what + ": autograd " + name, a);
            double[] mg = gradient(what + ": manual " + name, m);
            assertClose(what + ": gradient of " + name, ag, mg, TOLERANCE, TOLERANCE);
            assertTrue(maxAbs(ag) > 0 || name.endsWith("bias"), what + ": gradient of " + name + " is all zero");
            compared++;
        }
        assertEquals(10, compared, what + ": 3 Linear x (weight, bias) + 2 BN x (gamma, beta)");
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Plain SGD on both networks (each with its own gradients), so that the next step starts elsewhere. */
    private static void sgd(Block net, double learningRate) {
        assertGradModeOff();
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getValue().requiresGradient()) {
                NDArray w = p.getValue().getArray();
                try (NDArray delta = w.getGradient().mul(learningRate)) {
                    w.subi(delta);
                }
            }
        }
    }

    @Test
    void manualNetworkGradientsEqualAutogradNetworkOverTwoSteps() {
        Random random = new Random(44);
        GradientSplice splice = new GradientSplice();
        SequentialBlock manualNet = network(BatchNormKind.MANUAL, splice);
        SequentialBlock autogradNet = network(BatchNormKind.AUTOGRAD, null);
        initializeAlike(manualNet, autogradNet, random);
        assertSame(splice, GradientSplice.of(manualNet).orElseThrow());
        assertTrue(GradientSplice.of(autogradNet).isEmpty());

        compareStep("step 1", manualNet, splice, autogradNet, random);
        // a Linear right before a batch norm gets no bias gradient: the batch mean removes it
        for (String bias : List.of("01Linear_bias", "04Linear_bias")) {
            double[] g = gradient(bias, manualNet.getParameters().get(bias).getArray());
            assertTrue(maxAbs(g) < 1e-12, bias + " gradient " + maxAbs(g) + " should vanish before a batch norm");
        }
        sgd(manualNet, 0.5);
        sgd(autogradNet, 0.5);
        compareStep("step 2", manualNet, splice, autogradNet, random);
    }

    @Test
    void mlpBuiltWithManualBatchNormMatchesAutograd() {
        Random random = new Random(45);
        SequentialBlock manualNet = Mlp.build(INPUTS, List.of(10, 8), CLASSES, BatchNormKind.MANUAL);
        SequentialBlock autogradNet = Mlp.build(INPUTS, List.of(10, 8), CLASSES, BatchNormKind.AUTOGRAD);
        initializeAlike(manualNet, autogradNet, random);
        GradientSplice splice = GradientSplice.of(manualNet).orElseThrow();
        compareStep("Mlp step", manualNet, splice, autogradNet, random);
    }

    // ---- 7. finding the splice ------------------------------------------------------------------

    @Test
    void spliceIsFoundOnlyInModelsWithManualBlocks() {
        SequentialBlock manualNet = Mlp.build(INPUTS, List.of(10, 8), CLASSES, BatchNormKind.MANUAL);
        GradientSplice splice = GradientSplice.of(manualNet).orElseThrow();
        int manualBlocks = 0;
        for (Block child : manualNet.getChildren().values()) {
            if (child instanceof BatchNormManual manual) {
                assertSame(splice, manual.splice(), "one splice shared by every manual block");
                manualBlocks++;
            }
        }
        assertEquals(2, manualBlocks);

        for (BatchNormKind kind : List.of(BatchNormKind.NONE, BatchNormKind.BUILTIN, BatchNormKind.AUTOGRAD)) {
            assertTrue(GradientSplice.of(Mlp.build(INPUTS, List.of(10, 8), CLASSES, kind)).isEmpty(), kind.key());
        }

        // nested blocks are searched too; a lone block is its own model
        SequentialBlock outer = new SequentialBlock();
        outer.add(Linear.builder().setUnits(3).build());
        outer.add(manualNet);
        assertSame(splice, GradientSplice.of(outer).orElseThrow());
        GradientSplice own = new GradientSplice();
        assertSame(own, GradientSplice.of(new BatchNormManual(4, own)).orElseThrow());

        // two splices in one model would run the backwards in the wrong order: refused
        SequentialBlock mixed = new SequentialBlock();
        mixed.add(new BatchNormManual(4, new GradientSplice()));
        mixed.add(new BatchNormManual(4, new GradientSplice()));
        assertThrows(IllegalArgumentException.class, () -> GradientSplice.of(mixed));
    }
}
