package backproplab.experiment;

import backproplab.config.ExperimentSpec;
import backproplab.data.CifarData;
import backproplab.report.SeedSummary;
import backproplab.results.OnInterrupt;
import backproplab.results.RunLayout;
import backproplab.util.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code -Dseeds=K}: an experiment trained with seeds seed .. seed+K-1, each into
 * {@code <folder>/seed-<seed>/}; the folder itself gets what they measured together
 * ({@link SeedSummary}), also when a seed diverges or the run is interrupted.
 */
final class SeedRuns {

    private SeedRuns() {}

    static List<ExperimentResult> train(ExperimentSpec spec, Path folder, RunContext context, int seeds) {
        String command = context.command(spec.id(), " -Dseeds=" + seeds);
        Runnable summarize = () -> {
            try {
                SeedSummary.write(spec, folder, command, seeds, context.out());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        List<ExperimentResult> results = new ArrayList<>();
        try (OnInterrupt.Registration r = OnInterrupt.register(summarize)) {
            // With -Dresume=true: the seeds done are kept, the interrupted one continues, the rest begin.
            List<ExperimentSpec> each = seedSpecs(spec, seeds);
            for (int k = 0; k < seeds; k++) {
                ExperimentSpec one = each.get(k);
                context.out().printf("%s: seed %d (%d of %d)%n", spec.id(), one.seed(), k + 1, seeds);
                results.add(TrainingRun.trainPart(one, seedFolder(folder, one), context));
            }
        } catch (IOException | RuntimeException e) {
            // A seed that diverged or failed ends the run; what the seeds before it measured is still summed up.
            RuntimeException thrown = e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            Experiments.alsoRun(summarize, thrown);
            throw thrown;
        }
        summarize.run();
        return results;
    }

    /**
     * Checks, with -Dresume=true and before anything is written, how each seed of an
     * experiment's folder (or the folder itself, for one seed) starts ({@link TrainingRun#partStart}).
     */
    static void checkResume(List<ExperimentSpec> seeds, Path folder, CifarData data) {
        for (ExperimentSpec seed : seeds) {
            TrainingRun.checkedPartStart(seed, seeds.size() == 1 ? folder : seedFolder(folder, seed), data);
        }
    }

    static Path seedFolder(Path folder, ExperimentSpec seed) {
        return RunLayout.seedFolder(folder, seed.seed());
    }

    /**
     * The spec of each seed, seed .. seed+seeds-1, every one checked.
     *
     * @throws UserError when the last ones go past the largest seed
     */
    static List<ExperimentSpec> seedSpecs(ExperimentSpec spec, int seeds) {
        long last = spec.seed() + seeds - 1;
        if (last > Integer.MAX_VALUE) {
            throw new UserError("bad value seeds=" + seeds + ": from seed=" + spec.seed() + " the seeds go up to " + last
                    + ", past the largest seed " + Integer.MAX_VALUE + "; give a smaller -Dseed or -Dseeds");
        }
        List<ExperimentSpec> each = new ArrayList<>();
        for (int k = 0; k < seeds; k++) {
            each.add(seeds == 1 ? spec : spec.with(Map.of("seed", Long.toString(spec.seed() + k))));
        }
        return each;
    }
}
