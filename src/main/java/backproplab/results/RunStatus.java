package backproplab.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How a run ended, as its summary records it and its charts say it: finished, diverged (the loss
 * stopped being finite) or interrupted (Ctrl-C) after {@code stepsDone} of {@code steps} steps.
 */
public record RunStatus(boolean diverged, boolean interrupted, int stepsDone, int steps) {

    public static RunStatus finished(int steps) {
        return new RunStatus(false, false, steps, steps);
    }

    /**
     * The status a folder's summary.json records; a folder without one counts as finished (its
     * metrics alone are drawn as they are).
     */
    public static RunStatus of(Path folder) throws IOException {
        Path file = folder.resolve("summary.json");
        if (!Files.exists(file)) {
            return finished(0);
        }
        Map<?, ?> summary = Json.gson().fromJson(Files.readString(file), Map.class);
        int steps = summary.get("steps") instanceof Number n ? n.intValue() : 0;
        int done = summary.get("stepsDone") instanceof Number n ? n.intValue() : steps;
        return new RunStatus(Boolean.TRUE.equals(summary.get("diverged")), Boolean.TRUE.equals(summary.get("interrupted")),
                done, steps);
    }

    public boolean ended() {
        return !diverged && !interrupted;
    }

    /** "" for a run that ended normally, else what a chart title adds, e.g. ": diverged at step 12". */
    public String titleSuffix() {
        if (diverged) {
            return ": diverged at step " + stepsDone;
        }
        return interrupted ? ": interrupted at step " + stepsDone + " of " + steps : "";
    }

    /** What a legend or panel title adds for this run, e.g. " (interrupted at step 120 of 1500)". */
    public String note() {
        return ended() ? "" : " (" + titleSuffix().substring(2) + ")";
    }
}
