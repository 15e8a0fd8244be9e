package backproplab.config;

import java.util.Arrays;

/** What {@code -Dexp} asks for: one experiment by its id, all of them, or one of the commands beside them. */
public enum Mode {
    EXPERIMENT("", "<id>", "train one experiment, experiments/<id>.properties, into <out>/<id>/", ""),
    ALL("all", "all", "train every experiment, in report order", ""),
    LIST("list", "list", "list the experiments", ""),
    FIGURES("figures", "figures", "redraw every figure and <out>/README.md from the files of the results folder",
            "Each run's weights.png too, from its `model/` where that is there. A file it cannot read is left out"
            + " with a warning; a read-only folder it would write into refuses it before it writes anything."),
    COMPACT("compact", "compact", "every run's event files without their images and histograms, for a results"
            + " folder kept in git", "The PNG files and diagnostics.csv keep them; see [TensorBoard]"
            + "(tensorboard.md#compact-event-files-for-git)."),
    PREDICT("predict", "predict -Dsaved=DIR -Dimage=A,B,...", "classify images (files or folders) with a saved"
            + " model, -Dtop classes each", "See [Train, continue, predict, analyse](train-resume-predict.md)."),
    ANALYSE("analyse", "analyse -Dsaved=DIR", "a saved model's per-class analysis of the test set, without training",
            "It writes confusion.png, predictions.png, weights.png and analysis.json beside its model folder;"
            + " `-Ddata` for the test set."),
    GRADCHECK("gradcheck", "gradcheck", "check every hand-written backward against finite differences and DJL"
            + " autograd; exit status 1 when one is wrong", "See [Check the gradients](gradcheck.md)."),
    HELP("help", "help", "every option, its default and what it does", "`-Dformat=markdown` prints this page.");

    private final String key;
    private final String usage;
    private final String description;
    private final String details;

    /**
     * @param key the value of -Dexp that asks for it (none for an experiment's id)
     * @param usage how -Dexp is given for it, with the options it needs
     * @param description what it does, in a line (help prints it)
     * @param details what docs/options.md adds after the description, in Markdown; empty for nothing
     */
    Mode(String key, String usage, String description, String details) {
        this.key = key;
        this.usage = usage;
        this.description = description;
        this.details = details;
    }

    /** How -Dexp is given for it, e.g. {@code predict -Dsaved=DIR -Dimage=A,B,...}. */
    public String usage() {
        return usage;
    }

    /** What it does, in a line. */
    public String description() {
        return description;
    }

    /** What docs/options.md says of it beyond its description. */
    public String details() {
        return details;
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
