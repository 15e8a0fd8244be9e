package backproplab.experiment;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import backproplab.data.CifarData;
import backproplab.results.Json;
import backproplab.results.RunFiles;
import backproplab.results.RunStatus;
import backproplab.train.EvalPoint;
import backproplab.train.History;
import backproplab.train.Learner;
import backproplab.train.ProgressBar;
import backproplab.train.StepLoop;
import backproplab.util.ResidentMemory;
import backproplab.util.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one experiment the way every section does: check the output folder, load the data, seed,
 * build the learner, then either train (metrics.csv, summary.json, curves.png) or benchmark
 * ({@code <out>/bench/<id>.json}).
 */
public final class TrainingRun {

    /** Untimed steps before a benchmark, so that allocations and caches have settled. */
    static final int WARMUP_STEPS = 10;

    private TrainingRun() {}

    public static ExperimentResult execute(
            ExperimentSpec spec, RunContext context, Function<NDManager, Learner> newLearner) {
        boolean bench = context.benchSteps() > 0;
        CifarData data = context.data(spec);
        if (spec.batchSize() > data.trainSize()) {
            throw new UserError("bad value batchSize=" + spec.batchSize()
                    + ": larger than the training set (" + data.trainSize() + " images)");
        }
        Path folder = context.folder(spec);
        // Graph recording is per thread in libtorch: make sure evaluation outside a collector records none.
        JniUtils.setGradMode(false);
        Engine.getInstance().setRandomSeed((int) spec.seed());
        StepLoop.Settings settings = new StepLoop.Settings(
                spec.steps(), spec.batchSize(), spec.evalEvery(), spec.evalBatchSize(), spec.seed());
        try (NDManager modelManager = context.manager().newSubManager()) {
            Files.createDirectories(folder);
            Learner learner = newLearner.apply(modelManager);
            return bench
                    ? benchmark(spec, context, folder, data, modelManager, learner, settings)
                    : train(spec, context, folder, data, modelManager, learner, settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ExperimentResult train(ExperimentSpec spec, RunContext context, Path folder, CifarData data,
            NDManager scope, Learner learner, StepLoop.Settings settings) throws IOException {
        context.out().printf("%s: %s, %d steps of %d images%n",
                spec.id(), spec.reportLabel(), spec.steps(), spec.batchSize());
        History history;
        try (RunFiles files = RunFiles.open(folder, chartTitle(spec), spec.steps(),
                points -> writeInterrupted(folder, spec, context, data, points))) {
            ProgressBar bar = ProgressBar.forConsole(spec.id(), spec.steps(), context.out());
            history = StepLoop.train(learner, data, scope, settings, files, bar);
            RunStatus status = new RunStatus(history.diverged(), false, history.stepsDone(), spec.steps());
            Json.write(folder.resolve("summary.json"), summary(spec, context, data, history, status));
            files.finish(status);
        }
        if (history.diverged()) {
            throw new UserError(String.format(
                    "%s stopped at step %d: the training loss is no longer finite (diverged);"
                            + " what it measured is in %s; try a lower -DlearningRate",
                    spec.id(), history.stepsDone(), folder));
        }
        context.out().printf("%s: final test accuracy %.4f, best %.4f (step %d), %.2f ms/step, %s wall; results in %s%n",
                spec.id(), history.finalTestAccuracy(), history.bestTestAccuracy(), history.best().step(),
                history.msPerStep(), ProgressBar.clock(history.wallSeconds()), folder);
        return new ExperimentResult(spec.id(), folder, history, null);
    }

    private static ExperimentResult benchmark(ExperimentSpec spec, RunContext context, Path folder, CifarData data,
            NDManager scope, Learner learner, StepLoop.Settings settings) throws IOException {
        context.out().printf("%s: benchmark, %d warm-up and %d timed steps of %d images%n",
                spec.id(), WARMUP_STEPS, context.benchSteps(), spec.batchSize());
        StepLoop.Benchmark b = StepLoop.benchmark(learner, data, scope, settings, WARMUP_STEPS, context.benchSteps());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", spec.id());
        json.put("steps", b.steps());
        json.put("msPerStep", b.msPerStep());
        json.put("imagesPerSecond", b.imagesPerSecond());
        json.put("forwardMs", b.forwardMs());
        json.put("backwardMs", b.backwardMs());
        json.put("updateMs", b.updateMs());
        json.put("intervalMsPerStep", b.intervalMsPerStep().stream()
                .map(ms -> Math.round(ms * 100) / 100.0).toList());
        json.put("batchSize", spec.batchSize());
        json.put("residentMb", ResidentMemory.megabytes());
        json.put("command", context.command(spec.id()) + " -Dbench=" + context.benchSteps());
        json.putAll(environment(data));
        Path file = folder.resolve(spec.id() + ".json");
        Json.write(file, json);
        context.out().printf("%s: %.2f ms/step (forward %.2f, backward %.2f, update %.2f), %.0f images/s; written to %s%n",
                spec.id(), b.msPerStep(), b.forwardMs(), b.backwardMs(), b.updateMs(), b.imagesPerSecond(), file);
        return new ExperimentResult(spec.id(), folder, new History(List.of(), b.steps(), b.msPerStep(), 0, false), b);
    }

    static String chartTitle(ExperimentSpec spec) {
        return spec.id() + " (" + spec.reportLabel() + ")";
    }

    /** The summary of a run stopped by Ctrl-C, from the evaluations it made. */
    private static void writeInterrupted(Path folder, ExperimentSpec spec, RunContext context, CifarData data,
            List<EvalPoint> points) {
        int done = points.isEmpty() ? 0 : points.get(points.size() - 1).step();
        double wall = points.isEmpty() ? 0 : points.get(points.size() - 1).elapsedSeconds();
        History history = new History(points, done, Double.NaN, wall, false);
        try {
            Json.write(folder.resolve("summary.json"),
                    summary(spec, context, data, history, new RunStatus(false, true, done, spec.steps())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> summary(ExperimentSpec spec, RunContext context, CifarData data, History h,
            RunStatus status) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", spec.id());
        json.put("title", spec.title());
        json.put("figure", spec.figure());
        json.put("reportAccuracy", spec.reportAccuracy());
        json.put("finalTestAccuracy", h.finalTestAccuracy());
        json.put("bestTestAccuracy", h.bestTestAccuracy());
        json.put("bestStep", h.points().isEmpty() ? 0 : h.best().step());
        json.put("msPerStep", h.msPerStep());
        json.put("wallSeconds", h.wallSeconds());
        json.put("steps", spec.steps());
        json.put("stepsDone", h.stepsDone());
        json.put("diverged", status.diverged());
        json.put("interrupted", status.interrupted());
        json.put("seed", spec.seed());
        json.put("command", context.command(spec.id()));
        json.putAll(environment(data));
        json.put("spec", spec.asMap());
        return json;
    }

    private static Map<String, Object> environment(CifarData data) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("data", data.source());
        env.put("djlVersion", Engine.getDjlVersion());
        env.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        env.put("java", System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("cpus", Runtime.getRuntime().availableProcessors());
        env.put("finishedAt", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        return env;
    }
}
