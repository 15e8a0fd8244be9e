package backproplab.report;

import backproplab.chart.SweepChart;
import backproplab.results.AtomicFiles;
import backproplab.results.Json;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A sweep's folder: {@code sweep.json} (what the sweep is), and drawn from whatever points exist
 * (so that each shard, and -Dexp=figures, can redraw it whole): {@code summary.csv}, a row per
 * point, and {@code sweep.png}.
 */
public final class SweepReport {

    /** Settings swept over orders of magnitude: drawn one step per value. */
    static final List<String> LOG_SCALE = List.of("learningRate", "weightDecay");

    /**
     * sweep.json.
     *
     * @param sweep the swept settings and their values
     * @param points every point's folder name, in the sweep's order
     * @param settings the settings every point shares (null in a sweep.json made before they were kept)
     * @param command the command that made it (one shard's)
     */
    public record Definition(String experiment, Map<String, List<String>> sweep, List<String> points, int seeds,
            Map<String, String> settings, String command) {

        /**
         * How this sweep differs from {@code other}, the one whose points are in the folder
         * already: empty when they are the same sweep (the commands may differ: one per shard).
         *
         * @param sameValues false when this sweep may have other values of the same keys (a
         *     resume that adds points: each point done is checked on its own)
         */
        public List<String> differences(Definition other, boolean sameValues) {
            List<String> differences = new ArrayList<>();
            if (!experiment.equals(other.experiment)) {
                differences.add("experiment " + other.experiment + ", not " + experiment);
            }
            if (sameValues ? !sweep.equals(other.sweep) : !sweep.keySet().equals(other.sweep.keySet())) {
                differences.add("sweep " + other.sweep + ", not " + sweep);
            }
            if (seeds != other.seeds) {
                differences.add("seeds=" + other.seeds + ", not " + seeds);
            }
            if (other.settings != null && !settings.equals(other.settings)) {
                for (String key : settings.keySet()) {
                    if (!java.util.Objects.equals(settings.get(key), other.settings.get(key))) {
                        differences.add(key + "=" + other.settings.get(key) + ", not " + settings.get(key));
                    }
                }
            }
            return differences;
        }
    }

    private SweepReport() {}

    /** The sweep.json in {@code folder}, or null when there is none. */
    public static Definition readDefinition(Path folder) throws IOException {
        Path file = folder.resolve(RunLayout.SWEEP_DEFINITION);
        return Files.exists(file) ? parseDefinition(file) : null;
    }

    /**
     * A sweep.json read.
     *
     * @throws IOException saying why it is not a sweep's definition (without the file's name)
     */
    static Definition parseDefinition(Path file) throws IOException {
        try {
            Definition read = Json.gson().fromJson(Files.readString(file), Definition.class);
            if (read == null || read.experiment() == null || read.sweep() == null || read.sweep().isEmpty()
                    || read.points() == null) {
                throw new IOException("fields missing");
            }
            for (String point : read.points()) {
                // A point is a folder of the sweep's, named by a value of each key.
                if (point == null || !point.matches(RunLayout.SWEEP_POINT) || values(point).size() != read.sweep().size()) {
                    throw new IOException("not a point of the sweep over " + read.sweep().keySet() + ": " + point);
                }
            }
            return read;
        } catch (com.google.gson.JsonParseException e) {
            throw new IOException(UserError.firstLine(e.getMessage()), e);
        }
    }

    /**
     * Writes sweep.json, or checks that the one there (another shard's) is of the same sweep: the
     * shards of one sweep compare under the redraw lock, so that two started together with other
     * values do not both go on.
     *
     * @throws UserError when the folder holds the points of another sweep
     */
    public static void writeDefinition(Path folder, Definition definition, boolean sharded, boolean resume)
            throws IOException {
        try (FileChannel channel = FileChannel.open(folder.resolve(RunLayout.REDRAW_LOCK), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            if (sharded || resume) {
                checkSame(folder, definition, sharded);
            }
            Json.write(folder.resolve(RunLayout.SWEEP_DEFINITION), definition);
        }
    }

    /**
     * Checks that the sweep.json in {@code folder}, if any, is of the same sweep as {@code definition}.
     *
     * @param sameValues true for a shard: the shards of one sweep divide the same points
     * @throws UserError naming the folder and the differences
     */
    public static void checkSame(Path folder, Definition definition, boolean sameValues) {
        Definition there;
        try {
            there = readDefinition(folder);
        } catch (IOException e) {
            throw new UserError(UserPath.shown(folder.resolve(RunLayout.SWEEP_DEFINITION)) + " cannot be read (" + UserError.firstLine(
                    e.getMessage()) + "): remove the sweep's folder, or write elsewhere with -Dout=DIR", e);
        }
        if (there == null) {
            return;
        }
        List<String> differences = definition.differences(there, sameValues);
        if (!differences.isEmpty()) {
            throw new UserError(UserPath.shown(folder) + " holds the points of another sweep (" + String.join("; ",
                    differences) + "): give every shard, and -Dresume=true, the same settings; or remove that folder,"
                    + " or write elsewhere with -Dout=DIR");
        }
    }

    /**
     * summary.csv and sweep.png from the points that have a summary and could be read (sweep.png
     * from those with an evaluation); nothing when none has, or when sweep.json cannot be read.
     * The shards of a sweep redraw one at a time (a lock on the sweep folder), each from every
     * point there is, so that the last one leaves the whole.
     *
     * @return the files written
     */
    public static List<Path> write(Path folder, ResultsReader reader) {
        try (FileChannel channel = FileChannel.open(folder.resolve(RunLayout.REDRAW_LOCK), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            Definition definition = reader.sweep(folder).orElse(null);
            if (definition == null) {
                return List.of();
            }
            List<String> keys = List.copyOf(definition.sweep().keySet());
            Map<String, ResultsReader.Experiment> read = new LinkedHashMap<>();
            for (String name : definition.points()) {
                ResultsReader.Experiment point = reader.experiment(RunFolder.of(folder, name));
                if (point.whole() && point.own().summary() != null) {
                    read.put(name, point);
                }
            }
            // The columns of a validation set's choice, once a point has one.
            boolean validated = read.values().stream().anyMatch(p -> p.own().summary().selectedTestAccuracy() != null);
            StringBuilder csv = new StringBuilder(String.join(",", keys)
                    + ",final_test_acc,best_test_acc,best_step," + (validated ? "selected_test_acc,selected_step,"
                    + "best_val_acc," : "") + "ms_per_step,wall_s,diverged,interrupted\n");
            int rows = 0;
            List<SweepChart.Point> points = new ArrayList<>();
            for (Map.Entry<String, ResultsReader.Experiment> entry : read.entrySet()) {
                ResultsReader.Experiment point = entry.getValue();
                Summary summary = point.own().summary();
                List<String> values = values(entry.getKey());
                RunSummary run = summary instanceof RunSummary r ? r : null;
                csv.append(String.join(",", values)).append(String.format(Locale.ROOT, ",%.4f,%.4f,%s,%s%.2f,%.1f,%b,%b%n",
                        summary.finalTestAccuracy(), summary.bestTestAccuracy(),
                        run != null ? Integer.toString(run.bestStep()) : "", validated ? selectedColumns(run) : "",
                        summary.msPerStep(), summary.wallSeconds(), summary.status().diverged(),
                        summary.status().interrupted()));
                rows++;
                if (point.hasCurves()) {
                    points.add(new SweepChart.Point(values, point.curves(), summary.finalTestAccuracy(),
                            summary.bestTestAccuracy(), summary.status().diverged(), summary.status().note(),
                            summary.selectedTestAccuracy(), run == null ? null : run.selectedValidationAccuracy()));
                }
            }
            List<Path> written = new ArrayList<>();
            if (rows > 0) {
                Path table = folder.resolve(RunLayout.SWEEP_SUMMARY);
                AtomicFiles.write(table, csv.toString().getBytes(StandardCharsets.UTF_8));
                written.add(table);
            }
            if (!points.isEmpty()) {
                String title = definition.experiment() + ": sweep over " + String.join(" and ", keys) + ", "
                        + points.size() + " of " + definition.points().size() + " points";
                Path figure = folder.resolve(RunLayout.SWEEP_FIGURE);
                AtomicFiles.write(figure, SweepChart.png(title, keys, points,
                        keys.size() == 1 && LOG_SCALE.contains(keys.get(0))));
                written.add(figure);
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A point's selected test accuracy, its step and its validation accuracy, each followed by a comma; empty for none. */
    private static String selectedColumns(RunSummary run) {
        return run == null || run.selectedTestAccuracy() == null ? ",,,"
                : String.format(Locale.ROOT, "%.4f,%d,%.4f,", run.selectedTestAccuracy(), run.selectedStep(),
                        run.selectedValidationAccuracy());
    }

    /** Every sweep folder under {@code results} (a folder with a sweep.json), by name. */
    public static List<Path> folders(Path results) {
        if (!Files.isDirectory(results)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(results)) {
            return folders.filter(f -> Files.exists(f.resolve(RunLayout.SWEEP_DEFINITION))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every sweep folder under {@code results} redrawn; returns the files written. */
    public static List<Path> redrawAll(Path results, ResultsReader reader, PrintStream out) {
        List<Path> written = new ArrayList<>();
        for (Path sweep : folders(results)) {
            written.addAll(write(sweep, reader));
        }
        // summary.csv is a table, sweep.png a figure.
        written.forEach(f -> out.println((f.toString().endsWith(".png") ? "figure: " : "table: ") + f));
        return written;
    }

    /** The values in a point's folder name, "learningRate=1e-3,weightDecay=0" -> [1e-3, 0]. */
    static List<String> values(String name) {
        return Stream.of(name.split(",")).map(part -> part.substring(part.indexOf('=') + 1)).toList();
    }
}
