package backproplab.train;

import backproplab.util.Durations;
import java.io.PrintStream;

/**
 * A one-line progress bar (step, loss, ms/step, ETA) redrawn in place on a terminal, with a line
 * for each evaluation above it. Where output goes to a file or CI log it draws no bar, and only
 * the evaluation lines appear.
 */
public final class ProgressBar {

    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final String label;
    private final int total;
    private final PrintStream out;
    private final boolean interactive;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;
    private int firstStep = -1;

    public ProgressBar(String label, int total, PrintStream out, boolean interactive) {
        this.label = label;
        this.total = total;
        this.out = out;
        this.interactive = interactive;
    }

    /** A bar for the console when there is one, silent otherwise. */
    public static ProgressBar forConsole(String label, int total, PrintStream out) {
        return new ProgressBar(label, total, out, System.console() != null);
    }

    public void onStep(int step, BatchScore score, StepTimes times) {
        update(step, score.loss());
    }

    public void onEvaluation(EvalPoint p, StepLoop loop) {
        println(String.format(
                "step %5d/%d  train loss %.4f acc %.4f |%s test loss %.4f acc %.4f | %.1f ms/step | %.0f MB",
                p.step(), total, p.trainLoss(), p.trainAccuracy(), p.validation() == null ? ""
                        : String.format(" val loss %.4f acc %.4f |", p.validationLoss(), p.validationAccuracy()),
                p.testLoss(), p.testAccuracy(), loop.msPerStep(), p.residentMb()));
    }

    void update(int step, double loss) {
        long now = System.nanoTime();
        if (!interactive || (now - lastDraw < REDRAW_NANOS && step != total)) {
            return;
        }
        lastDraw = now;
        if (firstStep < 0) {
            // A resumed run starts part-way: its rate counts the steps made here.
            firstStep = step - 1;
        }
        double elapsed = (now - start) / 1e9;
        double eta = elapsed / (step - firstStep) * (total - step);
        int filled = (int) ((long) WIDTH * step / total);
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" : "") + " ".repeat(Math.max(0, WIDTH - filled - 1));
        out.printf("\r%s [%s] %d/%d loss %.4f %.1f ms/step ETA %s ",
                label, bar, step, total, loss, elapsed * 1000 / (step - firstStep), Durations.clock(eta));
        out.flush();
        drawn = true;
    }

    /** Prints a line above the bar. */
    public void println(String line) {
        if (drawn) {
            out.print("\r\033[K");
            drawn = false;
        }
        out.println(line);
        out.flush();
    }

    public void finish() {
        if (drawn) {
            out.print("\r\033[K");
            out.flush();
            drawn = false;
        }
    }
}
