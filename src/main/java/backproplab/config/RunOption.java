package backproplab.config;

import java.util.List;

/**
 * A -D option of a command, declared once: what to run and how it runs and records, as opposed to
 * an experiment's {@link Setting}. Parsed by {@link Options}; listed by {@code -Dexp=help}.
 *
 * @param key the name after -D
 * @param defaultShown its default as help shows it
 * @param description what it does, in a line
 */
public record RunOption(String key, String defaultShown, String description) {

    /** Every option of a command, in the order help (and a mistyped option's error) lists them. */
    public static final List<RunOption> ALL = List.of(
            new RunOption("exp", "(required)", "an experiment's id, or all, list, figures, compact, predict,"
                    + " analyse, gradcheck or help"),
            new RunOption("bench", "off", "benchmark: 10 warm-up steps, then N timed training steps without"
                    + " evaluation, into <out>/bench/<id>.json"),
            new RunOption("benchEvals", "false", "with -Dbench=N: time a whole run, evaluations included"),
            new RunOption("seeds", "1", "run seeds seed .. seed+K-1; the chart shows their mean and range"),
            new RunOption("resume", "false", "continue from the checkpoint in the experiment's folder (or train a"
                    + " finished run on to a larger -Dsteps)"),
            new RunOption("checkpointEvery", String.valueOf(Options.DEFAULT_CHECKPOINT_EVERY),
                    "the fewest steps between two checkpoints (written at evaluations)"),
            new RunOption("stats", "true", "record the layer statistics (diagnostics.csv, diagnostics.png)"),
            new RunOption("statsEvery", "evaluations only", "also record the layer statistics every N steps"),
            new RunOption("tensorboard", "true", "write TensorBoard event files into each run's folder"),
            new RunOption("saved", "(none)", "predict and analyse: a saved model's folder, <out>/<id>/model"),
            new RunOption("image", "(none)", "predict: image files or folders, separated by commas"),
            new RunOption("top", "3", "predict: how many classes to print for each image"),
            new RunOption("shard", "0/1", "with a sweep: run only the points whose index is I modulo N (I/N)"),
            new RunOption("data", "download", "a folder of CIFAR-10's binaries, instead of DJL's download"),
            new RunOption("out", "results", "the results folder"));

    /** Every option's key. */
    public static List<String> keys() {
        return ALL.stream().map(RunOption::key).toList();
    }
}
