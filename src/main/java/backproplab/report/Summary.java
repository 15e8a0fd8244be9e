package backproplab.report;

import backproplab.data.CifarData;
import backproplab.results.Json;
import backproplab.results.RunFolder;
import backproplab.results.RunStatus;
import backproplab.train.Confusion;
import backproplab.util.UserError;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * summary.json, written and read with Gson: what a training run measured ({@link RunSummary}), the
 * mean over an experiment's seeds ({@link SeedsSummary}), or section 3's comparison of batch norms
 * ({@link ComparisonSummary}). What every kind has is here; a reader that needs one kind's own
 * parts reads that kind.
 */
public sealed interface Summary permits RunSummary, SeedsSummary, ComparisonSummary {

    /** Where a run ran. */
    record Environment(
            String data, String djlVersion, String engine, String java, String os, int cpus, String finishedAt) {}

    String id();

    String title();

    String figure();

    String reportAccuracy();

    double finalTestAccuracy();

    double bestTestAccuracy();

    /** The test accuracy at the evaluation a validation set selects (its best accuracy); null without one. */
    default Double selectedTestAccuracy() {
        return null;
    }

    /** Mean wall time of a training step, evaluations excluded (NaN when interrupted). */
    double msPerStep();

    double wallSeconds();

    int steps();

    /** Steps made: fewer than {@code steps} when diverged or interrupted. */
    int stepsDone();

    boolean diverged();

    boolean interrupted();

    long seed();

    /** The command that makes this folder's files again. */
    String command();

    /** Each class's test accuracy at the final evaluation, by class name (null: not kept). */
    Map<String, Double> perClassAccuracy();

    /** The test set's confusion at the final evaluation: rows the true class, columns the predicted one. */
    long[][] confusionMatrix();

    String data();

    String djlVersion();

    String engine();

    String java();

    String os();

    int cpus();

    String finishedAt();

    /** The resolved settings. */
    Map<String, String> spec();

    default RunStatus status() {
        return new RunStatus(diverged(), interrupted(), stepsDone(), steps());
    }

    /** The environment this summary records. */
    default Environment environment() {
        return new Environment(data(), djlVersion(), engine(), java(), os(), cpus(), finishedAt());
    }

    /** The confusion at the final evaluation; null for a summary written before it was kept. */
    default Confusion confusion() {
        return confusionMatrix() == null ? null : new Confusion(confusionMatrix());
    }

    default void write(RunFolder folder) throws IOException {
        Json.write(folder.summary(), this);
    }

    /**
     * How the run whose summary is in {@code folder} ended; a folder without one counts as
     * finished (its metrics alone are drawn as they are).
     */
    static RunStatus statusOf(RunFolder folder) throws IOException {
        Summary summary = read(folder);
        return summary == null ? RunStatus.finished(0) : summary.status();
    }

    /**
     * The summary in {@code folder}, of whichever kind it is; null when there is none.
     *
     * @throws UserError when the file is not a summary
     */
    static Summary read(RunFolder folder) throws IOException {
        Path file = folder.summary();
        if (!Files.exists(file)) {
            return null;
        }
        String text = Files.readString(file);
        try {
            return parse(text);
        } catch (IOException e) {
            throw new UserError(file + " is " + e.getMessage() + ": delete it, or run the experiment again");
        }
    }

    /**
     * A summary.json's text as the summary it is.
     *
     * @throws IOException saying why it is not a summary (without the file's name)
     */
    static Summary parse(String text) throws IOException {
        Summary summary;
        try {
            JsonObject json = JsonParser.parseString(text).getAsJsonObject();
            Class<? extends Summary> kind = json.has("seeds") ? SeedsSummary.class
                    : json.has("implementations") ? ComparisonSummary.class : RunSummary.class;
            summary = Json.gson().fromJson(json, kind);
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException("not a summary (" + UserError.firstLine(e.getMessage()) + ")", e);
        }
        long[][] confusion = summary.confusionMatrix();
        // The confusion figure and the per-class table read it as a square of the classes.
        if (confusion != null && (confusion.length != CifarData.CLASSES
                || Arrays.stream(confusion).anyMatch(row -> row == null || row.length != CifarData.CLASSES))) {
            throw new IOException("not a summary (its confusionMatrix is not " + CifarData.CLASSES + " x "
                    + CifarData.CLASSES + ")");
        }
        return summary;
    }

    /** The summary in {@code folder} when it is of {@code kind}; null when there is none. */
    static <S extends Summary> S read(RunFolder folder, Class<S> kind) throws IOException {
        Summary summary = read(folder);
        if (summary != null && !kind.isInstance(summary)) {
            throw new UserError(folder.summary() + " is the summary of " + summary.getClass().getSimpleName()
                    + ", not of " + kind.getSimpleName() + ": delete it, or run the experiment again");
        }
        return kind.cast(summary);
    }

    /** Values by class name, in label order. */
    static Map<String, Double> byClass(double[] values) {
        Map<String, Double> named = new LinkedHashMap<>();
        for (int c = 0; c < values.length; c++) {
            named.put(CifarData.CLASS_NAMES.get(c), values[c]);
        }
        return named;
    }
}
