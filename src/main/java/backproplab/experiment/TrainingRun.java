package backproplab.experiment;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import backproplab.config.ExperimentSpec;
import backproplab.data.CifarData;
import backproplab.report.BenchSummary;
import backproplab.report.ChartTitles;
import backproplab.report.Summary;
import backproplab.results.RunFiles;
import backproplab.results.RunStatus;
import backproplab.train.EvalPoint;
import backproplab.train.History;
import backproplab.train.Learner;
import backproplab.train.ProgressBar;
import backproplab.train.StepLoop;
import backproplab.train.Timing;
import backproplab.util.Durations;
import backproplab.util.ResidentMemory;
import backproplab.util.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One experiment's network trained, or benchmarked, into one folder: the data checked, the engine
 * seeded, the learner built from the spec, then the step loop with its listeners (progress bar,
 * metrics file and chart), and the summary.
 */
public final class TrainingRun {

    /** Untimed steps before a benchmark, so that allocations and caches have settled. */
    static final int WARMUP_STEPS = 10;

    private TrainingRun() {}

    /** Trains {@code spec} into {@code folder}: metrics.csv, curves.png, summary.json. */
    public static ExperimentResult train(ExperimentSpec spec, Path folder, RunContext context) {
        CifarData data = prepare(spec, folder, context);
        String command = context.command(spec.id(), "");
        try (NDManager modelManager = context.manager().newSubManager()) {
            Learner learner = Models.learner(spec, modelManager);
            context.out().printf("%s: %s, %d steps of %d images%n",
                    spec.id(), spec.reportLabel(), spec.steps(), spec.batchSize());
            History history;
            try (RunFiles files = RunFiles.open(folder, ChartTitles.run(spec.id(), spec), spec.steps(),
                    points -> writeInterrupted(spec, folder, command, data, points))) {
                history = new StepLoop(learner, data, modelManager, settings(spec))
                        .listen(ProgressBar.forConsole(spec.id(), spec.steps(), context.out()))
                        .listen(files)
                        .train();
                RunStatus status = new RunStatus(history.diverged(), false, history.stepsDone(), spec.steps());
                Summary.ofRun(spec, command, history, status, environment(data)).write(folder);
                files.finish(status);
            }
            if (history.diverged()) {
                throw new UserError(String.format(
                        "%s stopped at step %d: the training loss is no longer finite (diverged);"
                                + " what it measured is in %s; try a lower -DlearningRate",
                        spec.id(), history.stepsDone(), folder));
            }
            context.out().printf("%s: final test accuracy %.4f, best %.4f (step %d), %.2f ms/step, %s wall;"
                            + " results in %s%n",
                    spec.id(), history.finalTestAccuracy(), history.bestTestAccuracy(), history.best().step(),
                    history.msPerStep(), Durations.clock(history.wallSeconds()), folder);
            return new ExperimentResult(spec.id(), folder, history, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Benchmarks {@code spec}: {@value #WARMUP_STEPS} untimed steps, then {@code steps} timed
     * training steps without evaluation; writes {@code <folder>/<id>.json}.
     */
    public static ExperimentResult benchmark(ExperimentSpec spec, Path folder, RunContext context, int steps) {
        CifarData data = prepare(spec, folder, context);
        try (NDManager modelManager = context.manager().newSubManager()) {
            StepLoop loop = new StepLoop(Models.learner(spec, modelManager), data, modelManager, settings(spec));
            context.out().printf("%s: benchmark, %d warm-up and %d timed steps of %d images%n",
                    spec.id(), WARMUP_STEPS, steps, spec.batchSize());
            loop.run(WARMUP_STEPS);
            Timing timing = new Timing();
            loop.listen(timing).run(steps);
            BenchSummary bench = BenchSummary.of(spec.id(), timing, spec.batchSize(), ResidentMemory.megabytes(),
                    context.command(spec.id(), " -Dbench=" + steps), environment(data));
            Path file = bench.write(folder);
            context.out().printf("%s: %.2f ms/step (forward %.2f, backward %.2f, update %.2f), %.0f images/s;"
                            + " written to %s%n",
                    spec.id(), bench.msPerStep(), bench.forwardMs(), bench.backwardMs(), bench.updateMs(),
                    bench.imagesPerSecond(), file);
            return new ExperimentResult(spec.id(), folder,
                    new History(List.of(), timing.steps(), timing.msPerStep(), 0, false), timing);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The data (checked before anything is created), the folder, and a seeded engine without graph recording. */
    private static CifarData prepare(ExperimentSpec spec, Path folder, RunContext context) {
        CifarData data = context.data(spec);
        if (spec.batchSize() > data.trainSize()) {
            throw new UserError("bad value batchSize=" + spec.batchSize()
                    + ": larger than the training set (" + data.trainSize() + " images)");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UserError("cannot write results to " + folder.toAbsolutePath() + " (" + e.getMessage()
                    + "): choose another folder with -Dout=DIR", e);
        }
        // Graph recording is per thread in libtorch: make sure evaluation outside a collector records none.
        JniUtils.setGradMode(false);
        Engine.getInstance().setRandomSeed((int) spec.seed());
        return data;
    }

    private static StepLoop.Settings settings(ExperimentSpec spec) {
        return new StepLoop.Settings(spec.steps(), spec.batchSize(), spec.evalEvery(), spec.evalBatchSize(), spec.seed());
    }

    /** The summary of a run stopped by Ctrl-C, from the evaluations it made. */
    private static void writeInterrupted(ExperimentSpec spec, Path folder, String command, CifarData data,
            List<EvalPoint> points) {
        int done = points.isEmpty() ? 0 : points.get(points.size() - 1).step();
        double wall = points.isEmpty() ? 0 : points.get(points.size() - 1).elapsedSeconds();
        History history = new History(points, done, Double.NaN, wall, false);
        try {
            Summary.ofRun(spec, command, history, new RunStatus(false, true, done, spec.steps()), environment(data))
                    .write(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Summary.Environment environment(CifarData data) {
        return new Summary.Environment(data.source(), Engine.getDjlVersion(),
                Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion(),
                System.getProperty("java.version"), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
    }
}
