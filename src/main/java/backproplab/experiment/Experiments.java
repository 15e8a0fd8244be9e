package backproplab.experiment;

import backproplab.config.ExperimentSpec;
import backproplab.data.CifarData;
import backproplab.report.ReportFigures;
import backproplab.report.ResultsReadme;
import backproplab.results.OnInterrupt;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Plans and runs one experiment: which folders it writes (decided here, once), how many seeds,
 * whether it is section 3's comparison of batch norms; then hands each run to {@link TrainingRun}.
 */
public final class Experiments {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private Experiments() {}

    /** The folder an experiment's results go to. */
    public static Path folder(ExperimentSpec spec) {
        return RunLayout.runFolder(spec.outFolder(), spec.id());
    }

    /** The folder benchmarks go to. */
    public static Path benchFolder(ExperimentSpec spec) {
        return spec.outFolder().resolve(RunLayout.BENCH);
    }

    /**
     * Every check that can refuse the training of {@code spec}, made before anything is written
     * or deleted: the results folder is the suite's (or new, or empty) and nothing the run would
     * write is a link or in the way; every seed is a valid seed; the data loads and the batch and
     * the network fit it and this machine; with -Dresume=true, what each run continues from or
     * keeps is whole and fits; what the report's redraw reads of other experiments is readable.
     *
     * @param rerun the ids of every experiment this command trains (their older files go unread)
     */
    public static void check(ExperimentSpec spec, RunContext context, int seeds, List<ExperimentSpec> catalog,
            Set<String> rerun) {
        boolean comparison = !spec.compareBatchNorms().isEmpty();
        if (comparison && seeds > 1) {
            throw new UserError(spec.id() + " compares batch norms from one seed: -Dseeds does not apply to it");
        }
        Path out = spec.outFolder();
        RunLayout.checkResultsFolder(out);
        RunLayout.checkWritable(out, RunLayout.Kind.RESULTS);
        List<ExperimentSpec> seedSpecs = SeedRuns.seedSpecs(spec, seeds);
        CifarData data = context.data(spec);
        TrainingRun.checkFits(spec, data);
        Path folder = folder(spec);
        List<Path> others = comparison ? BatchNormComparison.implementationFolders(spec, folder) : List.of();
        RunLayout.checkWritable(folder, RunLayout.Kind.RUN);
        for (Path other : others) {
            RunLayout.checkWritable(other, RunLayout.Kind.RUN);
        }
        if (context.resume()) {
            if (comparison) {
                for (String kind : spec.compareBatchNorms()) {
                    TrainingRun.checkedPartStart(BatchNormComparison.implementation(spec, kind),
                            BatchNormComparison.implementationFolder(folder, spec, kind), data);
                }
            } else if (seeds == 1) {
                TrainingRun.resumesFromCheckpoint(spec, folder, data);
            } else {
                SeedRuns.checkResume(seedSpecs, folder, data);
            }
        }
        ReportFigures.checkReadable(out, catalog, context.resume() ? Set.of() : rerun);
    }

    /**
     * Trains one experiment into its folder, which the run owns (call {@link #check} first): the
     * results folder is marked as the suite's, the experiment's folder locked and emptied of older
     * runs' files (kept, with -Dresume=true, to continue from); the report figures and table are
     * redrawn when the run starts (the run it replaces is gone), when it ends, and when it is
     * interrupted, so that they always show the runs whose files are there.
     *
     * @param catalog every experiment, for the results table
     */
    public static List<ExperimentResult> train(ExperimentSpec spec, RunContext context, int seeds,
            List<ExperimentSpec> catalog) {
        boolean comparison = !spec.compareBatchNorms().isEmpty();
        Path folder = folder(spec);
        Path out = spec.outFolder();
        Runnable redrawReport = () -> redrawReport(out, catalog, context);
        List<Path> others = comparison ? BatchNormComparison.implementationFolders(spec, folder) : List.of();
        claimResultsFolder(out);
        try (RunFolder claimed = RunFolder.claim(folder, RunLayout.Kind.RUN, others, !context.resume());
                OnInterrupt.Registration unlock = OnInterrupt.register(claimed::close)) {
            redrawReport.run();
            List<ExperimentResult> results;
            try (OnInterrupt.Registration redraw = OnInterrupt.register(redrawReport)) {
                if (comparison) {
                    results = List.of(BatchNormComparison.train(spec, folder, context));
                } else {
                    results = seeds == 1
                            ? List.of(TrainingRun.train(spec, folder, context, context.resume()
                                    && TrainingRun.resumesFromCheckpoint(spec, folder, context.data(spec))))
                            : SeedRuns.train(spec, folder, context, seeds);
                }
            } catch (RuntimeException e) {
                alsoRun(redrawReport, e);
                throw e;
            }
            redrawReport.run();
            return results;
        }
    }

    /** Marks the results folder as the suite's (creating it), once its checks passed. */
    public static void claimResultsFolder(Path out) {
        try {
            RunLayout.claimResultsFolder(out);
        } catch (IOException e) {
            throw new UserError("cannot write results to " + UserPath.shown(out) + " (" + e.getMessage()
                    + "): choose another folder with -Dout=DIR", e);
        }
    }

    /**
     * The report's figures and table, redrawn from the results folder; a file of another
     * experiment damaged since the run's checks is told, not allowed to end the run.
     */
    private static void redrawReport(Path out, List<ExperimentSpec> catalog, RunContext context) {
        try {
            ReportFigures.write(out, catalog, QUIET);
            ResultsReadme.write(out, catalog);
        } catch (RuntimeException e) {
            context.out().println("warning: the results table and figures in " + UserPath.shown(out)
                    + " are not redrawn now (" + UserError.firstLine(e.getMessage()) + "); -Dexp=figures redraws them");
        }
    }

    /**
     * Runs {@code action} on the way out of a run that {@code failure} ended (its files are still
     * summed up and drawn); should it fail too, {@code failure} stays what the user is told.
     */
    static void alsoRun(Runnable action, RuntimeException failure) {
        try {
            action.run();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** What can refuse a benchmark of {@code spec}, checked before anything is written. */
    public static void checkBenchmark(ExperimentSpec spec, RunContext context, int seeds) {
        Path out = spec.outFolder();
        RunLayout.checkResultsFolder(out);
        RunLayout.checkWritable(out, RunLayout.Kind.RESULTS);
        SeedRuns.seedSpecs(spec, seeds);
        TrainingRun.checkFits(spec, context.data(spec));
    }

    /** Benchmarks one experiment ({@code -Dbench}) into {@code <out>/bench/}, each seed in turn. */
    public static List<ExperimentResult> benchmark(ExperimentSpec spec, RunContext context, int steps, int seeds) {
        Path folder = benchFolder(spec);
        claimResultsFolder(spec.outFolder());
        List<ExperimentResult> results = new ArrayList<>();
        for (ExperimentSpec one : SeedRuns.seedSpecs(spec, seeds)) {
            if (one.compareBatchNorms().isEmpty()) {
                results.add(TrainingRun.benchmark(one, folder, context, steps));
            } else {
                results.addAll(BatchNormComparison.benchmark(one, folder, context, steps));
            }
        }
        return results;
    }
}
