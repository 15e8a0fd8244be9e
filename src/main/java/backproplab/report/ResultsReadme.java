package backproplab.report;

import backproplab.chart.Scale;
import backproplab.config.ExperimentSpec;
import backproplab.data.CifarData;
import backproplab.results.AtomicFiles;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.train.Confusion;
import backproplab.util.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code <out>/README.md}: the table of every experiment that has a summary.json in the results
 * folder (report section and figure, the report's accuracy, ours, speed, the command that made
 * it and the data it ran on), then the figures. Written from the summaries alone, so the numbers
 * it shows are exactly those of the runs.
 */
public final class ResultsReadme {

    /** A comparison figure of {@link ReportFigures} and the report figures it stands for. */
    private record Comparison(String file, String caption) {}

    /** The comparison figures that stand for the report's, before each experiment's curves. */
    private static final List<Comparison> REPORT_COMPARISONS = List.of(
            new Comparison(RunLayout.FIGURE_1, "Fig. 1a, 1b: accuracy of the NumPy MLP and the PyTorch MLP"),
            new Comparison(RunLayout.FIGURE_2, "Fig. 2a, 2b: loss of the NumPy MLP and the PyTorch MLP"),
            new Comparison(RunLayout.FIGURES_3_6, "Figs. 3-6: test accuracy as section 2 improves the MLP"));
    /** The comparison figures the report has not, after each experiment's curves. */
    private static final List<Comparison> OTHER_COMPARISONS = List.of(
            new Comparison(RunLayout.PER_CLASS, "(not in the report) test accuracy class by class, every experiment"),
            new Comparison(RunLayout.LAYERS, "(not in the report) inside the layers: section 2's deep MLPs and"
                    + " section 3's batch norms, each linear layer's gradient norm and update ratio"));

    private ResultsReadme() {}

    /**
     * Writes the table of every experiment whose files can be read; one that cannot is left out
     * ({@code reader} tells which).
     *
     * @return the file written
     */
    public static Path write(Path results, List<ExperimentSpec> catalog, ResultsReader reader) {
        StringBuilder md = new StringBuilder();
        md.append("# Results\n\n");
        md.append("Written by the suite from each experiment's `summary.json` (regenerate with"
                + " `mvn -q compile exec:java -Dexp=figures`). Accuracy is on the 10,000 test images; \"best\" is the"
                + " highest test accuracy over the evaluations of a run; with several seeds, mean +- standard"
                + " deviation. ms/step is the mean training step, evaluations excluded.\n\n");
        StringBuilder commands = new StringBuilder();
        Map<String, Summary> summaries = summaries(results, catalog, reader);
        // The column of a validation set's choice, once a run has one.
        boolean selects = summaries.values().stream().anyMatch(s -> s.selectedTestAccuracy() != null);
        if (selects) {
            md.append("\"Selected\" is the test accuracy at the evaluation of best accuracy on a validation set (the"
                    + " first training images, never trained on): the one a run chooses without looking at the test"
                    + " set.\n\n");
        }
        md.append("| experiment | in the report | report's test acc. | final test acc. | best test acc. |"
                + (selects ? " selected test acc. |" : "") + " ms/step | wall |\n");
        md.append("|---|---|---|---|---|" + (selects ? "---|" : "") + "---|---|\n");
        try {
            for (ExperimentSpec spec : catalog) {
                Summary s = summaries.get(spec.id());
                if (s == null) {
                    continue;
                }
                md.append(String.format(Locale.ROOT, "| [%s](%s/)%s | %s | %s | %s | %s |%s %s | %s |%n",
                        spec.id(), spec.id(), s.status().note(), spec.shown().reportLabel(), spec.shown().reportAccuracy(),
                        accuracy(s.finalTestAccuracy(), s instanceof SeedsSummary m ? m.finalTestAccuracyStd() : null, s),
                        accuracy(s.bestTestAccuracy(), s instanceof SeedsSummary m ? m.bestTestAccuracyStd() : null, s),
                        selects ? " " + selected(s) + " |" : "", number(s.msPerStep(), "%.1f"), wall(s.wallSeconds())));
                commands.append(commandItem(spec.id(), s.command(), s.data()));
            }
            md.append("\nEach row was made by the command beside its id, on the data named there:\n\n").append(commands);
            md.append(perClassTable(catalog, summaries));
            String dataNote = reader.dataNote(results);
            if (dataNote != null) {
                md.append("\n## Data\n\n").append(dataNote.strip()).append("\n");
            }
            md.append(gallery(results, catalog));
            Path file = results.resolve(RunLayout.RESULTS_TABLE);
            AtomicFiles.write(file, md.toString().getBytes(StandardCharsets.UTF_8));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Each experiment's test accuracy class by class at the final evaluation (with several seeds:
     * the mean), its hardest and easiest class, and the pair it confuses most; and which runs
     * were made before the suite kept these.
     */
    static String perClassTable(List<ExperimentSpec> catalog, Map<String, Summary> summaries) {
        StringBuilder rows = new StringBuilder();
        List<String> without = new ArrayList<>();
        for (ExperimentSpec spec : catalog) {
            Summary s = summaries.get(spec.id());
            if (s == null) {
                continue;
            }
            if (s.perClassAccuracy() == null) {
                without.add("`" + spec.id() + "`");
                continue;
            }
            rows.append("| `").append(spec.id()).append('`');
            for (String name : CifarData.CLASS_NAMES) {
                rows.append(" | ").append(number(s.perClassAccuracy().get(name), "%.3f"));
            }
            List<Confusion.Mistake> top = s.confusion().mostConfused(1);
            rows.append(top.isEmpty() ? " | none |\n" : String.format(" | %s -> %s (%d) |%n",
                    CifarData.CLASS_NAMES.get(top.get(0).truth()), CifarData.CLASS_NAMES.get(top.get(0).predicted()),
                    top.get(0).count()));
        }
        StringBuilder md = new StringBuilder();
        if (!rows.isEmpty()) {
            md.append("\n## Per class\n\nTest accuracy of each class at the final evaluation (with several seeds,"
                    + " the mean; `perClassAccuracyMin` and `...Max` in summary.json give the range), and the pair"
                    + " of classes the network confuses most (true -> predicted, images; with several seeds, summed)."
                    + " Each experiment's `confusion.png` shows all of them.\n\n| experiment | ")
                    .append(String.join(" | ", CifarData.CLASS_NAMES)).append(" | most confused |\n|---|")
                    .append("---|".repeat(CifarData.CLASSES + 1)).append('\n').append(rows);
        }
        if (!without.isEmpty()) {
            md.append("\nNo per-class analysis yet for ").append(String.join(", ", without))
                    .append(": their committed runs were made before the suite kept one.\n");
        }
        return md.toString();
    }

    /** Each experiment's summary by id, for those that have one and whose files can all be read. */
    private static Map<String, Summary> summaries(Path results, List<ExperimentSpec> catalog, ResultsReader reader) {
        Map<String, Summary> summaries = new LinkedHashMap<>();
        for (ExperimentSpec spec : catalog) {
            ResultsReader.Experiment experiment = reader.experiment(RunFolder.of(results, spec.id()));
            if (experiment.whole() && experiment.own().summary() != null) {
                summaries.put(spec.id(), experiment.own().summary());
            }
        }
        return summaries;
    }

    /**
     * The figures, one under another at the page's width (so that every label reads), each under
     * its caption: the report's comparisons, each experiment's curves, the comparisons that are
     * not in the report, each sweep; then links to the rest of each experiment's figures. Above
     * them, how every figure is drawn.
     */
    static String gallery(Path results, List<ExperimentSpec> catalog) {
        StringBuilder figures = new StringBuilder();
        for (Comparison figure : REPORT_COMPARISONS) {
            figure(figures, results, figure.caption(), RunLayout.FIGURES + "/" + figure.file());
        }
        for (ExperimentSpec spec : catalog) {
            figure(figures, results, spec.shown().reportLabel() + ": " + spec.shown().title() + " (`" + spec.id() + "`)",
                    spec.id() + "/" + RunLayout.CURVES);
        }
        for (Comparison figure : OTHER_COMPARISONS) {
            figure(figures, results, figure.caption(), RunLayout.FIGURES + "/" + figure.file());
        }
        for (Path sweep : SweepReport.folders(results)) {
            String name = sweep.getFileName().toString();
            figure(figures, results, "(not in the report) the sweep `" + name + "`", name + "/" + RunLayout.SWEEP_FIGURE);
        }
        if (figures.isEmpty()) {
            return "";
        }
        return "\n## Gallery\n\nEvery figure is drawn to the same rules, so that any two compare: "
                + Scale.rules() + ". Train blue, test orange, validation green; in the figures that set"
                + " experiments side by side, each experiment its own colour in all of them; in the layers'"
                + " figures, each layer its colour and marker by its place in the network.\n"
                + figures + moreFigures(results, catalog);
    }

    /** A figure under its caption, when its file is there. */
    private static void figure(StringBuilder md, Path results, String caption, String file) {
        if (Files.exists(results.resolve(file))) {
            md.append("\n### ").append(caption).append("\n\n![").append(file).append("](").append(file).append(")\n");
        }
    }

    /** A table of links to the rest of each experiment's figures: confusion, predictions, layers, first layer. */
    private static String moreFigures(Path results, List<ExperimentSpec> catalog) {
        StringBuilder rows = new StringBuilder();
        for (ExperimentSpec spec : catalog) {
            StringBuilder row = new StringBuilder("| `" + spec.id() + "` |");
            boolean any = false;
            for (String file : List.of(RunLayout.CONFUSION, RunLayout.PREDICTIONS, RunLayout.DIAGNOSTICS_FIGURE,
                    RunLayout.WEIGHTS)) {
                boolean there = Files.exists(results.resolve(spec.id()).resolve(file));
                row.append(there ? " [" + file + "](" + spec.id() + "/" + file + ") |" : " - |");
                any |= there;
            }
            if (any) {
                rows.append(row).append('\n');
            }
        }
        return rows.isEmpty() ? "" : "\n### Each experiment's other figures\n\nWith several seeds, each seed's"
                + " are in its `seed-<n>/` folder.\n\n| experiment | confusion | predictions | inside the layers |"
                + " first layer |\n|---|---|---|---|---|\n" + rows;
    }

    /**
     * The list item naming the command that made an experiment: the command as code in the line,
     * or, when a value in it holds a newline or a backtick (which end a line's code), as a code
     * block under the item, every line of it as written.
     */
    static String commandItem(String id, String command, String data) {
        if (!command.contains("\n") && !command.contains("`")) {
            return String.format("- `%s`: `%s` on %s%n", id, command, data);
        }
        // Indented past the item's two columns, and four more for a code block.
        return String.format("- `%s`, on %s:%n%n      %s%n%n", id, data, command.replace("\n", "\n      "));
    }

    /** "0.4523", or "0.4523 +- 0.0061 (3 seeds)" for the mean over seeds. */
    static String accuracy(Double value, Double std, Summary summary) {
        String text = number(value, "%.4f");
        return std == null ? text
                : text + " +- " + number(std, "%.4f") + " (" + ((SeedsSummary) summary).seeds().size() + " seeds)";
    }

    /** The test accuracy a validation set selected (over seeds: their mean and spread); "-" for a run without one. */
    private static String selected(Summary s) {
        return s.selectedTestAccuracy() == null ? "-" : accuracy(s.selectedTestAccuracy(),
                s instanceof SeedsSummary m ? m.selectedTestAccuracyStd() : null, s);
    }

    private static String number(Double value, String format) {
        return value != null && Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "-";
    }

    private static String wall(Double seconds) {
        return seconds != null ? Durations.clock(seconds) : "-";
    }
}
