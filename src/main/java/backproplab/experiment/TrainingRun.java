package backproplab.experiment;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import backproplab.config.ExperimentSpec;
import backproplab.data.CifarData;
import backproplab.report.Analysis;
import backproplab.report.BenchSummary;
import backproplab.report.ChartTitles;
import backproplab.report.Summary;
import backproplab.saved.SavedModel;
import backproplab.results.Checkpoints;
import backproplab.results.MetricsCsv;
import backproplab.results.RunFiles;
import backproplab.results.RunStatus;
import backproplab.train.Confusion;
import backproplab.train.EvalPoint;
import backproplab.train.History;
import backproplab.train.ProgressBar;
import backproplab.train.StepLoop;
import backproplab.train.Timing;
import backproplab.util.Diverged;
import backproplab.util.Durations;
import backproplab.util.ResidentMemory;
import backproplab.util.UserError;
import backproplab.util.UserPath;
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

/**
 * One experiment's network trained, or benchmarked, into one folder: the data checked, the engine
 * seeded, the learner built from the spec, then the step loop with its listeners (progress bar,
 * metrics file and chart), and the summary.
 */
public final class TrainingRun {

    /** Untimed steps before a benchmark, so that allocations and caches have settled. */
    static final int WARMUP_STEPS = 10;
    /** Where a run keeps its checkpoint while it trains. */
    static final String CHECKPOINT = "checkpoint";

    private TrainingRun() {}

    /**
     * One of several runs of an experiment (a seed, a batch norm, a sweep's point): trained; with
     * -Dresume=true, kept as it is when it is done (all its steps, or diverged), continued from
     * its checkpoint when it has one, begun afresh when not (stopped before its first checkpoint).
     *
     * @throws Diverged for a part kept as it is because it diverged, as if it had just diverged
     * @throws UserError when a part done was made with other settings (only -Dsteps may change)
     */
    static ExperimentResult trainPart(ExperimentSpec spec, Path folder, RunContext context) throws IOException {
        if (!context.resume()) {
            return train(spec, folder, context, false);
        }
        Summary summary = Summary.read(folder);
        if (summary != null) {
            List<String> differences = Checkpoints.differences(comparable(summary.spec()), comparable(spec.asMap()),
                    RESUME_MAY_CHANGE);
            if (!differences.isEmpty()) {
                throw new UserError("-Dresume=true: " + UserPath.shown(folder) + " was made with other settings ("
                        + String.join("; ", differences) + "); only -Dsteps may change, to train longer");
            }
            boolean done = summary.status().ended() && summary.steps() == spec.steps();
            if (done || summary.status().diverged()) {
                context.out().printf("%s: %s in %s%n", spec.id(), done ? "all " + spec.steps() + " steps done"
                        : "diverged at step " + summary.stepsDone(), UserPath.shown(folder));
                if (!done) {
                    throw new Diverged(spec.id() + " diverged at step " + summary.stepsDone() + " (" + UserPath.shown(folder)
                            + ")");
                }
                return new ExperimentResult(spec.id(), folder, new History(MetricsCsv.read(folder.resolve("metrics.csv")),
                        summary.stepsDone(), summary.msPerStep(), summary.wallSeconds(), false), null);
            }
        }
        return train(spec, folder, context, hasCheckpoint(folder));
    }

    /** Settings a resume may change: the number of steps (to train longer), and what only names the run. */
    static final List<String> RESUME_MAY_CHANGE = List.of("steps", "title", "figure", "reportAccuracy", "out");

    /**
     * Trains {@code spec} into {@code folder}: metrics.csv, curves.png, summary.json, checkpoints
     * on the way, and the trained network in model/.
     *
     * @param resume continue from the folder's checkpoint (or a finished run's, in model/training)
     */
    public static ExperimentResult train(ExperimentSpec spec, Path folder, RunContext context, boolean resume) {
        CifarData data = prepare(spec, folder, context);
        String command = context.command(spec.id(), "");
        try (NDManager modelManager = context.manager().newSubManager()) {
            Models.Network network = Models.network(spec, modelManager);
            StepLoop loop = new StepLoop(network.learner(), data, modelManager, settings(spec));
            if (resume) {
                resume(spec, folder, loop, modelManager, context);
            } else {
                context.out().printf("%s: %s, %d steps of %d images%n",
                        spec.id(), spec.reportLabel(), spec.steps(), spec.batchSize());
            }
            History history;
            try (RunFiles files = RunFiles.open(folder, ChartTitles.run(spec.id(), spec), spec.steps(),
                    points -> writeInterrupted(spec, folder, command, data, points, loop), loop.points())) {
                ProgressBar bar = ProgressBar.forConsole(spec.id(), spec.steps(), context.out());
                history = loop.listen(bar)
                        .listen(files)
                        .listen(new Checkpoints(folder.resolve(CHECKPOINT), spec.asMap(), context.checkpointEvery(),
                                spec.steps(), loop.step(), bar::println))
                        .listen(new ModelWriter(spec, folder, network, loop, data))
                        .train();
                RunStatus status = new RunStatus(history.diverged(), false, history.stepsDone(), spec.steps());
                Confusion last = loop.confusion(lastStep(history));
                Summary.ofRun(spec, command, history, status, environment(data), last,
                        loop.confusion(history.best().step())).write(folder);
                files.finish(status);
                if (status.ended()) {
                    // Only now: a run stopped while it saved its model still continues from here.
                    Checkpoints.delete(folder.resolve(CHECKPOINT));
                }
                Analysis.writeConfusion(folder, ChartTitles.confusion(spec.id(), spec, 1, status), last);
                Analysis.writePredictions(folder, ChartTitles.curves(spec.id(), spec, 1, status),
                        data.testLabels().toLongArray(), loop.testPredictions(), data::rawTestImage);
                context.out().println(spec.id() + ": " + Analysis.mostConfused(last));
            }
            if (history.diverged()) {
                throw new Diverged(String.format(
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
     * Puts the loop and its learner where the folder's checkpoint left them.
     *
     * @throws UserError when there is nothing to resume, or the checkpoint was made with other
     *     settings (the number of steps may grow), or it is damaged
     */
    private static void resume(ExperimentSpec spec, Path folder, StepLoop loop, NDManager manager,
            RunContext context) {
        Path checkpoint = checkpointFolder(folder);
        Checkpoints.Saved saved = Checkpoints.read(checkpoint);
        List<String> differences = Checkpoints.differences(comparable(saved.settings()), comparable(spec.asMap()),
                RESUME_MAY_CHANGE);
        if (!differences.isEmpty()) {
            throw new UserError("-Dresume=true: the checkpoint in " + UserPath.shown(checkpoint)
                    + " was made with other settings (" + String.join("; ", differences)
                    + "); only -Dsteps may change, to train longer");
        }
        if (saved.step() >= spec.steps()) {
            throw new UserError("-Dresume=true: " + spec.id() + " has made " + saved.step() + " of " + spec.steps()
                    + " steps already: nothing to resume; give a larger -Dsteps to train it on");
        }
        Checkpoints.restore(checkpoint, saved, loop.learner(), loop, manager);
        context.out().printf("%s: resuming at step %d of %d (%s), %d evaluations kept%n", spec.id(), saved.step(),
                spec.steps(), UserPath.shown(checkpoint), saved.evaluations().size());
    }

    /**
     * Where a run continues from: its checkpoint, or a finished run's training state.
     *
     * @throws UserError when the folder holds neither: nothing to resume
     */
    static Path checkpointFolder(Path folder) {
        for (Path candidate : checkpointFolders(folder)) {
            if (Files.exists(candidate.resolve(Checkpoints.FILE))) {
                return candidate;
            }
        }
        throw new UserError("-Dresume=true: " + UserPath.shown(folder) + " holds no checkpoint (" + CHECKPOINT
                + "/) nor a finished run's training state: nothing to resume; run without -Dresume");
    }

    private static boolean hasCheckpoint(Path folder) {
        return checkpointFolders(folder).stream().anyMatch(f -> Files.exists(f.resolve(Checkpoints.FILE)));
    }

    /** Where a run's checkpoint can be, the newer first. */
    private static List<Path> checkpointFolders(Path folder) {
        return List.of(folder.resolve(CHECKPOINT), folder.resolve(SavedModel.FOLDER).resolve(ModelWriter.TRAINING_STATE));
    }

    /** Settings as a resume compares them: the data folder by where it is, however it was written. */
    private static Map<String, String> comparable(Map<String, String> settings) {
        Map<String, String> copy = new LinkedHashMap<>(settings);
        String data = copy.getOrDefault("data", "");
        if (!data.isBlank()) {
            copy.put("data", UserPath.parse(data).toAbsolutePath().normalize().toString());
        }
        return copy;
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
            List<EvalPoint> points, StepLoop loop) {
        int done = points.isEmpty() ? 0 : points.get(points.size() - 1).step();
        double wall = points.isEmpty() ? 0 : points.get(points.size() - 1).elapsedSeconds();
        History history = new History(points, done, Double.NaN, wall, false);
        try {
            Summary.ofRun(spec, command, history, new RunStatus(false, true, done, spec.steps()), environment(data),
                    loop.confusion(done), points.isEmpty() ? null : loop.confusion(history.best().step()))
                    .write(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The step of a run's last evaluation. */
    private static int lastStep(History history) {
        return history.points().get(history.points().size() - 1).step();
    }

    static Summary.Environment environment(CifarData data) {
        return new Summary.Environment(data.source(), Engine.getDjlVersion(),
                Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion(),
                System.getProperty("java.version"), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
    }
}
