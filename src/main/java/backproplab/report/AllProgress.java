package backproplab.report;

import backproplab.config.ExperimentSpec;
import backproplab.util.Durations;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * A line per experiment when several run in one command, with an overall ETA. The ETA adds up
 * the wall time each remaining experiment took last time (its summary.json in the results folder),
 * scaled to the steps asked for now; experiments never run before are counted as unknown.
 */
public final class AllProgress {

    private final List<ExperimentSpec> specs;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private int index;

    public AllProgress(List<ExperimentSpec> specs, PrintStream out) {
        this.specs = specs;
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
            Double seconds = previousSeconds(next);
            if (seconds == null) {
                unknown++;
            } else {
                known += seconds;
            }
        }
        String eta = Durations.clock(known) + (unknown > 0 ? " + " + unknown + " experiment(s) never timed" : "");
        out.printf("[%d/%d] %s (%s), elapsed %s, ETA %s%n", index, specs.size(), spec.id(), spec.reportLabel(),
                Durations.clock((System.nanoTime() - start) / 1e9), eta);
    }

    public void done() {
        if (specs.size() > 1) {
            out.printf("all %d experiments done in %s%n", specs.size(), Durations.clock((System.nanoTime() - start) / 1e9));
        }
    }

    private static Double previousSeconds(ExperimentSpec spec) {
        try {
            Summary summary = Summary.read(spec.outFolder().resolve(spec.id()));
            if (summary == null || summary.wallSeconds() == null || summary.steps() == null) {
                return null;
            }
            return summary.wallSeconds() * spec.steps() / summary.steps();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
