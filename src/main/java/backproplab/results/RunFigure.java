package backproplab.results;

import java.nio.file.Path;

/**
 * The figures a run's folder holds, declared here once: each one's file and its tag where
 * TensorBoard shows it as an image at the run's end (null: not shown there). What a run owns and
 * what a resumed run replaces ({@link RunLayout}), what TensorBoard shows, and what is drawn (the
 * report's {@code RunFigures}: at a run's end, when it is stopped, by -Dexp=figures and
 * -Dexp=analyse) all come from this list.
 */
public enum RunFigure {
    /** Accuracy and loss over the steps, train and test. */
    CURVES(RunLayout.CURVES, "figures/curves"),
    /** The test set's confusion matrix. */
    CONFUSION(RunLayout.CONFUSION, "figures/confusion"),
    /** Test images with the classes predicted for them. */
    PREDICTIONS(RunLayout.PREDICTIONS, "figures/predictions"),
    /** The first layer's units as pictures. */
    WEIGHTS(RunLayout.WEIGHTS, "figures/first_layer_weights"),
    /** The layer statistics over the steps. */
    DIAGNOSTICS(RunLayout.DIAGNOSTICS_FIGURE, null);

    private final String file;
    private final String tensorBoardTag;

    RunFigure(String file, String tensorBoardTag) {
        this.file = file;
        this.tensorBoardTag = tensorBoardTag;
    }

    /** The figure's file name in a run's folder. */
    public String file() {
        return file;
    }

    /** The figure's file in {@code folder}. */
    public Path in(RunFolder folder) {
        return folder.path().resolve(file);
    }

    /** Its tag in TensorBoard's images; null when TensorBoard does not show it. */
    public String tensorBoardTag() {
        return tensorBoardTag;
    }
}
