package backproplab.config;

import java.util.List;

/**
 * A -D option of a command, declared once: what to run and how it runs and records, as opposed to
 * an experiment's {@link Setting}. Parsed by {@link Options}; listed by {@code -Dexp=help} and on
 * docs/options.md.
 *
 * @param key the name after -D
 * @param defaultShown its default as help shows it
 * @param description what it does, in a line (help prints it)
 * @param details what docs/options.md adds after the description, in Markdown; empty for nothing
 */
public record RunOption(String key, String defaultShown, String description, String details) {

    /** Every option of a command, in the order help (and a mistyped option's error) lists them. */
    public static final List<RunOption> ALL = List.of(
            new RunOption("exp", "(required)", "an experiment's id, or all, list, figures, compact, predict,"
                    + " analyse, gradcheck or help", "The commands are in the first table."),
            new RunOption("bench", "off", "benchmark: 10 warm-up steps, then N timed training steps without"
                    + " evaluation, into <out>/bench/<id>.json", "It prints the ms/step (forward, backward, update)"
                    + " and images/s; the json has the ms/step of every 100-step interval, whole and phase by phase,"
                    + " and for an MLP the step's matrix products timed alone after the steps (`matrixProducts`:"
                    + " each layer's forward, weight-gradient and input-gradient product on arrays of the step's"
                    + " shapes, their GFLOP and rate), the floor under the step on this machine; for the ConvNet its"
                    + " convolutions, forward and backward, timed alike (`convolutions`). See [Speed](speed.md)."),
            new RunOption("benchEvals", "false", "with -Dbench=N: time a whole run, evaluations included",
                    "From step 1, with no warm-up, the same numbers as training it; the json adds every evaluation"
                    + " and the wall time."),
            new RunOption("seeds", "1", "run seeds seed .. seed+K-1; the chart shows their mean and range",
                    "Each seed's run is in `seed-<n>/`, the summary gives their mean and standard deviation."),
            new RunOption("resume", "false", "continue from the checkpoint in the experiment's folder (or train a"
                    + " finished run on to a larger -Dsteps)", "See [Train, continue, predict,"
                    + " analyse](train-resume-predict.md)."),
            new RunOption("checkpointEvery", String.valueOf(Options.DEFAULT_CHECKPOINT_EVERY),
                    "the fewest steps between two checkpoints (written at evaluations)", ""),
            new RunOption("stats", "true", "record the layer statistics (diagnostics.csv, diagnostics.png)",
                    "See [Inside the layers](inside-the-layers.md)."),
            new RunOption("statsEvery", "evaluations only", "also record the layer statistics every N steps", ""),
            new RunOption("tensorboard", "true", "write TensorBoard event files into each run's folder",
                    "See [TensorBoard](tensorboard.md)."),
            new RunOption("saved", "(none)", "predict and analyse: a saved model's folder, <out>/<id>/model", ""),
            new RunOption("image", "(none)", "predict: image files or folders, separated by commas", ""),
            new RunOption("top", "3", "predict: how many classes to print for each image", ""),
            new RunOption("shard", "0/1", "with a sweep: run only the points whose index is I modulo N (I/N)",
                    "A cluster's job array gives each task one shard; see [Sweeps](sweeps.md)."),
            new RunOption("data", "download", "a folder of CIFAR-10's binaries, instead of DJL's download",
                    "CIFAR-10's own layout (`data_batch_1.bin` .. `data_batch_5.bin` and `test_batch.bin`, as"
                    + " `cifar-10-binary.tar.gz` unpacks) or DJL's (`data_batch.bin` and `test_batch.bin`)."),
            new RunOption("out", "results", "the results folder", "See [What a run writes](run-folder.md)."),
            new RunOption("format", "text", "help: text, or markdown (docs/options.md)", ""));

    /** Every option's key. */
    public static List<String> keys() {
        return ALL.stream().map(RunOption::key).toList();
    }
}
