package backproplab.results;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * The folder of one run (an experiment's, a seed's, a section-3 batch norm's, a sweep point's) and
 * each of its files by name, as {@link RunLayout} names them: the one way code reaches a run's files.
 *
 * @param path where it is
 */
public record RunFolder(Path path) {

    /**
     * The run named {@code name} in {@code parent}: an experiment's (or a section-3 batch norm's) in a
     * results folder, by its id; a sweep point's in its sweep's folder, by its values.
     */
    public static RunFolder of(Path parent, String name) {
        return new RunFolder(parent.resolve(name));
    }

    /**
     * The folder of a sweep of experiment {@code id} over {@code keys} in {@code out}:
     * {@code <id>-sweep-<key>[-<key2>...]/}, whose points are runs ({@link #of}, by their values).
     */
    public static Path sweep(Path out, String id, Collection<String> keys) {
        return out.resolve(id + "-sweep-" + String.join("-", keys));
    }

    /** The run of seed {@code seed} of this experiment: {@code seed-<seed>/}. */
    public RunFolder seed(long seed) {
        return new RunFolder(path.resolve(RunLayout.SEED_PREFIX + seed));
    }

    /** The seeds' runs in this folder ({@link RunLayout#isSeedFolder}), in seed order; none when it has none. */
    public List<RunFolder> seeds() throws IOException {
        return RunLayout.seedFolders(path).stream().map(RunFolder::new).toList();
    }

    /** The folder's own name (the experiment's id, {@code seed-42}, a sweep point's values). */
    public String name() {
        return path.getFileName().toString();
    }

    /** The evaluations, a line each, put in place when the run ends. */
    public Path metrics() {
        return path.resolve(RunLayout.METRICS);
    }

    /** The evaluations as they are measured, until the run ends. */
    public Path metricsPartial() {
        return path.resolve(RunLayout.METRICS_PARTIAL);
    }

    public Path summary() {
        return path.resolve(RunLayout.SUMMARY);
    }

    public Path curves() {
        return path.resolve(RunLayout.CURVES);
    }

    public Path confusion() {
        return path.resolve(RunLayout.CONFUSION);
    }

    public Path predictions() {
        return path.resolve(RunLayout.PREDICTIONS);
    }

    /** What -Dexp=analyse measured of the saved model. */
    public Path analysis() {
        return path.resolve(RunLayout.ANALYSIS);
    }

    /** The layer statistics, a row per layer per recorded step. */
    public Path diagnostics() {
        return path.resolve(RunLayout.DIAGNOSTICS);
    }

    public Path diagnosticsFigure() {
        return path.resolve(RunLayout.DIAGNOSTICS_FIGURE);
    }

    /** The first layer's weights as pictures. */
    public Path weights() {
        return path.resolve(RunLayout.WEIGHTS);
    }

    /** The folder where earlier versions of the suite wrote the run's TensorBoard event files. */
    public Path earlierTensorboard() {
        return path.resolve(RunLayout.EARLIER_TENSORBOARD);
    }

    /** The trained network. */
    public Path model() {
        return path.resolve(RunLayout.MODEL);
    }

    /** {@code model} ({@link #model} or {@link #selectedModel}) being saved, written whole before it is swapped in. */
    public static Path partial(Path model) {
        return model.resolveSibling(model.getFileName() + ".partial");
    }

    /** The model a swap replaces, for the moment between its two renames. */
    public Path modelPrevious() {
        return path.resolve(RunLayout.MODEL_PREVIOUS);
    }

    /** The network at the evaluation of best validation accuracy (a run with a validation set). */
    public Path selectedModel() {
        return path.resolve(RunLayout.SELECTED_MODEL);
    }

    /** The checkpoint the run keeps while it trains. */
    public Path checkpoint() {
        return path.resolve(RunLayout.CHECKPOINT);
    }

    /** The lock file a live run holds. */
    public Path lock() {
        return path.resolve(RunLayout.LOCK);
    }

    /** A finished run's training state: beside its model, or beside the model a killed swap left. */
    public List<Path> finishedStates() {
        return List.of(model().resolve(RunLayout.TRAINING_STATE), modelPrevious().resolve(RunLayout.TRAINING_STATE));
    }

    /** Where the run can continue from, the newer first: its checkpoint, then a finished run's state. */
    public List<Path> checkpoints() {
        return List.of(checkpoint(), finishedStates().get(0), finishedStates().get(1));
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
