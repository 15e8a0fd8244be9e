package backproplab.results;

/**
 * How a run ended, as its summary records it and its charts say it: finished, diverged (the loss
 * stopped being finite) or interrupted (Ctrl-C) after {@code stepsDone} of {@code steps} steps;
 * a run that stopped early (its validation accuracy no longer improving) finished.
 */
public record RunStatus(boolean diverged, boolean interrupted, int stepsDone, int steps, boolean stoppedEarly) {

    /** A run that did not stop early. */
    public RunStatus(boolean diverged, boolean interrupted, int stepsDone, int steps) {
        this(diverged, interrupted, stepsDone, steps, false);
    }

    public static RunStatus finished(int steps) {
        return new RunStatus(false, false, steps, steps);
    }

    public boolean ended() {
        return !diverged && !interrupted;
    }

    /** "" for a run that ended normally, else what a chart title adds, e.g. ": diverged at step 12". */
    public String titleSuffix() {
        if (diverged) {
            return ": diverged at step " + stepsDone;
        }
        if (interrupted) {
            return ": interrupted at step " + stepsDone + " of " + steps;
        }
        return stoppedEarly ? ": stopped early at step " + stepsDone + " of " + steps : "";
    }

    /** What a legend or panel title adds for this run, e.g. " (interrupted at step 120 of 1500)". */
    public String note() {
        return titleSuffix().isEmpty() ? "" : " (" + titleSuffix().substring(2) + ")";
    }
}
