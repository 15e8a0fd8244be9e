package backproplab.tensorboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tags of a run's events. TensorBoard groups tags by what comes before their first '/', sorts
 * the groups by name (capitals before small letters) and opens the first two: the training
 * metrics come first as PyTorch's tutorial names them ({@code Loss/train}, {@code Accuracy/test}),
 * everything else under groups in small letters, the layer statistics in one group of their own.
 */
final class Tags {

    private Tags() {}

    /** The loss and accuracy of each training step's batch. */
    static final String TRAIN_LOSS = "Loss/train";
    static final String TRAIN_ACCURACY = "Accuracy/train";
    // At each evaluation.
    static final String TEST_LOSS = "Loss/test";
    static final String TEST_ACCURACY = "Accuracy/test";
    static final String TEST_BEST_ACCURACY = "Accuracy/test_best";
    /** The test accuracy at the evaluation of best validation accuracy so far. */
    static final String TEST_SELECTED_ACCURACY = "Accuracy/test_selected";
    static final String VALIDATION_LOSS = "Loss/validation";
    static final String VALIDATION_ACCURACY = "Accuracy/validation";
    static final String LEARNING_RATE = "optimizer/learning_rate";
    static final String MS_PER_STEP = "system/ms_per_step";
    static final String ELAPSED_SECONDS = "system/elapsed_s";
    static final String RESIDENT_MB = "system/resident_mb";

    /** The statistics of a weight's layer, then those of an activation's, each {@code layers/<statistic>/<layer>}. */
    static final List<String> WEIGHT_STATISTICS =
            List.of("weight_norm", "weight_std", "gradient_norm", "gradient_std", "update_ratio");
    static final List<String> ACTIVATION_STATISTICS =
            List.of("activation_mean", "activation_std", "zero_fraction", "dead_fraction");

    static String layer(String statistic, String layer) {
        return "layers/" + statistic + "/" + layer;
    }

    /** The histograms of a layer's weight and of its gradient. */
    static String weightHistogram(String layer) {
        return "weights/" + layer;
    }

    static String gradientHistogram(String layer) {
        return "gradients/" + layer;
    }

    /**
     * The tags earlier versions of the suite wrote, by the tag each is now. Their {@code
     * train/loss} and {@code train/accuracy} were the means over the steps since the previous
     * evaluation, written at each evaluation; they become the series of {@link #TRAIN_LOSS} and
     * {@link #TRAIN_ACCURACY} of those runs.
     */
    private static final Map<String, String> EARLIER;

    static {
        Map<String, String> earlier = new LinkedHashMap<>();
        earlier.put("train/loss", TRAIN_LOSS);
        earlier.put("train/accuracy", TRAIN_ACCURACY);
        earlier.put("test/loss", TEST_LOSS);
        earlier.put("test/accuracy", TEST_ACCURACY);
        earlier.put("test/best_accuracy", TEST_BEST_ACCURACY);
        earlier.put("test/selected_accuracy", TEST_SELECTED_ACCURACY);
        earlier.put("validation/loss", VALIDATION_LOSS);
        earlier.put("validation/accuracy", VALIDATION_ACCURACY);
        earlier.put("train/learning_rate", LEARNING_RATE);
        earlier.put("time/ms_per_step", MS_PER_STEP);
        earlier.put("time/elapsed_s", ELAPSED_SECONDS);
        earlier.put("memory/resident_mb", RESIDENT_MB);
        EARLIER = Map.copyOf(earlier);
    }

    /** The tag an earlier version's {@code tag} is now ({@code update_ratio/linear1}: {@code layers/update_ratio/linear1}). */
    static String current(String tag) {
        String renamed = EARLIER.get(tag);
        if (renamed != null) {
            return renamed;
        }
        int slash = tag.indexOf('/');
        String group = slash < 0 ? tag : tag.substring(0, slash);
        if (WEIGHT_STATISTICS.contains(group) || ACTIVATION_STATISTICS.contains(group)) {
            return layer(group, tag.substring(slash + 1));
        }
        return tag;
    }
}
