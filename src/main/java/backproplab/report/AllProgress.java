package backproplab.report;

import backproplab.config.ExperimentSpec;
import backproplab.results.RunFolder;
import backproplab.util.Durations;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A line per experiment when several run in one command, with an overall ETA. The ETA adds up
 * the wall time each remaining experiment took last time (its summary.json in the results folder),
 * scaled to the steps asked for now; experiments never run before are counted as unknown.
 */
public final class AllProgress {

    private final List<ExperimentSpec> specs;
    private final Path results;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private int index;

    /** @param results the results folder, whose summaries of earlier runs time what is to come */
    public AllProgress(List<ExperimentSpec> specs, Path results, PrintStream out) {
        this.specs = specs;
        this.results = results;
        this.out = out;
    }

    public void starting(ExperimentSpec spec) {
        index++;
        if (specs.size() < 2) {
            return;
        }
        double known = 0;
        int unknown = 0;
        for (ExperimentSpec next : specs.subList(index - 1, specs.size())) {
            Double seconds = previousSeconds(results, next);
            if (seconds == null) {
                unknown++;
            } else {
                known += seconds;
            }
        }
        String eta = Durations.clock(known) + (unknown > 0 ? " + " + unknown + " experiment(s) never timed" : "");
        out.printf("[%d/%d] %s (%s), elapsed %s, ETA %s%n", index, specs.size(), spec.id(), spec.shown().reportLabel(),
                Durations.clock((System.nanoTime() - start) / 1e9), eta);
    }

    public void done() {
        if (specs.size() > 1) {
            out.printf("all %d experiments done in %s%n", specs.size(), Durations.clock((System.nanoTime() - start) / 1e9));
        }
    }

    private static Double previousSeconds(Path results, ExperimentSpec spec) {
        try {
            Summary summary = Summary.read(RunFolder.of(results, spec.id()));
            if (summary == null || summary.steps() == 0) {
                return null;
            }
            return summary.wallSeconds() * spec.hyper().steps() / summary.steps();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
