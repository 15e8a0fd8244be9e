package backproplab.util;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Named moments of a run at which a test may stop the process dead, as {@code kill -9} would (no
 * shutdown hook, nothing flushed), with {@code -Dbackproplab.haltAt=<name>}; or hold it there,
 * with {@code -Dbackproplab.holdAt=<name> -Dbackproplab.holdFile=<file>}, for as long as that file
 * exists (the process prints {@code held at <name>} first), so that a test can fill the disk or
 * send a signal at that very moment. Tests use them to show that a run stopped at the worst moment
 * of writing its files leaves a consistent folder.
 */
public final class HaltPoint {

    /** Before the metrics file of a run is opened: its first write. */
    public static final String TRAINING = "training";
    /** All steps made, before the run's final saves. */
    public static final String FINAL_SAVES = "final-saves";
    /** Between the new model written whole in model.partial/ and the swap that puts it in place. */
    public static final String MODEL_WRITTEN = "model-written";
    /** In the swap: the old model renamed to model.previous/, the new one not yet renamed to model/. */
    public static final String MODEL_SWAP = "model-swap";
    /** metrics.csv in place, the figures drawn from it not yet. */
    public static final String FIGURES = "figures";
    /** The run's files in place, the end of its TensorBoard session not yet written. */
    public static final String TENSORBOARD_END = "tensorboard-end";
    /** metrics.csv and the figures in place, summary.json not yet written. */
    public static final String BEFORE_SUMMARY = "before-summary";

    private HaltPoint() {}

    public static void reached(String name) {
        if (name.equals(System.getProperty("backproplab.haltAt"))) {
            Runtime.getRuntime().halt(137);
        }
        if (name.equals(System.getProperty("backproplab.holdAt"))) {
            hold(name, Path.of(System.getProperty("backproplab.holdFile")));
        }
    }

    private static void hold(String name, Path file) {
        System.err.println("held at " + name);
        System.err.flush();
        try {
            while (Files.exists(file)) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
