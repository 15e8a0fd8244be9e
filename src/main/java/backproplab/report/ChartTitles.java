package backproplab.report;

import backproplab.config.ExperimentSpec;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.results.RunStatus;

/** The titles of an experiment's charts, the same whether a run draws them or -Dexp=figures redraws them. */
public final class ChartTitles {

    private ChartTitles() {}

    /** "mlp-djl (section 2, Fig. 1b 2b)": a run's curves.png, before its status. */
    public static String run(String id, ExperimentSpec spec) {
        return id + " (" + spec.shown().reportLabel() + ")";
    }

    /**
     * The title of the figures in {@code folder}, over {@code seeds} runs, with how it ended: one
     * seed of several (a {@code seed-<n>} folder) says its seed, so that the seeds' figures are
     * told apart; an experiment's mean over its seeds says how many; a sweep's point says its
     * values (the report's figure it is not).
     */
    public static String curves(String id, ExperimentSpec spec, RunFolder folder, int seeds, RunStatus status) {
        String name = folder.name();
        String seed = RunLayout.isSeedFolder(name) ? ", seed " + name.substring(RunLayout.SEED_PREFIX.length()) : "";
        String run = RunLayout.isSweepPoint(name) ? sweepPoint(id, name) : run(id, spec);
        return run + seed + (seeds > 1 ? ", " + seeds + " seeds" : "") + status.titleSuffix();
    }

    /**
     * "mlp-djl, learningRate=5e-4 (a sweep's point)": a point's folder is named by its values
     * (its run's id, "mlp-djl,learningRate=5e-4", holds them too).
     */
    private static String sweepPoint(String id, String point) {
        return id.split(",", 2)[0] + ", " + point.replace(",", ", ") + " (a sweep's point)";
    }

    /** Section 3's comparison of batch norms. */
    public static String batchNormComparison(ExperimentSpec spec) {
        return run(spec.id(), spec) + ": test accuracy per batch norm";
    }
}
