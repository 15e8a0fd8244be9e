package backproplab.experiment;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import backproplab.chart.ComparisonChart;
import backproplab.config.BatchNormKind;
import backproplab.config.ExperimentSpec;
import backproplab.config.Network;
import backproplab.config.Optimizer;
import backproplab.config.Settings;
import backproplab.data.CifarData;
import backproplab.nn.NetworkBlock;
import backproplab.report.ChartTitles;
import backproplab.report.ExperimentColors;
import backproplab.report.ComparisonSummary;
import backproplab.report.RunSummary;
import backproplab.results.AtomicFiles;
import backproplab.results.RunFolder;
import backproplab.train.AutogradLearner;
import backproplab.train.EvalPoint;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Report section 3: the section-2 batch-norm MLP from one seed with each batch norm of the spec's
 * {@code compareBatchNorms} (DJL's built-in one, the autograd block, the hand-written backward).
 * Each is a run of its own ({@code <out>/<id>-<batch norm>/}); this experiment's folder gets the
 * test-accuracy comparison, the largest gradient difference between them on one batch, and each
 * one's ms/step.
 */
final class BatchNormComparison {

    private BatchNormComparison() {}

    /** Compares the runs of {@code plan}, one per batch norm, trained into {@code trained} in its order. */
    static ExperimentResult compare(Experiments.Plan plan, List<ExperimentResult> trained, RunContext context) {
        ExperimentSpec spec = plan.spec();
        RunFolder folder = plan.folder();
        Map<String, ExperimentResult> runs = new LinkedHashMap<>();
        for (int k = 0; k < plan.runs().size(); k++) {
            runs.put(Settings.BATCH_NORM.writeOf(plan.runs().get(k).spec()), trained.get(k));
        }
        GradientDifference difference = compareGradients(spec, context);
        ExperimentResult manual = runs.get(BatchNormKind.MANUAL.key());
        try {
            Files.createDirectories(folder.path());
            Map<String, List<EvalPoint>> curves = new LinkedHashMap<>();
            Map<String, Color> colors = new LinkedHashMap<>();
            for (int k = 0; k < plan.runs().size(); k++) {
                String kind = Settings.BATCH_NORM.writeOf(plan.runs().get(k).spec());
                curves.put(kind, runs.get(kind).history().points());
                colors.put(kind, ExperimentColors.of(plan.runs().get(k).spec().id()));
            }
            AtomicFiles.write(folder.curves(),
                    ComparisonChart.testAccuracy(ChartTitles.batchNormComparison(spec), curves, colors));
            Map<String, ComparisonSummary.Implementation> implementations = new LinkedHashMap<>();
            runs.forEach((kind, run) -> implementations.put(kind, new ComparisonSummary.Implementation(
                    run.finalTestAccuracy(), run.bestTestAccuracy(), run.msPerStep(), run.folder().toString())));
            ComparisonSummary.of(spec, context.options().recorded(spec), plan.command(), implementations,
                    RunSummary.read(new RunFolder(manual.folder())), difference.largest(), difference.scale(),
                    manual.msPerStep() / runs.get(BatchNormKind.AUTOGRAD.key()).msPerStep(), largestGap(runs))
                    .write(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Each batch norm the spec compares (builtin may be left out of compareBatchNorms).
        String msPerStep = runs.entrySet().stream()
                .map(run -> String.format(Locale.ROOT, "%s %.1f", run.getKey(), run.getValue().msPerStep()))
                .collect(Collectors.joining(", "));
        context.out().printf("%s: largest gradient difference on one batch %.3g (largest gradient %.3g);"
                        + " ms/step %s; results in %s%n",
                spec.id(), difference.largest(), difference.scale(), msPerStep, folder);
        return new ExperimentResult(spec.id(), folder.path(), manual.history(), null);
    }

    /** Largest absolute difference between corresponding gradients, and the largest gradient. */
    record GradientDifference(double largest, double scale) {}

    /**
     * One forward and backward pass of the first training batch through each implementation's
     * learner, built from the same seed (so with the same weights), and the largest gradient
     * difference against the first one's.
     */
    static GradientDifference compareGradients(ExperimentSpec spec, RunContext context) {
        CifarData data = context.data();
        double largest = 0;
        double scale = 0;
        try (NDManager manager = context.manager().newSubManager()) {
            NDIndex batch = new NDIndex().addSliceDim(0, spec.hyper().batchSize());
            NDArray images = data.trainImages().get(manager, batch);
            NDArray labels = data.trainLabels().get(manager, batch);
            List<float[]> reference = null;
            for (ExperimentSpec one : spec.batchNormRuns()) {
                List<float[]> gradients = gradients(one, manager, images, labels);
                if (reference == null) {
                    reference = gradients;
                    continue;
                }
                for (int p = 0; p < gradients.size(); p++) {
                    float[] a = reference.get(p);
                    float[] b = gradients.get(p);
                    for (int i = 0; i < a.length; i++) {
                        largest = Math.max(largest, Math.abs(a[i] - b[i]));
                        scale = Math.max(scale, Math.abs(a[i]));
                    }
                }
            }
        }
        return new GradientDifference(largest, scale);
    }

    private static List<float[]> gradients(ExperimentSpec one, NDManager parent, NDArray images, NDArray labels) {
        try (NDManager manager = parent.newSubManager()) {
            Engine.getInstance().setRandomSeed((int) one.hyper().seed());
            Block model = NetworkBlock.of(one.hyper().network());
            Optimizer optimizer = ((Network.Optimized) one.hyper().network()).optimizer();
            AutogradLearner learner = Models.autograd(model, manager, optimizer);
            learner.forward(images, labels);
            learner.backward();
            List<float[]> gradients = new ArrayList<>();
            for (NDArray parameter : Models.trainable(model)) {
                gradients.add(parameter.getGradient().toFloatArray());
            }
            return gradients;
        }
    }

    /** The largest difference in test accuracy between any two implementations at one evaluation. */
    static double largestGap(Map<String, ExperimentResult> runs) {
        List<List<EvalPoint>> curves = runs.values().stream().map(r -> r.history().points()).toList();
        double gap = 0;
        for (int i = 0; i < curves.get(0).size(); i++) {
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            for (List<EvalPoint> curve : curves) {
                if (i < curve.size()) {
                    low = Math.min(low, curve.get(i).testAccuracy());
                    high = Math.max(high, curve.get(i).testAccuracy());
                }
            }
            gap = Math.max(gap, high - low);
        }
        return gap;
    }
}
