package backproplab.experiment;

import backproplab.chart.CurvesChart;
import backproplab.chart.SeedBand;
import backproplab.results.AtomicFiles;
import backproplab.results.Json;
import backproplab.results.MetricsCsv;
import backproplab.results.OutputFolder;
import backproplab.train.EvalPoint;
import backproplab.train.History;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code -Dseeds=K}: an experiment run with seeds seed .. seed+K-1, each into
 * {@code <out>/<id>/seed-<seed>/}; the experiment's own folder gets the mean curves
 * ({@code metrics.csv}), a chart with the mean line and min-max band, and a summary with mean and
 * standard deviation of the final and best test accuracy.
 */
public final class SeedRuns {

    private SeedRuns() {}

    public static List<ExperimentResult> run(ExperimentSpec spec, RunContext context, int seeds) {
        if (seeds == 1) {
            return List.of(Experiment.of(spec).run(spec, context));
        }
        List<ExperimentResult> results = new ArrayList<>();
        context.perSeedFolders(true);
        try {
            for (int k = 0; k < seeds; k++) {
                ExperimentSpec one = spec.with(Map.of("seed", Long.toString(spec.seed() + k)));
                context.out().printf("%s: seed %d (%d of %d)%n", spec.id(), one.seed(), k + 1, seeds);
                results.add(Experiment.of(one).run(one, context));
            }
        } finally {
            context.perSeedFolders(false);
        }
        if (context.benchSteps() == 0) {
            writeAggregate(spec, context, results, seeds);
        }
        return results;
    }

    private static void writeAggregate(ExperimentSpec spec, RunContext context, List<ExperimentResult> results,
            int seeds) {
        Path folder = OutputFolder.prepare(context.folder(spec));
        List<List<EvalPoint>> runs = results.stream().map(r -> r.history().points()).toList();
        try {
            AtomicFiles.write(folder.resolve("metrics.csv"), file -> writeMean(file, runs));
            AtomicFiles.write(folder.resolve("curves.png"), CurvesChart.seedsPng(
                    TrainingRun.chartTitle(spec) + ", " + seeds + " seeds", runs));
            Json.write(folder.resolve("summary.json"), summary(spec, context, results, seeds));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double[] best = results.stream().mapToDouble(ExperimentResult::bestTestAccuracy).toArray();
        double[] last = results.stream().mapToDouble(ExperimentResult::finalTestAccuracy).toArray();
        context.out().printf("%s over %d seeds: final test accuracy %.4f +- %.4f, best %.4f +- %.4f; results in %s%n",
                spec.id(), seeds, mean(last), std(last), mean(best), std(best), folder);
    }

    /** metrics.csv of the mean over seeds, evaluation by evaluation. */
    private static void writeMean(Path file, List<List<EvalPoint>> runs) throws IOException {
        List<ToDoubleFunction<EvalPoint>> columns = List.of(EvalPoint::trainLoss, EvalPoint::trainAccuracy,
                EvalPoint::testLoss, EvalPoint::testAccuracy, EvalPoint::elapsedSeconds, EvalPoint::residentMb);
        List<SeedBand> bands = columns.stream().map(c -> SeedBand.of(runs, c)).toList();
        try (MetricsCsv csv = new MetricsCsv(file)) {
            for (int i = 0; i < bands.get(0).steps().length; i++) {
                int row = i;
                double[] v = bands.stream().mapToDouble(b -> b.mean()[row]).toArray();
                csv.accept(new EvalPoint((int) bands.get(0).steps()[i], v[0], v[1], v[2], v[3], v[4], v[5]));
            }
        }
    }

    private static Map<String, Object> summary(ExperimentSpec spec, RunContext context,
            List<ExperimentResult> results, int seeds) throws IOException {
        double[] best = results.stream().mapToDouble(ExperimentResult::bestTestAccuracy).toArray();
        double[] last = results.stream().mapToDouble(ExperimentResult::finalTestAccuracy).toArray();
        double[] ms = results.stream().mapToDouble(ExperimentResult::msPerStep).toArray();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", spec.id());
        json.put("title", spec.title());
        json.put("figure", spec.figure());
        json.put("reportAccuracy", spec.reportAccuracy());
        json.put("seeds", results.stream().map(r -> r.folder().getFileName().toString()).toList());
        json.put("finalTestAccuracy", mean(last));
        json.put("finalTestAccuracyStd", std(last));
        json.put("bestTestAccuracy", mean(best));
        json.put("bestTestAccuracyStd", std(best));
        json.put("finalTestAccuracies", last);
        json.put("bestTestAccuracies", best);
        json.put("msPerStep", mean(ms));
        json.put("wallSeconds", results.stream().mapToDouble(r -> r.history().wallSeconds()).sum());
        json.put("steps", spec.steps());
        json.put("seed", spec.seed());
        json.put("command", context.command(spec.id()) + " -Dseeds=" + seeds);
        Path first = results.get(0).folder().resolve("summary.json");
        if (Files.exists(first)) {
            // The data source and versions are those of the seed runs.
            Map<?, ?> one = Json.gson().fromJson(Files.readString(first), Map.class);
            for (String key : List.of("data", "djlVersion", "engine", "java", "os", "cpus", "finishedAt")) {
                json.put(key, one.get(key));
            }
        }
        json.put("spec", spec.asMap());
        return json;
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Sample standard deviation (n - 1); 0 for a single value. */
    static double std(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double m = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - m) * (v - m);
        }
        return Math.sqrt(sum / (values.length - 1));
    }
}
