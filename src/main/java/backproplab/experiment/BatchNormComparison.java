package backproplab.experiment;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import backproplab.chart.ComparisonChart;
import backproplab.data.CifarData;
import backproplab.nn.GradientSplice;
import backproplab.nn.Mlp;
import backproplab.results.AtomicFiles;
import backproplab.results.Json;
import backproplab.train.BackwardPass;
import backproplab.train.EvalPoint;
import backproplab.train.Losses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Report section 3: the section-2 batch-norm MLP with DJL's built-in batch norm, the autograd
 * block and the hand-written backward, from one seed. Each is a run of its own
 * ({@code <out>/<id>-<implementation>/}); this experiment's folder gets the test-accuracy
 * comparison, the largest gradient difference between the implementations on one batch, and
 * each one's ms/step.
 */
final class Section3BatchNorm implements Experiment {

    static final List<String> IMPLEMENTATIONS = List.of("builtin", "autograd", "manual");

    @Override
    public ExperimentResult run(ExperimentSpec spec, RunContext context) {
        Path folder = context.folder(spec);
        Map<String, ExperimentResult> runs = new LinkedHashMap<>();
        for (String implementation : IMPLEMENTATIONS) {
            ExperimentSpec one = ExperimentSpec.parse(spec.id() + "-" + implementation, "-D",
                    with(spec.asMap(), "batchNorm", implementation));
            runs.put(implementation, new Section2Mlp().run(one, context));
        }
        if (context.benchSteps() > 0) {
            return runs.get("manual");
        }
        GradientDifference difference = compareGradients(spec, context);
        try {
            Files.createDirectories(folder);
            Map<String, List<EvalPoint>> curves = new LinkedHashMap<>();
            runs.forEach((name, run) -> curves.put(name, run.history().points()));
            AtomicFiles.write(folder.resolve("curves.png"), ComparisonChart.testAccuracy(chartTitle(spec), curves));
            Json.write(folder.resolve("summary.json"), summary(spec, context, runs, difference));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ExperimentResult manual = runs.get("manual");
        context.out().printf("%s: largest gradient difference on one batch %.3g (largest gradient %.3g);"
                        + " ms/step builtin %.1f, autograd %.1f, manual %.1f; results in %s%n",
                spec.id(), difference.largest(), difference.scale(), runs.get("builtin").msPerStep(),
                runs.get("autograd").msPerStep(), manual.msPerStep(), folder);
        return new ExperimentResult(spec.id(), folder, manual.history(), null);
    }

    /** The implementations' folders, beside the experiment's own. */
    @Override
    public List<Path> otherFolders(ExperimentSpec spec, Path experimentFolder) {
        return IMPLEMENTATIONS.stream().map(i -> experimentFolder.resolveSibling(spec.id() + "-" + i)).toList();
    }

    static String chartTitle(ExperimentSpec spec) {
        return spec.id() + " (" + spec.reportLabel() + "): test accuracy per batch norm";
    }

    /** Largest absolute difference between corresponding gradients, and the largest gradient. */
    record GradientDifference(double largest, double scale) {}

    /**
     * One forward and backward of the first training batch through the three implementations,
     * built from the same seed (so with the same weights), and the largest gradient difference
     * against the builtin one.
     */
    static GradientDifference compareGradients(ExperimentSpec spec, RunContext context) {
        CifarData data = context.data(spec);
        double largest = 0;
        double scale = 0;
        try (NDManager manager = context.manager().newSubManager()) {
            NDArray images = data.trainImages().get(manager, new NDIndex().addSliceDim(0, spec.batchSize()));
            NDArray labels = data.trainLabels().get(manager, new NDIndex().addSliceDim(0, spec.batchSize()));
            List<float[]> reference = null;
            for (String implementation : IMPLEMENTATIONS) {
                List<float[]> gradients = gradients(spec, implementation, manager, images, labels);
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

    private static List<float[]> gradients(
            ExperimentSpec spec, String implementation, NDManager parent, NDArray images, NDArray labels) {
        try (NDManager manager = parent.newSubManager()) {
            Engine.getInstance().setRandomSeed((int) spec.seed());
            Block model = Mlp.build(CifarData.PIXELS, spec.hidden(), CifarData.CLASSES, implementation);
            model.initialize(manager, DataType.FLOAT32, new Shape(1, CifarData.PIXELS));
            ParameterStore store = new ParameterStore(manager, false);
            BackwardPass backward = GradientSplice.of(model)
                    .<BackwardPass>map(splice -> splice::backward).orElse(BackwardPass.AUTOGRAD);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.forward(store, new NDList(images), true).singletonOrThrow();
                backward.run(collector, Losses.crossEntropy(logits, labels));
            }
            List<float[]> gradients = new ArrayList<>();
            for (NDArray parameter : AutogradModels.trainable(model)) {
                gradients.add(parameter.getGradient().toFloatArray());
            }
            return gradients;
        }
    }

    private static Map<String, Object> summary(ExperimentSpec spec, RunContext context,
            Map<String, ExperimentResult> runs, GradientDifference difference) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", spec.id());
        json.put("title", spec.title());
        json.put("figure", spec.figure());
        Map<String, Object> each = new LinkedHashMap<>();
        runs.forEach((name, run) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("finalTestAccuracy", run.finalTestAccuracy());
            one.put("bestTestAccuracy", run.bestTestAccuracy());
            one.put("msPerStep", run.msPerStep());
            one.put("folder", run.folder().toString());
            each.put(name, one);
        });
        json.put("implementations", each);
        json.put("largestGradientDifference", difference.largest());
        json.put("largestGradient", difference.scale());
        json.put("manualOverAutogradTime", runs.get("manual").msPerStep() / runs.get("autograd").msPerStep());
        json.put("largestTestAccuracyGap", largestGap(runs));
        json.put("finalTestAccuracy", runs.get("manual").finalTestAccuracy());
        json.put("bestTestAccuracy", runs.get("manual").bestTestAccuracy());
        json.put("msPerStep", runs.get("manual").msPerStep());
        json.put("steps", spec.steps());
        json.put("seed", spec.seed());
        json.put("command", context.command(spec.id()));
        json.put("data", context.data(spec).source());
        json.put("spec", spec.asMap());
        return json;
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

    private static Map<String, String> with(Map<String, String> values, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return copy;
    }
}
