package backproplab.config;

import java.util.Arrays;

/** What {@code -Dexp} asks for: one experiment by its id, all of them, or one of the commands beside them. */
public enum Mode {
    /** One experiment, {@code -Dexp=<id>}. */
    EXPERIMENT(""),
    /** Every experiment, in report order. */
    ALL("all"),
    /** The experiments, listed. */
    LIST("list"),
    /** Every figure and the results table, redrawn from the files of the results folder. */
    FIGURES("figures"),
    /** Every run's event files without their images and histograms, for a results folder kept in git. */
    COMPACT("compact"),
    /** Images classified by a saved model. */
    PREDICT("predict"),
    /** A saved model's per-class analysis of the test set. */
    ANALYSE("analyse"),
    /** Every hand-written backward checked against finite differences and autograd. */
    GRADCHECK("gradcheck"),
    /** Every option, its default and what it does. */
    HELP("help");

    private final String key;

    Mode(String key) {
        this.key = key;
    }

    /** The mode {@code -Dexp=<exp>} asks for: a name of one, else an experiment's id. */
    public static Mode of(String exp) {
        return Arrays.stream(values()).filter(mode -> mode != EXPERIMENT && mode.key.equals(exp)).findFirst()
                .orElse(EXPERIMENT);
    }

    /** Whether the mode reads a saved model, the folder {@code -Dsaved} names. */
    public boolean readsSavedModel() {
        return this == PREDICT || this == ANALYSE;
    }
}
