package backproplab.experiment;

import backproplab.chart.CurvesChart;
import backproplab.chart.SeedBand;
import backproplab.results.AtomicFiles;
import backproplab.results.Json;
import backproplab.results.MetricsCsv;
import backproplab.results.OnInterrupt;
import backproplab.results.RunStatus;
import backproplab.train.EvalPoint;
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
        if (context.benchSteps() > 0) {
            return runSeeds(spec, context, seeds);
        }
        Path folder = context.folder(spec);
        // Ctrl-C, or a seed that diverges: what the seeds so far measured is still summed up.
        try (OnInterrupt.Registration r = OnInterrupt.register(() -> writeAggregate(spec, context, folder, seeds))) {
            List<ExperimentResult> results;
            try {
                results = runSeeds(spec, context, seeds);
            } catch (RuntimeException e) {
                writeAggregate(spec, context, folder, seeds);
                throw e;
            }
            writeAggregate(spec, context, folder, seeds);
            return results;
        }
    }

    private static List<ExperimentResult> runSeeds(ExperimentSpec spec, RunContext context, int seeds) {
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
        return results;
    }

    /** One seed's files: its summary and its evaluations. */
    private record SeedRun(Path folder, Map<?, ?> summary, List<EvalPoint> points) {

        double number(String key) {
            return summary.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
        }

        boolean flag(String key) {
            return Boolean.TRUE.equals(summary.get(key));
        }
    }

    /**
     * The experiment folder's files over the seed folders beside them (every one of them written
     * by this run: the folder was emptied when it started), finished or not.
     */
    static void writeAggregate(ExperimentSpec spec, RunContext context, Path folder, int seeds) {
        try {
            List<SeedRun> runs = new ArrayList<>();
            for (Path seed : ReportFigures.seedFolders(folder)) {
                if (Files.exists(seed.resolve("summary.json"))) {
                    runs.add(new SeedRun(seed, Json.gson().fromJson(Files.readString(seed.resolve("summary.json")),
                            Map.class), MetricsCsv.read(seed.resolve("metrics.csv"))));
                }
            }
            if (runs.isEmpty()) {
                return;
            }
            boolean diverged = runs.stream().anyMatch(r -> r.flag("diverged"));
            boolean interrupted = !diverged && (runs.size() < seeds || runs.stream().anyMatch(r -> r.flag("interrupted")));
            int stepsDone = runs.stream().mapToInt(r -> (int) r.number("stepsDone")).min().orElse(0);
            RunStatus status = new RunStatus(diverged, interrupted, stepsDone, spec.steps());
            List<List<EvalPoint>> curves = runs.stream().map(SeedRun::points).toList();
            AtomicFiles.write(folder.resolve("metrics.csv"), file -> writeMean(file, curves));
            AtomicFiles.write(folder.resolve("curves.png"), CurvesChart.seedsPng(
                    TrainingRun.chartTitle(spec) + ", " + runs.size() + " seeds" + status.titleSuffix(), curves));
            Json.write(folder.resolve("summary.json"), summary(spec, context, runs, seeds, status));
            double[] best = runs.stream().mapToDouble(r -> r.number("bestTestAccuracy")).toArray();
            double[] last = runs.stream().mapToDouble(r -> r.number("finalTestAccuracy")).toArray();
            context.out().printf("%s over %d seeds: final test accuracy %.4f +- %.4f, best %.4f +- %.4f; results in %s%n",
                    spec.id(), runs.size(), mean(last), std(last), mean(best), std(best), folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private static Map<String, Object> summary(ExperimentSpec spec, RunContext context, List<SeedRun> runs,
            int seeds, RunStatus status) {
        double[] best = runs.stream().mapToDouble(r -> r.number("bestTestAccuracy")).toArray();
        double[] last = runs.stream().mapToDouble(r -> r.number("finalTestAccuracy")).toArray();
        double[] ms = runs.stream().mapToDouble(r -> r.number("msPerStep")).toArray();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", spec.id());
        json.put("title", spec.title());
        json.put("figure", spec.figure());
        json.put("reportAccuracy", spec.reportAccuracy());
        json.put("seeds", runs.stream().map(r -> r.folder().getFileName().toString()).toList());
        json.put("finalTestAccuracy", mean(last));
        json.put("finalTestAccuracyStd", std(last));
        json.put("bestTestAccuracy", mean(best));
        json.put("bestTestAccuracyStd", std(best));
        json.put("finalTestAccuracies", last);
        json.put("bestTestAccuracies", best);
        json.put("msPerStep", mean(ms));
        json.put("wallSeconds", runs.stream().mapToDouble(r -> r.number("wallSeconds")).sum());
        json.put("steps", spec.steps());
        json.put("stepsDone", status.stepsDone());
        json.put("diverged", status.diverged());
        json.put("interrupted", status.interrupted());
        json.put("seed", spec.seed());
        json.put("command", context.command(spec.id()) + " -Dseeds=" + seeds);
        // The data source and versions are those of the seed runs.
        Map<?, ?> first = runs.get(0).summary();
        for (String key : List.of("data", "djlVersion", "engine", "java", "os", "cpus", "finishedAt")) {
            json.put(key, first.get(key));
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
