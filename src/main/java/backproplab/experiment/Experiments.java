package backproplab.experiment;

import backproplab.config.ExperimentSpec;
import backproplab.report.ReportFigures;
import backproplab.report.ResultsReadme;
import backproplab.results.OnInterrupt;
import backproplab.results.RunFolder;
import backproplab.util.UserError;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plans and runs one experiment: which folders it writes (decided here, once), how many seeds,
 * whether it is section 3's comparison of batch norms; then hands each run to {@link TrainingRun}.
 */
public final class Experiments {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private Experiments() {}

    /** The folder an experiment's results go to. */
    public static Path folder(ExperimentSpec spec) {
        return spec.outFolder().resolve(spec.id());
    }

    /** The folder benchmarks go to. */
    public static Path benchFolder(ExperimentSpec spec) {
        return spec.outFolder().resolve("bench");
    }

    /**
     * Trains one experiment into its folder, which the run owns: the data is checked before
     * anything is created; the folder is locked and emptied of older runs' files (kept, with
     * -Dresume=true, to continue from); the report
     * figures and table are redrawn when the run starts (the run it replaces is gone), when it
     * ends, and when it is interrupted, so that they always show the runs whose files are there.
     *
     * @param catalog every experiment, for the results table
     */
    public static List<ExperimentResult> train(ExperimentSpec spec, RunContext context, int seeds,
            List<ExperimentSpec> catalog) {
        boolean comparison = !spec.compareBatchNorms().isEmpty();
        if (comparison && seeds > 1) {
            throw new UserError(spec.id() + " compares batch norms from one seed: -Dseeds does not apply to it");
        }
        context.data(spec);
        Path folder = folder(spec);
        if (context.resume() && !comparison && seeds == 1) {
            // Nothing to resume is said before anything is made.
            TrainingRun.checkpointFolder(folder);
        }
        Path out = spec.outFolder();
        Runnable redrawReport = () -> {
            ReportFigures.write(out, catalog, QUIET);
            ResultsReadme.write(out, catalog);
        };
        List<Path> others = comparison ? BatchNormComparison.implementationFolders(spec, folder) : List.of();
        try (RunFolder claimed = RunFolder.claim(folder, others, !context.resume());
                OnInterrupt.Registration unlock = OnInterrupt.register(claimed::close)) {
            redrawReport.run();
            List<ExperimentResult> results;
            try (OnInterrupt.Registration redraw = OnInterrupt.register(redrawReport)) {
                if (comparison) {
                    results = List.of(BatchNormComparison.train(spec, folder, context));
                } else {
                    results = seeds == 1
                            ? List.of(TrainingRun.train(spec, folder, context, context.resume()))
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

    /** Benchmarks one experiment ({@code -Dbench}) into {@code <out>/bench/}, each seed in turn. */
    public static List<ExperimentResult> benchmark(ExperimentSpec spec, RunContext context, int steps, int seeds) {
        Path folder = benchFolder(spec);
        List<ExperimentResult> results = new ArrayList<>();
        for (int k = 0; k < seeds; k++) {
            ExperimentSpec one = spec.with(Map.of("seed", Long.toString(spec.seed() + k)));
            if (one.compareBatchNorms().isEmpty()) {
                results.add(TrainingRun.benchmark(one, folder, context, steps));
            } else {
                results.addAll(BatchNormComparison.benchmark(one, folder, context, steps));
            }
        }
        return results;
    }
}
