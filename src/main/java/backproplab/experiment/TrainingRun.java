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
import backproplab.results.Checkpoints;
import backproplab.results.MetricsCsv;
import backproplab.results.RunFiles;
import backproplab.results.RunLayout;
import backproplab.results.RunStatus;
import backproplab.tensorboard.TensorBoardLog;
import backproplab.train.Confusion;
import backproplab.train.EvalPoint;
import backproplab.train.History;
import backproplab.train.ProgressBar;
import backproplab.train.StepLoop;
import backproplab.train.Timing;
import backproplab.util.Diverged;
import backproplab.util.Durations;
import backproplab.util.HaltPoint;
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
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One experiment's network trained, or benchmarked, into one folder: the data checked, the engine
 * seeded, the learner built from the spec, then the step loop with its listeners (progress bar,
 * metrics file and chart), and the summary.
 */
public final class TrainingRun {

    /** Untimed steps before a benchmark, so that allocations and caches have settled. */
    static final int WARMUP_STEPS = 10;
    /** Where a run keeps its checkpoint while it trains. */
    static final String CHECKPOINT = RunLayout.CHECKPOINT;

    private TrainingRun() {}

    /** How a part of an experiment (a seed, a batch norm, a sweep's point) starts with -Dresume=true. */
    enum PartStart {
        /** All its steps are done: kept as it is. */
        DONE,
        /** It diverged: kept as it is. */
        DIVERGED,
        /** It continues from its checkpoint. */
        RESUME,
        /** It begins afresh (stopped before its first checkpoint, or never started). */
        FRESH
    }

    /**
     * How a part starts with -Dresume=true, everything it will read checked (its summary and
     * metrics, its checkpoint whole): called before anything is written, and again when it trains.
     *
     * @throws UserError when a part done, or its checkpoint, was made with other settings (only
     *     -Dsteps may change) or on other data, or its files are damaged
     */
    static PartStart partStart(ExperimentSpec spec, Path folder, CifarData data) throws IOException {
        Summary summary = Summary.read(folder);
        if (summary != null) {
            Checkpoints.Saved finished = finishedState(folder);
            List<String> differences = Checkpoints.differences(comparable(summary.spec(), finished),
                    comparable(spec.asMap(), finished), RESUME_MAY_CHANGE);
            if (!differences.isEmpty()) {
                throw new UserError("-Dresume=true: " + UserPath.shown(folder) + " was made with other settings ("
                        + String.join("; ", differences) + "); only -Dsteps may change, to train longer");
            }
            checkData(finished, folder, data);
            boolean done = summary.status().ended() && summary.steps() == spec.steps();
            if (done) {
                readMetrics(folder);
                return PartStart.DONE;
            }
            if (summary.status().diverged()) {
                return PartStart.DIVERGED;
            }
        }
        if (!hasCheckpoint(folder)) {
            return PartStart.FRESH;
        }
        Checkpoints.Saved saved = Checkpoints.read(checkpointFolder(folder));
        if (saved.step() == spec.steps()) {
            // Killed after its model was saved, before its summary (none, or the one of the run it trained
            // further): its steps are made again, to the same numbers.
            return PartStart.FRESH;
        }
        checkedCheckpoint(spec, folder, data);
        return PartStart.RESUME;
    }

    /** {@link #partStart}, a file it cannot read told as a refusal. */
    static PartStart checkedPartStart(ExperimentSpec spec, Path folder, CifarData data) {
        try {
            return partStart(spec, folder, data);
        } catch (IOException e) {
            throw new UserError("-Dresume=true: cannot read " + UserPath.shown(folder) + " ("
                    + UserError.firstLine(e.getMessage()) + ")", e);
        }
    }

    /**
     * Whether an experiment of one run continues from its checkpoint with -Dresume=true, or makes
     * its steps again (killed once they were all made, before its summary); checked as {@link
     * #partStart} checks, before anything is written.
     *
     * @throws UserError when there is nothing to resume (no checkpoint, or all steps done), or
     *     what it would read is damaged
     */
    static boolean resumesFromCheckpoint(ExperimentSpec spec, Path folder, CifarData data) {
        PartStart start = checkedPartStart(spec, folder, data);
        if (start == PartStart.FRESH) {
            checkpointFolder(folder);
        } else if (start != PartStart.RESUME) {
            // Diverged, or done: what checkedCheckpoint says of it (nothing to resume, and why).
            checkedCheckpoint(spec, folder, data);
        }
        return start == PartStart.RESUME;
    }

    /**
     * One part of an experiment, trained; with -Dresume=true as {@link #partStart} decides.
     *
     * @throws Diverged for a part kept as it is because it diverged, as if it had just diverged
     */
    static ExperimentResult trainPart(ExperimentSpec spec, Path folder, RunContext context) throws IOException {
        if (!context.resume()) {
            return train(spec, folder, context, false);
        }
        PartStart start = partStart(spec, folder, context.data(spec));
        switch (start) {
            case DONE, DIVERGED -> {
                Summary summary = Summary.read(folder);
                boolean done = start == PartStart.DONE;
                context.out().printf("%s: %s in %s%n", spec.id(), done ? "all " + spec.steps() + " steps done"
                        : "diverged at step " + summary.stepsDone(), UserPath.shown(folder));
                if (!done) {
                    throw new Diverged(spec.id() + " diverged at step " + summary.stepsDone() + " ("
                            + UserPath.shown(folder) + ")");
                }
                return new ExperimentResult(spec.id(), folder, new History(readMetrics(folder), summary.stepsDone(),
                        summary.msPerStep(), summary.wallSeconds(), false), null);
            }
            default -> {
                return train(spec, folder, context, start == PartStart.RESUME);
            }
        }
    }

    private static List<EvalPoint> readMetrics(Path folder) {
        Path file = folder.resolve(RunLayout.METRICS);
        try {
            return MetricsCsv.read(file);
        } catch (IOException e) {
            throw new UserError("-Dresume=true: " + UserPath.shown(folder) + " is done but its " + RunLayout.METRICS
                    + " cannot be read (" + UserError.firstLine(e.getMessage()) + "): delete the folder to train it"
                    + " again");
        }
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
            if (context.recordsStats()) {
                // The histograms are for TensorBoard only: without it, no time is spent on them.
                loop.recordLayers(context.statsEvery(), context.writesTensorBoard());
            }
            if (resume) {
                resume(spec, folder, loop, modelManager, context);
            } else {
                context.out().printf("%s: %s, %d steps of %d images%n",
                        spec.id(), spec.reportLabel(), spec.steps(), spec.batchSize());
            }
            History history;
            try (RunFiles files = RunFiles.open(folder, ChartTitles.run(spec.id(), spec), spec.steps(),
                    points -> writeInterrupted(spec, folder, command, data, points, loop), loop.points());
                    TensorBoardLog board = context.writesTensorBoard()
                            ? TensorBoardLog.open(folder, description(spec, command), loop) : null) {
                ProgressBar bar = ProgressBar.forConsole(spec.id(), spec.steps(), context.out());
                loop.listen(bar).listen(files);
                if (board != null) {
                    // Before the checkpoint's listener: what a checkpoint continues from is in the event file.
                    loop.listen(board);
                }
                history = loop.listen(new Checkpoints(folder.resolve(CHECKPOINT), spec.asMap(), data.fingerprint(),
                                context.checkpointEvery(),
                                spec.steps(), loop.step(), bar::println))
                        .listen(new ModelWriter(spec, folder, network, loop, data))
                        .train();
                RunStatus status = new RunStatus(history.diverged(), false, history.stepsDone(), spec.steps());
                Confusion last = loop.confusion(lastStep(history));
                // The summary last: a folder with a summary.json has every file of the run in place.
                files.finish(status);
                Analysis.writeConfusion(folder, ChartTitles.confusion(spec.id(), spec, 1, status), last);
                Analysis.writePredictions(folder, ChartTitles.curves(spec.id(), spec, 1, status),
                        data.testLabels().toLongArray(), loop.testPredictions(), data::rawTestImage);
                Analysis.writeWeights(folder, ChartTitles.curves(spec.id(), spec, 1, status),
                        network.learner().weightLayers().get(0).weight());
                if (board != null) {
                    board.finish(folder, lastStep(history), history.diverged());
                }
                HaltPoint.reached(HaltPoint.BEFORE_SUMMARY);
                Summary.ofRun(spec, command, history, status, environment(data), last,
                        loop.confusion(history.best().step()), loop.diagnostics().last(), loop.statsMsPerRecord())
                        .write(folder);
                if (status.ended()) {
                    // Only now: a run stopped while it saved its model or its files still continues from here.
                    Checkpoints.delete(folder.resolve(CHECKPOINT));
                }
                context.out().println(spec.id() + ": " + Analysis.mostConfused(last));
                if (board != null) {
                    context.out().println(spec.id() + ": " + board.written());
                }
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
     * A run as TensorBoard shows it: its hyperparameters (the same names for every run, what
     * only names or places the run left out), and the command with every setting.
     */
    static TensorBoardLog.Description description(ExperimentSpec spec, String command) {
        Map<String, Object> hparams = new LinkedHashMap<>();
        hparams.put("experiment", spec.id());
        hparams.put("model", spec.model());
        hparams.put("hidden", spec.hidden().stream().map(String::valueOf).collect(Collectors.joining(",")));
        hparams.put("batchNorm", spec.batchNorm());
        hparams.put("optimizer", spec.optimizer());
        hparams.put("learningRate", spec.learningRate());
        hparams.put("weightDecay", spec.weightDecay());
        hparams.put("steps", spec.steps());
        hparams.put("batchSize", spec.batchSize());
        hparams.put("seed", spec.seed());
        StringBuilder settings = new StringBuilder("    " + command + "\n\n| setting | value |\n|---|---|\n");
        spec.asMap().forEach((key, value) -> settings.append("| ").append(key).append(" | ")
                .append(RunContext.shown(key, value).replace("|", "\\|")).append(" |\n"));
        // The committed runs differ in all of these; the report's experiments, sweeps and seeds most in these five.
        Set<String> differ = Set.of("experiment", "learningRate", "weightDecay", "batchNorm", "seed");
        return new TensorBoardLog.Description(hparams, differ, settings.toString());
    }

    /**
     * Puts the loop and its learner where the folder's checkpoint left them.
     *
     * @throws UserError when there is nothing to resume, or the checkpoint was made with other
     *     settings (the number of steps may grow) or on other data, or it is damaged
     */
    private static void resume(ExperimentSpec spec, Path folder, StepLoop loop, NDManager manager,
            RunContext context) {
        Path checkpoint = checkpointFolder(folder);
        Checkpoints.Saved saved = checkedCheckpoint(spec, folder, context.data(spec));
        Checkpoints.restore(checkpoint, saved, loop.learner(), loop, manager);
        context.out().printf("%s: resuming at step %d of %d (%s), %d evaluations kept%n", spec.id(), saved.step(),
                spec.steps(), UserPath.shown(checkpoint), saved.evaluations().size());
    }

    /**
     * The checkpoint a run continues from, checked whole before anything is written: its JSON
     * and state file against their checksums, its settings and data against the run's.
     *
     * @throws UserError when there is nothing to resume, or the checkpoint does not fit the run
     */
    static Checkpoints.Saved checkedCheckpoint(ExperimentSpec spec, Path folder, CifarData data) {
        Path checkpoint = checkpointFolder(folder);
        Checkpoints.Saved saved = Checkpoints.read(checkpoint);
        List<String> differences = Checkpoints.differences(comparable(saved.settings(), saved),
                comparable(spec.asMap(), saved), RESUME_MAY_CHANGE);
        if (!differences.isEmpty()) {
            throw new UserError("-Dresume=true: the checkpoint in " + UserPath.shown(checkpoint)
                    + " was made with other settings (" + String.join("; ", differences)
                    + "); only -Dsteps may change, to train longer");
        }
        checkData(saved, checkpoint, data);
        if (saved.step() >= spec.steps()) {
            throw new UserError("-Dresume=true: " + spec.id() + " has made " + saved.step() + " of " + spec.steps()
                    + " steps already: nothing to resume; give a larger -Dsteps to train it on");
        }
        Checkpoints.verifyState(checkpoint, saved);
        return saved;
    }

    /** @throws UserError when the checkpoint was made on other data (by content, wherever the files are) */
    private static void checkData(Checkpoints.Saved saved, Path where, CifarData data) {
        if (saved != null && saved.dataSha256() != null && !saved.dataSha256().equals(data.fingerprint())) {
            throw new UserError("-Dresume=true: " + UserPath.shown(where) + " was made on other data than "
                    + data.source() + " (the records differ): resume with the data it was made on, or run without"
                    + " -Dresume");
        }
    }

    /** A finished run's training state (beside its saved model), or null when it has none or it is damaged. */
    private static Checkpoints.Saved finishedState(Path folder) {
        Path state = folder.resolve(RunLayout.MODEL).resolve(RunLayout.TRAINING_STATE);
        Path previous = folder.resolve(RunLayout.MODEL_PREVIOUS).resolve(RunLayout.TRAINING_STATE);
        for (Path candidate : List.of(state, previous)) {
            if (Files.exists(candidate.resolve(Checkpoints.FILE))) {
                return Checkpoints.read(candidate);
            }
        }
        return null;
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
        // model.previous: a model whose swap a kill interrupted, put back when the run claims its folder.
        return List.of(folder.resolve(CHECKPOINT), folder.resolve(RunLayout.MODEL).resolve(RunLayout.TRAINING_STATE),
                folder.resolve(RunLayout.MODEL_PREVIOUS).resolve(RunLayout.TRAINING_STATE));
    }

    /**
     * Settings as a resume compares them: the data by its content when the checkpoint recorded
     * it ({@link #checkData}), else the data folder by where it is, however it was written.
     */
    private static Map<String, String> comparable(Map<String, String> settings, Checkpoints.Saved saved) {
        Map<String, String> copy = new LinkedHashMap<>(settings);
        String data = copy.getOrDefault("data", "");
        if (saved != null && saved.dataSha256() != null) {
            copy.remove("data");
        } else if (!data.isBlank()) {
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
        checkFits(spec, data);
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

    /**
     * Checks, before anything is written, that {@code spec} can train on {@code data} on this
     * machine: a batch no larger than the training set, a network that fits in memory.
     */
    static void checkFits(ExperimentSpec spec, CifarData data) {
        if (spec.batchSize() > data.trainSize()) {
            throw new UserError("bad value batchSize=" + spec.batchSize()
                    + ": larger than the training set (" + data.trainSize() + " images)");
        }
        MemoryEstimate.check(spec);
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
                    loop.confusion(done), points.isEmpty() ? null : loop.confusion(history.best().step()),
                    loop.diagnostics().upTo(done).last(), loop.statsMsPerRecord())
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
