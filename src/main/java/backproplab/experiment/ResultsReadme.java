package backproplab.experiment;

import backproplab.results.AtomicFiles;
import backproplab.results.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code <out>/README.md}: the table of every experiment that has a summary.json in the results
 * folder (report section and figure, the report's accuracy, ours, speed, the command that made
 * it and the data it ran on), then the figures. Written from the summaries alone, so the numbers
 * it shows are exactly those of the runs.
 */
public final class ResultsReadme {

    private ResultsReadme() {}

    public static Path write(Path results, List<ExperimentSpec> catalog) {
        StringBuilder md = new StringBuilder();
        md.append("# Results\n\n");
        md.append("Written by the suite from each experiment's `summary.json` (regenerate with"
                + " `mvn -q exec:java -Dexp=figures`). Accuracy is on the 10,000 test images; \"best\" is the"
                + " highest test accuracy over the evaluations of a run; with several seeds, mean +- standard"
                + " deviation. ms/step is the mean training step, evaluations excluded.\n\n");
        md.append("| experiment | report | report's test acc. | final test acc. | best test acc. | ms/step | wall |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        StringBuilder commands = new StringBuilder();
        try {
            for (ExperimentSpec spec : catalog) {
                Path summary = results.resolve(spec.id()).resolve("summary.json");
                if (!Files.exists(summary)) {
                    continue;
                }
                Map<?, ?> s = Json.gson().fromJson(Files.readString(summary), Map.class);
                md.append(String.format(Locale.ROOT, "| [%s](%s/) | %s | %s | %s | %s | %s | %s |%n",
                        spec.id(), spec.id(), spec.figure(), spec.reportAccuracy(),
                        accuracy(s, "finalTestAccuracy"), accuracy(s, "bestTestAccuracy"),
                        number(s.get("msPerStep"), "%.1f"), wall(s.get("wallSeconds"))));
                commands.append(String.format("- `%s`: `%s` on %s%n", spec.id(), s.get("command"), s.get("data")));
            }
            md.append("\nEach row was made by the command beside its id, on the data named there:\n\n").append(commands);
            Path figures = results.resolve("figures");
            if (Files.isDirectory(figures)) {
                md.append("\n## Report figures\n\n");
                try (Stream<Path> pngs = Files.list(figures)) {
                    for (Path png : pngs.filter(p -> p.toString().endsWith(".png")).sorted().toList()) {
                        md.append("![").append(png.getFileName()).append("](figures/")
                                .append(png.getFileName()).append(")\n\n");
                    }
                }
            }
            Path file = results.resolve("README.md");
            AtomicFiles.write(file, md.toString().getBytes(StandardCharsets.UTF_8));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "0.4523", or "0.4523 +- 0.0061" when the summary has a standard deviation over seeds. */
    static String accuracy(Map<?, ?> summary, String key) {
        String value = number(summary.get(key), "%.4f");
        Object std = summary.get(key + "Std");
        return std == null ? value : value + " +- " + number(std, "%.4f") + " (" + ((List<?>) summary.get("seeds")).size()
                + " seeds)";
    }

    private static String number(Object value, String format) {
        return value instanceof Number n ? String.format(Locale.ROOT, format, n.doubleValue()) : "-";
    }

    private static String wall(Object seconds) {
        return seconds instanceof Number n ? backproplab.train.ProgressBar.clock(n.doubleValue()) : "-";
    }
}
