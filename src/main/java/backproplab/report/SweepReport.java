package backproplab.report;

import backproplab.chart.SweepChart;
import backproplab.results.AtomicFiles;
import backproplab.results.Json;
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

    public static final String DEFINITION = "sweep.json";
    public static final String SUMMARY = "summary.csv";
    public static final String FIGURE = "sweep.png";
    /** Held while summary.csv and sweep.png are redrawn. */
    static final String REDRAW_LOCK = ".redraw.lock";
    /** Settings swept over orders of magnitude: drawn one step per value. */
    static final List<String> LOG_SCALE = List.of("learningRate", "weightDecay");

    /**
     * sweep.json.
     *
     * @param sweep the swept settings and their values
     * @param points every point's folder name, in the sweep's order
     * @param command the command that made it (one shard's)
     */
    public record Definition(String experiment, Map<String, List<String>> sweep, List<String> points, int seeds,
            String command) {}

    private SweepReport() {}

    public static void writeDefinition(Path folder, Definition definition) throws IOException {
        Json.write(folder.resolve(DEFINITION), definition);
    }

    /**
     * summary.csv and sweep.png from the points that have a summary; nothing when none has. The
     * shards of a sweep redraw one at a time (a lock on the sweep folder), each from every point
     * there is, so that the last one leaves the whole.
     */
    public static void write(Path folder, PrintStream out) {
        try (FileChannel channel = FileChannel.open(folder.resolve(REDRAW_LOCK), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            Definition definition = Json.gson().fromJson(Files.readString(folder.resolve(DEFINITION)), Definition.class);
            List<String> keys = List.copyOf(definition.sweep().keySet());
            StringBuilder csv = new StringBuilder(String.join(",", keys)
                    + ",final_test_acc,best_test_acc,best_step,ms_per_step,wall_s,diverged,interrupted\n");
            List<SweepChart.Point> points = new ArrayList<>();
            for (String name : definition.points()) {
                Path point = folder.resolve(name);
                Summary summary = Summary.read(point);
                if (summary == null) {
                    continue;
                }
                List<String> values = values(name);
                csv.append(String.join(",", values)).append(String.format(Locale.ROOT, ",%.4f,%.4f,%s,%.2f,%.1f,%b,%b%n",
                        summary.finalTestAccuracy(), summary.bestTestAccuracy(),
                        summary.bestStep() == null ? "" : summary.bestStep().toString(), summary.msPerStep(),
                        summary.wallSeconds(), summary.status().diverged(), summary.status().interrupted()));
                points.add(new SweepChart.Point(values, ReportFigures.load(point), summary.finalTestAccuracy(),
                        summary.bestTestAccuracy(), summary.status().diverged(), summary.status().note()));
            }
            if (points.isEmpty()) {
                return;
            }
            AtomicFiles.write(folder.resolve(SUMMARY), csv.toString().getBytes(StandardCharsets.UTF_8));
            String title = definition.experiment() + ": sweep over " + String.join(" and ", keys) + ", "
                    + points.size() + " of " + definition.points().size() + " points";
            AtomicFiles.write(folder.resolve(FIGURE), SweepChart.png(title, keys, points,
                    keys.size() == 1 && LOG_SCALE.contains(keys.get(0))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every sweep folder under {@code results} redrawn; returns them. */
    public static List<Path> redrawAll(Path results, PrintStream out) {
        if (!Files.isDirectory(results)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(results)) {
            List<Path> sweeps = folders.filter(f -> Files.exists(f.resolve(DEFINITION))).sorted().toList();
            for (Path sweep : sweeps) {
                write(sweep, out);
                out.println("figure: " + sweep.resolve(FIGURE));
            }
            return sweeps;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The values in a point's folder name, "learningRate=1e-3,weightDecay=0" -> [1e-3, 0]. */
    static List<String> values(String name) {
        return Stream.of(name.split(",")).map(part -> part.substring(part.indexOf('=') + 1)).toList();
    }
}
