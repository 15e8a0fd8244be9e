package backproplab.experiment;

import backproplab.config.ExperimentSpec;
import backproplab.config.Folders;
import backproplab.config.Mode;
import backproplab.config.Options;
import backproplab.data.CifarData;
import backproplab.report.AllProgress;
import backproplab.report.ReportFigures;
import backproplab.report.ResultsReadme;
import backproplab.results.FolderClaim;
import backproplab.results.OnInterrupt;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.util.Fault;
import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans and runs one experiment: which folders it writes (decided here, once), how many seeds,
 * whether it is section 3's comparison of batch norms; then hands each run to {@link TrainingRun}.
 */
public final class Experiments {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private Experiments() {}

    /**
     * An experiment planned, every check made and how each of its runs starts decided; nothing
     * written yet.
     *
     * @param runs the runs it trains: one, one per seed, or one per batch norm of section 3
     * @param keepsFiles -Dresume=true: its folders keep the files of the runs they continue or keep
     * @param command the command that makes the experiment's folder again
     */
    public record Plan(ExperimentSpec spec, RunFolder folder, Shape shape, List<PlannedRun> runs, boolean keepsFiles,
            String command) {}

    /** What an experiment trains. */
    public enum Shape {
        /** One run, in the experiment's folder. */
        ONE,
        /** -Dseeds=K: a run per seed, in {@code <folder>/seed-<seed>/}, and what they measured together. */
        SEEDS,
        /** Section 3: a run per batch norm, in {@code <out>/<id>-<batch norm>/}, and their comparison. */
        BATCH_NORMS
    }

    /**
     * Every check that can refuse the training of {@code spec}, made before anything is written
     * or deleted, and the plan it passed: the results folder is the suite's (or new, or empty) and
     * nothing the run would write is a link or in the way; every seed is a valid seed; the data
     * loads and the batch and the network fit it and this machine; with -Dresume=true, what each
     * run continues from or keeps is whole and fits. The files of other experiments are not
     * checked: the report's redraw leaves out, and tells, those it cannot read.
     */
    public static Plan plan(ExperimentSpec spec, RunContext context) {
        Options options = context.options();
        // -Dresume=true: the folders keep the files of the runs they continue or keep.
        boolean keepsFiles = options.resume();
        Folders folders = context.folders();
        Shape shape = spec.hyper().comparesBatchNorms() ? Shape.BATCH_NORMS : options.seeds() > 1 ? Shape.SEEDS
                : Shape.ONE;
        if (shape == Shape.BATCH_NORMS && options.seeds() > 1) {
            throw new UserError(spec.id() + " compares batch norms from one seed: -Dseeds does not apply to it");
        }
        RunLayout.checkResultsFolder(folders.out());
        RunLayout.checkWritable(folders.out(), RunLayout.Kind.RESULTS);
        String command = options.command(spec.id());
        RunFolder folder = RunFolder.of(folders.out(), spec.id());
        List<ExperimentSpec> seeds = SeedRuns.seeds(spec, options.seeds());
        CifarData data = context.data();
        TrainingRun.checkFits(spec, data);
        RunLayout.checkWritable(folder.path(), RunLayout.Kind.RUN);
        List<PlannedRun> runs = new ArrayList<>();
        switch (shape) {
            // -Dexp=all -Dresume=true keeps what is done, continues what was stopped and starts what never began.
            case ONE -> runs.add(new PlannedRun(spec, folder, options.mode() == Mode.ALL
                    ? RunStart.of(spec, folder, context) : RunStart.ofOnly(spec, folder, context), command));
            case SEEDS -> runs.addAll(SeedRuns.plan(seeds, folder, command, context));
            case BATCH_NORMS -> {
                for (ExperimentSpec one : spec.batchNormRuns()) {
                    RunFolder own = RunFolder.of(folders.out(), one.id());
                    RunLayout.checkWritable(own.path(), RunLayout.Kind.RUN);
                    runs.add(new PlannedRun(one, own, RunStart.of(one, own, context), command));
                }
            }
        }
        return new Plan(spec, folder, shape, runs, keepsFiles, command);
    }

    /**
     * Claims a planned experiment's folder for its runs: the results folder is marked as the
     * suite's, the experiment's folder locked and emptied of older runs' files (kept, with
     * -Dresume=true, to continue from); the report figures and table are redrawn now (the run it
     * replaces is gone), when the claim is closed, and when the command is interrupted, so that
     * they always show the runs whose files are there.
     *
     * @param catalog every experiment, for the results table
     */
    public static Claimed claim(Plan plan, RunContext context, List<ExperimentSpec> catalog) {
        Path out = context.folders().out();
        Runnable redrawReport = () -> redrawReport(out, catalog, context);
        // Section 3's runs have folders of their own, beside the experiment's.
        List<Path> others = plan.shape() == Shape.BATCH_NORMS
                ? plan.runs().stream().map(run -> run.folder().path()).toList() : List.of();
        claimResultsFolder(out);
        FolderClaim folder = FolderClaim.claim(plan.folder().path(), RunLayout.Kind.RUN, others, !plan.keepsFiles());
        OnInterrupt.Registration unlock = OnInterrupt.register(folder::close);
        try {
            redrawReport.run();
        } catch (RuntimeException e) {
            unlock.close();
            folder.close();
            throw e;
        }
        return new Claimed(folder, unlock, OnInterrupt.register(redrawReport), redrawReport);
    }

    /** An experiment's folder, claimed; closing it redraws the report, then lets the folder go. */
    public record Claimed(FolderClaim folder, OnInterrupt.Registration unlock, OnInterrupt.Registration redraw,
            Runnable redrawReport) implements AutoCloseable {

        @Override
        public void close() {
            try (FolderClaim lastFolder = folder; OnInterrupt.Registration thenUnlock = unlock) {
                redraw.close();
                redrawReport.run();
            }
        }
    }

    /**
     * Trains a claimed experiment's runs one after the other ({@link TrainingRun#train}): one, one
     * per seed, whose means are written also when a seed diverges or fails or Ctrl-C stops them,
     * or section 3's, compared once all are trained.
     */
    public static List<ExperimentResult> train(Plan plan, RunContext context) {
        List<ExperimentResult> results = new ArrayList<>();
        Runnable together = plan.shape() == Shape.SEEDS ? SeedRuns.summary(plan, context) : () -> {};
        try (OnInterrupt.Registration r = OnInterrupt.register(together)) {
            for (int k = 0; k < plan.runs().size(); k++) {
                PlannedRun run = plan.runs().get(k);
                if (plan.shape() == Shape.SEEDS) {
                    context.out().printf("%s: seed %d (%d of %d)%n", plan.spec().id(), run.spec().hyper().seed(),
                            k + 1, plan.runs().size());
                }
                results.add(TrainingRun.train(run, context));
            }
        } catch (RuntimeException e) {
            // A seed that diverged or failed ends the run; what the seeds before it measured is still summed up.
            alsoRun(together, e);
            throw e;
        }
        together.run();
        return plan.shape() == Shape.BATCH_NORMS
                ? List.of(BatchNormComparison.compare(plan, results, context)) : results;
    }

    /** Marks the results folder as the suite's (creating it), once its checks passed. */
    public static void claimResultsFolder(Path out) {
        try {
            RunLayout.claimResultsFolder(out);
        } catch (IOException e) {
            throw Fault.of(out, e);
        }
    }

    /**
     * The report's figures and table, redrawn from the results folder. A file that cannot be read
     * is left out and told by the reader; a fault of the machine (a full disk) ends the command as
     * any other does, and a figure that fails otherwise is told here, not allowed to end the run.
     */
    private static void redrawReport(Path out, List<ExperimentSpec> catalog, RunContext context) {
        try {
            ReportFigures.write(out, catalog, context.resultsReader(), QUIET);
            ResultsReadme.write(out, catalog, context.resultsReader());
        } catch (RuntimeException e) {
            Fault fault = Fault.of(e);
            if (fault != null) {
                throw fault;
            }
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

    /**
     * Benchmarks each experiment ({@code -Dbench}) into {@code <out>/bench/}, each seed (and batch
     * norm) in turn, all checked before the first.
     */
    public static List<ExperimentResult> benchmark(List<ExperimentSpec> specs, RunContext context) {
        Path out = context.folders().out();
        RunLayout.checkResultsFolder(out);
        RunLayout.checkWritable(out, RunLayout.Kind.RESULTS);
        for (ExperimentSpec spec : specs) {
            SeedRuns.seeds(spec, context.options().seeds());
            TrainingRun.checkFits(spec, context.data());
        }
        claimResultsFolder(out);
        AllProgress progress = new AllProgress(specs, out, context.out());
        List<ExperimentResult> results = new ArrayList<>();
        for (ExperimentSpec spec : specs) {
            progress.starting(spec);
            results.addAll(benchmark(spec, context));
        }
        progress.done();
        return results;
    }

    private static List<ExperimentResult> benchmark(ExperimentSpec spec, RunContext context) {
        Options options = context.options();
        Path out = context.folders().out();
        List<ExperimentResult> results = new ArrayList<>();
        for (ExperimentSpec seed : SeedRuns.seeds(spec, options.seeds())) {
            List<ExperimentSpec> each = seed.hyper().comparesBatchNorms()
                    ? seed.batchNormRuns() : List.of(seed);
            for (ExperimentSpec one : each) {
                results.add(TrainingRun.benchmark(one, out.resolve(RunLayout.BENCH), context, options.bench(),
                        options.benchEvals(), options.command(spec.id())));
            }
        }
        return results;
    }
}
