package backproplab.util;

/**
 * Named moments at which a test may stop the process dead, as {@code kill -9} would (no shutdown
 * hook, nothing flushed): {@code -Dbackproplab.haltAt=<name>}. Tests use it to show that a run
 * killed at the worst moment of writing its files leaves a consistent folder.
 */
public final class HaltPoint {

    /** Between the new model written whole in model.partial/ and the swap that puts it in place. */
    public static final String MODEL_WRITTEN = "model-written";
    /** In the swap: the old model renamed to model.previous/, the new one not yet renamed to model/. */
    public static final String MODEL_SWAP = "model-swap";
    /** metrics.csv and the figures in place, summary.json not yet written. */
    public static final String BEFORE_SUMMARY = "before-summary";

    private HaltPoint() {}

    public static void reached(String name) {
        if (name.equals(System.getProperty("backproplab.haltAt"))) {
            Runtime.getRuntime().halt(137);
        }
    }
}
