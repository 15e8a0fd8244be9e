package backproplab.experiment;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import backproplab.config.BatchNormKind;
import backproplab.config.ExperimentSpec;
import backproplab.config.Hyperparameters;
import backproplab.config.Network;
import backproplab.config.RecordedSettings;
import backproplab.config.Settings;
import backproplab.data.CifarData;
import backproplab.nn.ConvNet;
import backproplab.report.BenchSummary;
import backproplab.report.Summary;
import backproplab.results.Checkpoints;
import backproplab.results.OnInterrupt;
import backproplab.results.RunFolder;
import backproplab.tensorboard.TensorBoardLog;
import backproplab.train.ConvolutionProducts;
import backproplab.train.EvalPoint;
import backproplab.train.Floor;
import backproplab.train.History;
import backproplab.train.MatrixProducts;
import backproplab.train.ProgressBar;
import backproplab.train.StepLoop;
import backproplab.train.Timing;
import backproplab.util.Diverged;
import backproplab.util.Durations;
import backproplab.util.Fault;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One experiment's network trained, or benchmarked, into one folder: the data checked, the engine
 * seeded, the network and its optimizer built from the spec, then the loop, whose steps and
 * evaluations the run hands to its {@link Recorder}.
 */
public final class TrainingRun {

    /** Untimed steps before a benchmark, so that allocations and caches have settled. */
    static final int WARMUP_STEPS = 10;
    /** Timings of each matrix product after a benchmark's steps; their median counts. */
    static final int PRODUCT_REPEATS = 9;

    private TrainingRun() {}

    /**
     * Trains one run into its folder as its start says, top to bottom: the network and its
     * optimizer built, restored where a resumed run's checkpoint left them, then the loop (a step;
     * at an evaluation: measure, record, checkpoint), then the run's end (the model, the figures,
     * the summary; saved as interrupted when anything stops it on the way). A run done or diverged
     * is kept as it is.
     *
     * @throws Diverged for a run that diverges, or was kept as it is because it diverged
     */
    public static ExperimentResult train(PlannedRun run, RunContext context) {
        ExperimentSpec spec = run.spec();
        RunFolder folder = run.folder();
        if (run.start() instanceof RunStart.Done || run.start() instanceof RunStart.Diverged) {
            return kept(run, context);
        }
        OnInterrupt.waitIfStopping();
        CifarData data = prepare(spec, folder.path(), context);
        History history;
        try (NDManager manager = context.manager().newSubManager()) {
            Models.Built network = Models.network(spec, manager);
            StepLoop loop = new StepLoop(network.learner(), data, manager, settings(spec));
            if (context.options().stats()) {
                // The histograms are for TensorBoard only: without it, no time is spent on them.
                loop.recordLayers(context.options().statsEvery(), context.options().tensorBoard());
            }
            restore(run, loop, manager, context);
            HaltPoint.reached(HaltPoint.TRAINING);
            try (Recorder recorder = Recorder.open(run, loop, network, data, context)) {
                try {
                    while (!loop.finished()) {
                        StepLoop.Step step = loop.step();
                        recorder.stepped(step);
                        if (step.evaluates()) {
                            recorder.evaluated(loop.evaluate());
                        }
                    }
                    history = recorder.finished(loop.history());
                } catch (IOException | RuntimeException e) {
                    throw recorder.stopped(e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (history.diverged()) {
            throw new Diverged(String.format("%s stopped at step %d: the training loss is no longer finite (diverged);"
                            + " what it measured is in %s; try a lower -DlearningRate",
                    spec.id(), history.stepsDone(), folder));
        }
        EvalPoint selected = history.selected();
        context.out().printf("%s: %sfinal test accuracy %.4f, best %.4f (step %d)%s, %.2f ms/step, %s wall;"
                        + " results in %s%n",
                spec.id(), history.stoppedEarly() ? "stopped early at step " + history.stepsDone() + " (validation"
                        + " accuracy not better for " + spec.hyper().earlyStop() + " evaluations); " : "",
                history.finalTestAccuracy(), history.bestTestAccuracy(), history.best().step(),
                selected == null ? "" : String.format(Locale.ROOT, ", selected %.4f (step %d, validation accuracy"
                        + " %.4f)", selected.testAccuracy(), selected.step(), selected.validationAccuracy()),
                history.msPerStep(), Durations.clock(history.wallSeconds()), folder);
        return new ExperimentResult(spec.id(), folder.path(), history, null);
    }

    /**
     * A run whose folder holds it done, or diverged, kept as it is.
     *
     * @throws Diverged for a diverged one
     */
    private static ExperimentResult kept(PlannedRun run, RunContext context) {
        ExperimentSpec spec = run.spec();
        RunFolder folder = run.folder();
        if (run.start() instanceof RunStart.Diverged diverged) {
            int step = diverged.summary().stepsDone();
            context.out().printf("%s: diverged at step %d in %s%n", spec.id(), step, UserPath.shown(folder.path()));
            throw new Diverged(spec.id() + " diverged at step " + step + " (" + UserPath.shown(folder.path()) + ")");
        }
        RunStart.Done done = (RunStart.Done) run.start();
        context.out().printf("%s: all %d steps done in %s%n", spec.id(), spec.hyper().steps(),
                UserPath.shown(folder.path()));
        Summary summary = done.summary();
        return new ExperimentResult(spec.id(), folder.path(), new History(done.points(), summary.stepsDone(),
                summary.msPerStep(), summary.wallSeconds(), false), null);
    }

    /** A resumed run's network and loop where its checkpoint left them; a new run's first line. */
    private static void restore(PlannedRun run, StepLoop loop, NDManager manager, RunContext context) {
        ExperimentSpec spec = run.spec();
        if (run.start() instanceof RunStart.Resume resume) {
            Path checkpoint = resume.folder(run.folder());
            Checkpoints.restore(checkpoint, resume.checkpoint(), loop.learner(), loop, manager);
            context.out().printf("%s: resuming at step %d of %d (%s), %d evaluations kept%n", spec.id(),
                    resume.checkpoint().step(), spec.hyper().steps(), UserPath.shown(checkpoint),
                    resume.checkpoint().evaluations().size());
        } else {
            context.out().printf("%s: %s, %d steps of %d images%n",
                    spec.id(), spec.shown().reportLabel(), spec.hyper().steps(), spec.hyper().batchSize());
        }
    }

    /**
     * A run as TensorBoard shows it: its hyperparameters (the same names for every run, what
     * only names or places the run left out), and the command with every setting.
     */
    static TensorBoardLog.Description description(ExperimentSpec spec, RecordedSettings settings, String command) {
        // An indented code block, every line of it: a value with a newline keeps the command whole.
        StringBuilder table = new StringBuilder("    " + command.replace("\n", "\n    ")
                + "\n\n| setting | value |\n|---|---|\n");
        settings.asMap().forEach((key, value) -> table.append("| ").append(key).append(" | ")
                .append(value.replace("|", "\\|")).append(" |\n"));
        return new TensorBoardLog.Description(hparams(spec), SHOWN_FIRST, table.toString());
    }

    /** The hyperparameters of {@code spec}'s run, without the run's settings: enough for the experiment every run shares. */
    public static TensorBoardLog.Description experiment(ExperimentSpec spec) {
        return new TensorBoardLog.Description(hparams(spec), SHOWN_FIRST, "");
    }

    private static Map<String, Object> hparams(ExperimentSpec spec) {
        Map<String, Object> hparams = new LinkedHashMap<>();
        hparams.put("experiment", spec.id());
        Settings.HPARAMS.forEach(setting -> hparams.put(setting.key(), setting.hparamOf(spec)));
        return hparams;
    }

    /**
     * The hyperparameters the hparams dashboard shows before it is told otherwise: it shows five,
     * those the experiment says differ between runs, by name. These five tell the report's
     * experiments apart; the run's name (its folder) says the experiment, the seed and a sweep's
     * point, and every other hyperparameter is a tick away.
     */
    private static final Set<String> SHOWN_FIRST = Set.of("hidden", "learningRate", "model", "optimizer", "steps");

    /**
     * Benchmarks {@code spec}: {@value #WARMUP_STEPS} untimed steps, then {@code steps} timed
     * training steps without evaluation; or, with {@code evaluates}, a whole run of {@code steps}
     * steps from the first, evaluating as a training run does (every step's time and every
     * evaluation's apart). Writes {@code <folder>/<id>.json}.
     */
    public static ExperimentResult benchmark(ExperimentSpec spec, Path folder, RunContext context, int steps,
            boolean evaluates, String command) {
        CifarData data = prepare(spec, folder, context);
        try (NDManager modelManager = context.manager().newSubManager()) {
            StepLoop.Settings settings = settings(spec).withSteps(steps);
            StepLoop loop = new StepLoop(Models.learner(spec, modelManager), data, modelManager, settings);
            int warmup = evaluates ? 0 : WARMUP_STEPS;
            context.out().printf("%s: benchmark, %d warm-up and %d timed steps of %d images%s%n", spec.id(), warmup,
                    steps, spec.hyper().batchSize(),
                    evaluates ? ", evaluating every " + spec.hyper().evalEvery() + " steps" : "");
            ProgressBar bar = ProgressBar.forConsole(spec.id(), warmup + steps, context.out());
            for (int i = 0; i < warmup; i++) {
                StepLoop.Step step = loop.step();
                bar.onStep(step.step(), step.score(), step.times());
            }
            Timing timing = new Timing();
            long start = System.nanoTime();
            // Evaluating, it is a whole run of its own: it stops early at a loss that is no longer finite.
            for (int i = 0; i < steps && !(evaluates && loop.finished()); i++) {
                StepLoop.Step step = loop.step();
                bar.onStep(step.step(), step.score(), step.times());
                timing.onStep(step.step(), step.score(), step.times());
                if (evaluates && step.evaluates()) {
                    bar.onEvaluation(loop.evaluate(), loop);
                }
            }
            History history = evaluates ? loop.history() : null;
            if (evaluates) {
                bar.finish();
            }
            double wallSeconds = (System.nanoTime() - start) / 1e9;
            // Sampled before the products below allocate their arrays, as at the end of the steps.
            double residentMb = ResidentMemory.megabytes();
            Floor<MatrixProducts.Layer> products = matrixProducts(spec, modelManager);
            Floor<ConvolutionProducts.Layer> convolutions = convolutions(spec, modelManager);
            BenchSummary bench = BenchSummary.of(spec.id(), timing, warmup, products, convolutions,
                    history == null ? List.of() : history.points(), wallSeconds, spec.hyper().batchSize(),
                    residentMb, command, environment(data));
            Path file = bench.write(folder);
            // Through the bar, which clears its line first.
            bar.println(String.format("%s: %.2f ms/step (forward %.2f, backward %.2f, update %.2f), %.0f images/s;"
                            + "%s%s written to %s",
                    spec.id(), bench.msPerStep(), bench.forwardMs(), bench.backwardMs(), bench.updateMs(),
                    bench.imagesPerSecond(), evaluates ? String.format(" %.1f s in all with %d evaluations;",
                            wallSeconds, history.points().size()) : "",
                    products != null ? floorLine("matrix products", products, bench.msPerStep())
                            : floorLine("convolutions", convolutions, bench.msPerStep()),
                    file));
            return new ExperimentResult(spec.id(), folder,
                    history != null ? history : new History(List.of(), timing.steps(), timing.msPerStep(), 0, false),
                    timing);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An MLP's matrix products timed alone ({@link MatrixProducts}), {@value #PRODUCT_REPEATS} times
     * each; null for the ConvNet, whose products are convolutions.
     */
    private static Floor<MatrixProducts.Layer> matrixProducts(ExperimentSpec spec, NDManager manager) {
        Hyperparameters hyper = spec.hyper();
        if (!(hyper.network() instanceof Network.Layered layered)) {
            return null;
        }
        List<Integer> widths = new ArrayList<>();
        widths.add(CifarData.PIXELS);
        widths.addAll(layered.hidden());
        widths.add(CifarData.CLASSES);
        return MatrixProducts.measure(manager, widths, hyper.batchSize(), PRODUCT_REPEATS);
    }

    /** The ConvNet's convolutions timed alone ({@link ConvolutionProducts}); null for an MLP. */
    private static Floor<ConvolutionProducts.Layer> convolutions(ExperimentSpec spec, NDManager manager) {
        if (!(spec.hyper().network() instanceof Network.ConvNet)) {
            return null;
        }
        return ConvolutionProducts.measure(manager, ConvNet.convolutions(), spec.hyper().batchSize(), PRODUCT_REPEATS);
    }

    /** What the floor under the step is: its time, its work, its rate and its share of the step. */
    private static String floorLine(String what, Floor<?> floor, double stepMs) {
        return String.format(" its %s alone %.2f ms (%.3f GFLOP at %.0f GFLOP/s, %.0f%% of the step);", what,
                floor.msPerStep(), floor.gflopPerStep(), floor.gflopPerSecond(), 100 * floor.msPerStep() / stepMs);
    }

    /** The data (checked before anything is created), the folder, and a seeded engine without graph recording. */
    private static CifarData prepare(ExperimentSpec spec, Path folder, RunContext context) {
        CifarData data = context.data();
        checkFits(spec, data);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw Fault.of(folder, e);
        }
        // Graph recording is per thread in libtorch: make sure evaluation outside a collector records none.
        JniUtils.setGradMode(false);
        Engine.getInstance().setRandomSeed((int) spec.hyper().seed());
        return data;
    }

    /**
     * Checks, before anything is written, that {@code spec} can train on {@code data} on this
     * machine: a batch no larger than the training set, a network that fits in memory.
     */
    static void checkFits(ExperimentSpec spec, CifarData data) {
        Hyperparameters hyper = spec.hyper();
        if (hyper.validation() >= data.trainSize()) {
            throw new UserError("bad value validation=" + hyper.validation() + ": the training set has "
                    + data.trainSize() + " images, and some must be left to train on");
        }
        long training = data.trainSize() - hyper.validation();
        if (hyper.batchSize() > training) {
            throw new UserError("bad value batchSize=" + hyper.batchSize() + ": larger than the training set ("
                    + training + " images" + (hyper.validation() > 0 ? ", after the validation set's "
                    + hyper.validation() : "") + ")");
        }
        // The ConvNet's batch norms see at least 2x2 values per channel, whatever the batch; an MLP's see one per image.
        boolean mlpBatchNorm = hyper.network() instanceof Network.Mlp mlp
                && (mlp.batchNorm() != BatchNormKind.NONE || hyper.comparesBatchNorms());
        if (mlpBatchNorm && hyper.batchSize() < 2) {
            throw new UserError("bad value batchSize=" + hyper.batchSize() + ": batch norm normalizes each unit over"
                    + " the batch, which takes at least 2 images in training (one image has no variance); give"
                    + " -DbatchSize=2 or more" + (hyper.compareBatchNorms().isEmpty() ? ", or -DbatchNorm=none" : ""));
        }
        MemoryEstimate.check(spec);
    }

    private static StepLoop.Settings settings(ExperimentSpec spec) {
        Hyperparameters h = spec.hyper();
        return new StepLoop.Settings(h.steps(), h.batchSize(), h.evalEvery(), h.evalBatchSize(), h.seed(),
                h::learningRateAt, !h.schedule().constant(), h.augment(), h.stepsDrawRandomNumbers(), h.input(),
                h.validation(), h.earlyStop());
    }

    static Summary.Environment environment(CifarData data) {
        return new Summary.Environment(data.source(), Engine.getDjlVersion(),
                Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion(),
                System.getProperty("java.version"), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
    }
}
