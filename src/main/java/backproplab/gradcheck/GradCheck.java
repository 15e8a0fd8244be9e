package backproplab.gradcheck;

import static backproplab.gradcheck.Numeric.array;
import static backproplab.gradcheck.Numeric.autograd;
import static backproplab.gradcheck.Numeric.awayFromZero;
import static backproplab.gradcheck.Numeric.differences;
import static backproplab.gradcheck.Numeric.error;
import static backproplab.gradcheck.Numeric.evaluate;
import static backproplab.gradcheck.Numeric.gaussian;
import static backproplab.gradcheck.Numeric.oneHot;
import static backproplab.gradcheck.Numeric.values;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.pytorch.jni.JniUtils;
import backproplab.batchnorm.CustomBatchNorm;
import backproplab.manual.CrossEntropyModule;
import backproplab.manual.LinearModule;
import backproplab.manual.ManualMlp;
import backproplab.manual.ManualModule;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code -Dexp=gradcheck}: every hand-written backward of the suite (Linear, ReLU, LeakyReLU, ELU,
 * Tanh, SoftMax, CrossEntropy, the whole section-1 MLP, the manual batch norm's dx, dgamma and
 * dbeta) checked in float64 against central finite differences of its own forward and against DJL
 * autograd of an independent forward (DJL's operators; libtorch's batch norm). It runs the code as
 * it is, so that an edit to {@code manual/} or to the manual batch norm that breaks a gradient shows.
 */
public final class GradCheck {

    static final long SEED = 42;

    /**
     * One gradient: the largest relative error over its elements, by CS231n's definition
     * |a - b| / max(|a|, |b|) (0 where both are 0), against each reference.
     */
    public record Row(String module, String quantity, double vsDifferences, double vsAutograd) {

        /** CS231n's reading of a relative error: above 1e-2 wrong, below 1e-7 good. */
        public String verdict() {
            double worst = Math.max(vsDifferences, vsAutograd);
            if (!(worst < 1e-2)) {
                return "WRONG";
            }
            return worst < 1e-7 ? "good" : worst < 1e-4 ? "acceptable" : "suspect";
        }
    }

    /** A check found a wrong gradient: the run ends with exit status 1. */
    public static final class Wrong extends RuntimeException {
        public Wrong() {
            super("a hand-written gradient is wrong (see the table)");
        }
    }

    private GradCheck() {}

    /**
     * Prints the table of every check.
     *
     * @return false when a gradient is wrong
     */
    public static boolean run(HandWritten code, PrintStream out) {
        List<Row> rows;
        try (NDManager manager = NDManager.newBaseManager()) {
            rows = rows(code, manager);
        }
        out.printf("%-13s %-9s %-22s %-22s %s%n", "module", "quantity", "vs finite differences", "vs DJL autograd",
                "verdict");
        for (Row row : rows) {
            out.printf(Locale.ROOT, "%-13s %-9s %-22.2e %-22.2e %s%n", row.module(), row.quantity(), row.vsDifferences(),
                    row.vsAutograd(), row.verdict());
        }
        long wrong = rows.stream().filter(row -> row.verdict().equals("WRONG")).count();
        out.printf("%d gradients checked in float64 (central differences, h = %.0e); %s%n", rows.size(), Numeric.H,
                wrong == 0 ? "none wrong" : wrong + " WRONG");
        return wrong == 0;
    }

    /** Every check's row, in the order of the table. */
    public static List<Row> rows(HandWritten code, NDManager manager) {
        // Outside the gradient collectors below nothing is recorded (libtorch's grad mode is per thread).
        Engine.getInstance();
        JniUtils.setGradMode(false);
        Random random = new Random(SEED);
        List<Row> rows = new ArrayList<>();
        rows.addAll(linear(code, manager, random));
        rows.add(activation("ReLU", code::relu, Activation::relu, manager, awayFromZero(random, 4 * 6), 4, 6, random));
        rows.addAll(otherActivations(code, manager));
        rows.add(activation("SoftMax", code::softmax, x -> x.softmax(1), manager, gaussian(random, 4 * 5, 1), 4, 5,
                random));
        rows.add(crossEntropy(code, manager, random));
        rows.addAll(mlp(code, manager, random));
        rows.addAll(batchNorm(code, manager, random));
        return rows;
    }

    private static List<Row> linear(HandWritten code, NDManager manager, Random random) {
        int batch = 4;
        int in = 6;
        int out = 3;
        double[] x = gaussian(random, batch * in, 1);
        double[] w = gaussian(random, out * in, 1);
        double[] b = gaussian(random, out, 1);
        double[] dout = gaussian(random, batch * out, 1);
        double[][] hand;
        try (NDManager step = manager.newSubManager()) {
            LinearModule linear = code.linear(array(step, w, out, in), array(step, b, out));
            linear.forward(array(step, x, batch, in));
            NDArray dx = linear.backward(array(step, dout, batch, out));
            hand = new double[][] {values(dx), values(linear.weightGradient()), values(linear.biasGradient())};
        }
        Function<double[][], double[]> forward = v -> evaluate(manager, s -> code.linear(array(s, v[1], out, in),
                array(s, v[2], out)).forward(array(s, v[0], batch, in)));
        double[][] inputs = {x, w, b};
        long[][] shapes = {{batch, in}, {out, in}, {out}};
        double[][] autograd = autograd(manager, inputs, shapes,
                a -> a.get(0).matMul(a.get(1).transpose()).add(a.get(2)), dout, new long[] {batch, out});
        return rows("Linear", new String[] {"dx", "dW", "db"}, hand, inputs, forward, dout, autograd);
    }

    private static Row activation(String name, Supplier<ManualModule> module,
            Function<NDArray, NDArray> reference, NDManager manager, double[] x, int batch, int units, Random random) {
        double[] dout = gaussian(random, batch * units, 1);
        double[] hand;
        try (NDManager step = manager.newSubManager()) {
            ManualModule m = module.get();
            m.forward(array(step, x, batch, units));
            hand = values(m.backward(array(step, dout, batch, units)));
        }
        Function<double[][], double[]> forward = v -> evaluate(manager,
                s -> module.get().forward(array(s, v[0], batch, units)));
        double[][] inputs = {x};
        double[] numeric = differences(inputs, 0, forward, dout);
        double[] auto = autograd(manager, inputs, new long[][] {{batch, units}}, a -> reference.apply(a.get(0)), dout,
                new long[] {batch, units})[0];
        return new Row(name, "dx", error(hand, numeric), error(hand, auto));
    }

    /**
     * The activations {@code -Dactivation} adds to ReLU, LeakyReLU and ELU away from their kink at
     * 0. They draw from a generator of their own, so that the other rows keep the inputs they had
     * before these rows were added.
     */
    private static List<Row> otherActivations(HandWritten code, NDManager manager) {
        Random random = new Random(SEED + 1);
        return List.of(
                activation("LeakyReLU", code::leakyRelu, x -> Activation.leakyRelu(x, (float) HandWritten.LEAKY_SLOPE),
                        manager, awayFromZero(random, 4 * 6), 4, 6, random),
                activation("ELU", code::elu, x -> Activation.elu(x, 1), manager, awayFromZero(random, 4 * 6), 4, 6,
                        random),
                activation("Tanh", code::tanh, Activation::tanh, manager, gaussian(random, 4 * 6, 1), 4, 6, random));
    }

    private static Row crossEntropy(HandWritten code, NDManager manager, Random random) {
        int batch = 4;
        int classes = 5;
        double[] p;
        try (NDManager step = manager.newSubManager()) {
            p = values(array(step, gaussian(random, batch * classes, 1), batch, classes).softmax(1));
        }
        double[] y = oneHot(random, batch, classes);
        double[] hand;
        try (NDManager step = manager.newSubManager()) {
            CrossEntropyModule ce = code.crossEntropy();
            ce.forward(array(step, p, batch, classes), array(step, y, batch, classes));
            hand = values(ce.backward());
        }
        Function<double[][], double[]> loss = v -> evaluate(manager,
                s -> code.crossEntropy().forward(array(s, v[0], batch, classes), array(s, y, batch, classes)));
        double[][] inputs = {p};
        double[] auto = autograd(manager, inputs, new long[][] {{batch, classes}},
                a -> crossEntropyReference(a.get(0), a.getManager().create(y, new Shape(batch, classes))),
                new double[] {1}, new long[0])[0];
        return new Row("CrossEntropy", "dp", error(hand, differences(inputs, 0, loss, new double[] {1})),
                error(hand, auto));
    }

    /** The whole section-1 network, 12 -> 8 -> 6 -> 5, under its loss: dx and every layer's dW and db. */
    private static List<Row> mlp(HandWritten code, NDManager manager, Random random) {
        int batch = 4;
        int[] sizes = {12, 8, 6, 5};
        int layers = sizes.length - 1;
        // inputs: x, then W and b of each layer; weights of scale 1/sqrt(in), so that no gradient is tiny.
        double[][] inputs = new double[1 + 2 * layers][];
        long[][] shapes = new long[inputs.length][];
        inputs[0] = gaussian(random, batch * sizes[0], 1);
        shapes[0] = new long[] {batch, sizes[0]};
        for (int l = 0; l < layers; l++) {
            inputs[1 + 2 * l] = gaussian(random, sizes[l + 1] * sizes[l], 1 / Math.sqrt(sizes[l]));
            shapes[1 + 2 * l] = new long[] {sizes[l + 1], sizes[l]};
            inputs[2 + 2 * l] = gaussian(random, sizes[l + 1], 0.1);
            shapes[2 + 2 * l] = new long[] {sizes[l + 1]};
        }
        double[] y = oneHot(random, batch, sizes[layers]);
        Function<NDManager, Function<double[][], ManualMlp>> network = s -> v -> {
            List<LinearModule> linears = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                linears.add(code.linear(array(s, v[1 + 2 * l], shapes[1 + 2 * l]), array(s, v[2 + 2 * l],
                        shapes[2 + 2 * l])));
            }
            return code.mlp(linears);
        };
        double[][] hand = new double[inputs.length][];
        try (NDManager step = manager.newSubManager()) {
            ManualMlp mlp = network.apply(step).apply(inputs);
            CrossEntropyModule ce = code.crossEntropy();
            ce.forward(mlp.forward(array(step, inputs[0], shapes[0])), array(step, y, batch, sizes[layers]));
            hand[0] = values(mlp.backward(ce.backward()));
            for (int l = 0; l < layers; l++) {
                hand[1 + 2 * l] = values(mlp.linearModules().get(l).weightGradient());
                hand[2 + 2 * l] = values(mlp.linearModules().get(l).biasGradient());
            }
        }
        Function<double[][], double[]> loss = v -> evaluate(manager, s -> code.crossEntropy().forward(
                network.apply(s).apply(v).forward(array(s, v[0], shapes[0])), array(s, y, batch, sizes[layers])));
        double[][] auto = autograd(manager, inputs, shapes, a -> {
            NDArray h = a.get(0);
            for (int l = 0; l < layers; l++) {
                h = h.matMul(a.get(1 + 2 * l).transpose()).add(a.get(2 + 2 * l));
                h = l < layers - 1 ? Activation.relu(h) : h.softmax(1);
            }
            return crossEntropyReference(h, a.getManager().create(y, new Shape(batch, sizes[layers])));
        }, new double[] {1}, new long[0]);
        String[] names = new String[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            names[i] = i == 0 ? "dx" : (i % 2 == 1 ? "dW" : "db") + ((i + 1) / 2);
        }
        return rows("MLP", names, hand, inputs, loss, new double[] {1}, auto);
    }

    private static List<Row> batchNorm(HandWritten code, NDManager manager, Random random) {
        int batch = 6;
        int features = 4;
        // Inputs far from zero mean and unit scale, as the course's check has them.
        double[] x = gaussian(random, batch * features, 3);
        for (int i = 0; i < x.length; i++) {
            x[i] += 5;
        }
        double[] gamma = gaussian(random, features, 1);
        double[] beta = gaussian(random, features, 1);
        double[] dy = gaussian(random, batch * features, 1);
        long[][] shapes = {{batch, features}, {features}, {features}};
        double[][] inputs = {x, gamma, beta};
        double[][] hand = new double[3][];
        try (NDManager step = manager.newSubManager()) {
            NDArray[] g = code.batchNormGradients(array(step, x, shapes[0]), array(step, gamma, shapes[1]),
                    array(step, beta, shapes[2]), array(step, dy, shapes[0]));
            for (int i = 0; i < 3; i++) {
                hand[i] = values(g[i]);
            }
        }
        Function<double[][], double[]> forward = v -> evaluate(manager, s -> code.batchNormForward(
                array(s, v[0], shapes[0]), array(s, v[1], shapes[1]), array(s, v[2], shapes[2])));
        double[][] auto = autograd(manager, inputs, shapes, a -> BatchNorm.batchNorm(a.get(0),
                a.getManager().zeros(new Shape(features), DataType.FLOAT64),
                a.getManager().ones(new Shape(features), DataType.FLOAT64), a.get(1), a.get(2), 1, 0.1f,
                (float) CustomBatchNorm.EPSILON, true).singletonOrThrow(), dy, shapes[0]);
        return rows("BatchNorm", new String[] {"dx", "dgamma", "dbeta"}, hand, inputs, forward, dy, auto);
    }

    /**
     * A row per input of a module: its hand-written gradient against central differences of
     * {@code f} (weighted by {@code dout}) and against autograd's.
     */
    private static List<Row> rows(String module, String[] names, double[][] hand, double[][] inputs,
            Function<double[][], double[]> f, double[] dout, double[][] autograd) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            rows.add(new Row(module, names[i], error(hand[i], differences(inputs, i, f, dout)),
                    error(hand[i], autograd[i])));
        }
        return rows;
    }

    /** -sum(y log p) / B, in DJL's operators. */
    private static NDArray crossEntropyReference(NDArray p, NDArray y) {
        return y.mul(p.log()).sum().neg().div(p.getShape().get(0));
    }

}
