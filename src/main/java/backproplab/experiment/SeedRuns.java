package backproplab.experiment;

import backproplab.config.ExperimentSpec;
import backproplab.report.SeedMeans;
import backproplab.results.RunFolder;
import backproplab.util.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -Dseeds=K}: an experiment trained with seeds seed .. seed+K-1, each into
 * {@code <folder>/seed-<seed>/}; the folder itself gets what they measured together
 * ({@link SeedMeans}), also when a seed diverges or the run is interrupted.
 */
final class SeedRuns {

    private SeedRuns() {}

    /**
     * The experiment from each of its seeds, seed .. seed+seeds-1.
     *
     * @throws UserError when the last ones go past the largest seed
     */
    static List<ExperimentSpec> seeds(ExperimentSpec spec, int seeds) {
        long first = spec.hyper().seed();
        long last = first + seeds - 1;
        if (last > Integer.MAX_VALUE) {
            throw new UserError("bad value seeds=" + seeds + ": from seed=" + first + " the seeds go up to " + last
                    + ", past the largest seed " + Integer.MAX_VALUE + "; give a smaller -Dseed or -Dseeds");
        }
        List<ExperimentSpec> each = new ArrayList<>();
        for (int k = 0; k < seeds; k++) {
            each.add(spec.withSeed(first + k));
        }
        return each;
    }

    /**
     * Each seed's run in {@code folder}; with -Dresume=true, how each starts is decided here, before
     * anything is written: the seeds done are kept, the interrupted one continues, the rest begin.
     */
    static List<PlannedRun> plan(List<ExperimentSpec> seeds, RunFolder folder, String command, RunContext context) {
        List<PlannedRun> runs = new ArrayList<>();
        for (ExperimentSpec seed : seeds) {
            RunFolder own = folder.seed(seed.hyper().seed());
            runs.add(new PlannedRun(seed, own, RunStart.of(seed, own, context), command));
        }
        return runs;
    }

    /** Writes what the seeds' runs of {@code plan} measured together, in its folder ({@link SeedMeans}). */
    static Runnable summary(Experiments.Plan plan, RunContext context) {
        return () -> {
            try {
                SeedMeans.write(plan.spec(), context.options().recorded(plan.spec()), plan.folder(), plan.command(),
                        plan.runs().size(), context.out());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
