package backproplab;

import ai.djl.ndarray.NDManager;
import backproplab.config.ExperimentCatalog;
import backproplab.config.ExperimentSpec;
import backproplab.config.Help;
import backproplab.config.Mode;
import backproplab.config.Options;
import backproplab.experiment.ExperimentResult;
import backproplab.experiment.Experiments;
import backproplab.experiment.RunContext;
import backproplab.experiment.Sweep;
import backproplab.experiment.TrainingRun;
import backproplab.gradcheck.GradCheck;
import backproplab.gradcheck.HandWritten;
import backproplab.report.AllProgress;
import backproplab.report.ReportFigures;
import backproplab.report.ResultsReader;
import backproplab.report.ResultsReadme;
import backproplab.report.SweepReport;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.saved.ModelAnalysis;
import backproplab.saved.Prediction;
import backproplab.tensorboard.CompactEvents;
import backproplab.tensorboard.EarlierEvents;
import backproplab.tensorboard.TensorBoardLog;
import backproplab.util.Fault;
import backproplab.util.NativeAllocator;
import backproplab.util.UserError;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code mvn compile exec:java -Dexp=<id> [-Dkey=value ...]}: runs an experiment; {@code -Dexp=all} runs
 * every one in report order, {@code -Dexp=list} lists them, {@code -Dexp=figures} redraws every
 * figure and the results table from the metrics in the results folder. Every key of
 * {@link ExperimentSpec#DEFAULTS} can be given with -D, besides the options of {@link Options}.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        NativeAllocator.keepLargeBuffersForReuse();
        try {
            run(Options.fromSystem(System.getProperties()), System.out);
        } catch (UserError e) {
            exit(e.getMessage());
        } catch (GradCheck.Wrong e) {
            // The table said which: a failed check, not a refusal.
            System.exit(1);
        } catch (RuntimeException e) {
            // A failure of the machine (a full disk, a read-only place) is told as a refusal is; a bug keeps its trace.
            Fault fault = Fault.of(e);
            if (fault == null) {
                throw e;
            }
            exit(fault.getMessage());
        }
    }

    /** Ends the command with one line, and exit status 2. */
    private static void exit(String message) {
        System.out.flush();
        System.err.println("error: " + message);
        System.exit(2);
    }

    /**
     * Runs what the options ask for; {@code -Dexp=<id>} and {@code -Dexp=all} train each
     * experiment (or a sweep's points, or benchmark them), every one planned (checked) before the
     * first one trains, and before anything is written.
     *
     * @param given {@code exp}, {@code bench}, {@code seeds} and experiment settings, as given with -D
     * @return one result per training run (per seed; none for the listing and the figures)
     */
    public static List<ExperimentResult> run(Map<String, String> given, PrintStream out) {
        ExperimentCatalog catalog = new ExperimentCatalog(Path.of("experiments"));
        Options options = Options.of(given);
        switch (options.mode()) {
            case LIST -> out.println(catalog.listing());
            case HELP -> out.print(options.markdownHelp() ? Help.markdown() : Help.text());
            case PREDICT -> Prediction.run(options.saved(), options.images(), options.top(), out);
            case ANALYSE -> ModelAnalysis.run(options, out);
            case FIGURES -> redrawFigures(options.folders().out(), catalog.all(), out);
            case COMPACT -> compactEvents(options.folders().out(), catalog.all(), out);
            case GRADCHECK -> {
                if (!GradCheck.run(HandWritten.AS_IT_IS, out)) {
                    throw new GradCheck.Wrong();
                }
            }
            case EXPERIMENT, ALL -> {
                List<ExperimentSpec> specs = experiments(catalog, options);
                try (NDManager manager = NDManager.newBaseManager();
                        RunContext context = new RunContext(manager, out, options)) {
                    if (!options.sweep().isEmpty()) {
                        return Sweep.run(catalog, options.exp(), context);
                    }
                    if (options.bench() > 0) {
                        return Experiments.benchmark(specs, context);
                    }
                    List<Experiments.Plan> plans = specs.stream().map(spec -> Experiments.plan(spec, context)).toList();
                    // Every experiment, for the results table each claim redraws.
                    List<ExperimentSpec> all = catalog.all();
                    AllProgress progress = new AllProgress(specs, options.folders().out(), out);
                    List<ExperimentResult> results = new ArrayList<>();
                    for (Experiments.Plan plan : plans) {
                        progress.starting(plan.spec());
                        try (Experiments.Claimed claimed = Experiments.claim(plan, context, all)) {
                            results.addAll(Experiments.train(plan, context));
                        }
                    }
                    progress.done();
                    return results;
                }
            }
        }
        return List.of();
    }

    /** The experiments {@code -Dexp=<id>} or {@code -Dexp=all} names, with the -D settings on top. */
    private static List<ExperimentSpec> experiments(ExperimentCatalog catalog, Options options) {
        String exp = options.exp();
        if (exp.isEmpty()) {
            throw new UserError("no experiment given: add -Dexp=<id>, -Dexp=all, -Dexp=figures, -Dexp=predict,"
                    + " -Dexp=analyse, -Dexp=gradcheck or -Dexp=help\n"
                    + catalog.listing());
        }
        if (options.shard().count() > 1 && options.sweep().isEmpty()) {
            throw new UserError("-Dshard divides a sweep's points: give -Dsweep.<key>=... too");
        }
        if (!options.sweep().isEmpty() && options.mode() == Mode.ALL) {
            throw new UserError("a sweep is over one experiment: give -Dexp=<id>, not all");
        }
        return options.mode() == Mode.ALL
                ? catalog.all().stream().map(s -> catalog.load(s.id(), options.settings())).toList()
                : List.of(catalog.load(exp, options.settings()));
    }

    /** {@code -Dexp=figures}: every figure and the results table redrawn from the files in {@code results}. */
    private static void redrawFigures(Path results, List<ExperimentSpec> catalog, PrintStream out) {
        RunLayout.checkExistingResultsFolder(results);
        RunLayout.checkWritable(results, RunLayout.Kind.RESULTS);
        ReportFigures.checkWritable(results, catalog);
        Experiments.claimResultsFolder(results);
        ResultsReader reader = new ResultsReader(out);
        ReportFigures.redrawAll(results, catalog, reader, out);
        ModelAnalysis.redrawWeights(results, catalog, reader, out);
        SweepReport.redrawAll(results, reader, out);
        out.println("table: " + ResultsReadme.write(results, catalog, reader));
        moveEarlierEvents(results, catalog, out);
    }

    /**
     * Every run's event files without images and histograms; refused, before anything is written,
     * for a folder that is not the suite's or a run folder that cannot be written.
     */
    private static void compactEvents(Path results, List<ExperimentSpec> catalog, PrintStream out) {
        RunLayout.checkExistingResultsFolder(results);
        ReportFigures.checkWritable(results, catalog);
        eachRunsEvents(results, catalog, CompactEvents::compact, out);
    }

    /** The event files an earlier version wrote into each run's tensorboard/, moved into the run's folder. */
    private static void moveEarlierEvents(Path results, List<ExperimentSpec> catalog, PrintStream out) {
        TensorBoardLog.Description experiment = TrainingRun.experiment(catalog.get(0));
        eachRunsEvents(results, catalog, run -> EarlierEvents.moveIn(run, experiment), out);
    }

    /** What a command does to one run's event files; returns the files it wrote. */
    private interface EventsRewrite {
        List<Path> of(RunFolder run) throws IOException;
    }

    /** {@code rewrite} for every run of the results folder, each file written said. */
    private static void eachRunsEvents(Path results, List<ExperimentSpec> catalog, EventsRewrite rewrite,
            PrintStream out) {
        try {
            for (RunFolder run : ReportFigures.runFolders(results, catalog)) {
                rewrite.of(run).forEach(file -> out.println("events: " + file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
