package backproplab.report;

import backproplab.chart.ComparisonChart;
import backproplab.chart.CurvesChart;
import backproplab.chart.DiagnosticsChart;
import backproplab.chart.LayerComparisonChart;
import backproplab.chart.Metric;
import backproplab.chart.Panels;
import backproplab.chart.PerClassChart;
import backproplab.chart.SeedBand;
import backproplab.config.BatchNormKind;
import backproplab.config.ExperimentSpec;
import backproplab.data.CifarData;
import backproplab.diagnostics.Diagnostics;
import backproplab.results.AtomicFiles;
import backproplab.results.DiagnosticsCsv;
import backproplab.results.MetricsCsv;
import backproplab.results.RunLayout;
import backproplab.train.EvalPoint;
import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.knowm.xchart.XYChart;

/**
 * The report's comparison figures, drawn from the metrics of runs in a results folder whenever the
 * runs they need exist: Figures 1 and 2 (the hand-written MLP next to the DJL one, accuracy and
 * loss) and the section-2 story from Figure 3 to Figure 6 (test accuracy of each improvement).
 */
public final class ReportFigures {


    /** The runs the layer comparison draws: section 2's deep MLPs, then section 3's three batch norms. */
    static final List<String> LAYER_RUNS = List.of("mlp-deep-adam", "mlp-deep-adam-3000", "mlp-deep-adam-wd",
            "mlp-deep-adam-wd-bn", "batchnorm-builtin", "batchnorm-autograd", "batchnorm-manual");
    /** The layer comparison's early step: the first evaluation after step 1 that all those runs make. */
    static final int LAYERS_EARLY_STEP = 100;

    static final List<String> SECTION_2_STORY =
            List.of("mlp-djl", "mlp-deep-adam", "mlp-deep-adam-3000", "mlp-deep-adam-wd", "mlp-deep-adam-wd-bn");

    private ReportFigures() {}

    /**
     * Redraws each experiment's curves.png from its metrics (so every figure comes from the code
     * of the day), then writes every comparison figure whose runs exist under {@code results}.
     */
    public static List<Path> redrawAll(Path results, List<ExperimentSpec> catalog, PrintStream out) {
        List<Path> written = new ArrayList<>();
        try {
            for (ExperimentSpec spec : catalog) {
                written.addAll(spec.hyper().compareBatchNorms().isEmpty() ? redraw(results, spec) : redrawBatchNorm(results, spec));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written.forEach(f -> out.println("figure: " + f));
        written.addAll(write(results, catalog, out));
        return written;
    }

    /**
     * Reads, without writing anything, every metrics.csv and summary.json that the redraw after a
     * run reads, so that a damaged file of another experiment refuses the run before it starts
     * rather than stopping it at its end.
     *
     * @param skipped experiment ids whose folders the run is about to empty and write again
     * @throws UserError naming the first file that cannot be read
     */
    public static void checkReadable(Path results, List<ExperimentSpec> catalog, Set<String> skipped) {
        for (ExperimentSpec spec : catalog) {
            List<String> ids = new ArrayList<>();
            ids.add(spec.id());
            spec.hyper().compareBatchNorms().forEach(implementation -> ids.add(spec.id() + "-" + implementation));
            for (String id : ids) {
                if (skipped.contains(spec.id()) || skipped.contains(id)) {
                    continue;
                }
                Path folder = results.resolve(id);
                try {
                    for (Path seed : seedFolders(folder)) {
                        checkReadable(seed);
                    }
                    checkReadable(folder);
                } catch (IOException | RuntimeException e) {
                    if (e instanceof UserError) {
                        throw (UserError) e;
                    }
                    throw new UserError("cannot read the runs in " + UserPath.shown(folder) + " (" + UserError.firstLine(
                            e.getMessage()) + "): repair or delete that folder, or write elsewhere with -Dout=DIR", e);
                }
            }
        }
    }

    private static void checkReadable(Path folder) throws IOException {
        Path metrics = RunLayout.metrics(folder);
        if (Files.isRegularFile(metrics)) {
            try {
                MetricsCsv.read(metrics);
            } catch (IOException e) {
                throw new UserError(UserPath.shown(metrics) + " cannot be read (" + UserError.firstLine(e.getMessage())
                        + "): repair or delete it, or write elsewhere with -Dout=DIR", e);
            }
        }
        Path diagnostics = folder.resolve(RunLayout.DIAGNOSTICS);
        if (Files.isRegularFile(diagnostics)) {
            try {
                DiagnosticsCsv.read(diagnostics);
            } catch (IOException e) {
                throw new UserError(UserPath.shown(diagnostics) + " cannot be read (" + UserError.firstLine(
                        e.getMessage()) + "): repair or delete it, or write elsewhere with -Dout=DIR", e);
            }
        }
        Summary.read(folder);
    }

    /** One experiment's curves: each seed's and the experiment's (mean and band over seeds). */
    private static List<Path> redraw(Path results, ExperimentSpec spec) throws IOException {
        Path folder = results.resolve(spec.id());
        List<List<EvalPoint>> runs = load(folder);
        List<Path> written = new ArrayList<>();
        if (runs.size() > 1) {
            for (Path seed : seedFolders(folder)) {
                written.add(curves(seed, spec.id(), spec, List.of(MetricsCsv.read(RunLayout.metrics(seed)))));
                confusion(seed, spec.id(), spec, 1).ifPresent(written::add);
                diagnostics(seed, spec.id(), spec).ifPresent(written::add);
            }
        }
        if (!runs.isEmpty()) {
            written.add(curves(folder, spec.id(), spec, runs));
            confusion(folder, spec.id(), spec, runs.size()).ifPresent(written::add);
            diagnostics(folder, spec.id(), spec).ifPresent(written::add);
        }
        return written;
    }

    /** Section 3: each implementation's curves, and their test accuracy on one chart. */
    private static List<Path> redrawBatchNorm(Path results, ExperimentSpec spec) throws IOException {
        List<Path> written = new ArrayList<>();
        Map<String, List<EvalPoint>> testCurves = new LinkedHashMap<>();
        for (BatchNormKind kind : spec.hyper().compareBatchNorms()) {
            String implementation = kind.key();
            String id = spec.withBatchNorm(kind).id();
            List<List<EvalPoint>> runs = load(results.resolve(id));
            if (!runs.isEmpty()) {
                testCurves.put(implementation + Summary.statusOf(results.resolve(id)).note(), runs.get(0));
                written.add(curves(results.resolve(id), id, spec, runs));
                confusion(results.resolve(id), id, spec, 1).ifPresent(written::add);
                diagnostics(results.resolve(id), id, spec).ifPresent(written::add);
            }
        }
        Path folder = results.resolve(spec.id());
        if (testCurves.size() == spec.hyper().compareBatchNorms().size() && Files.isDirectory(folder)) {
            Path file = RunLayout.curves(folder);
            AtomicFiles.write(file, ComparisonChart.testAccuracy(ChartTitles.batchNormComparison(spec), testCurves));
            written.add(file);
        }
        return written;
    }

    private static Path curves(Path folder, String id, ExperimentSpec spec, List<List<EvalPoint>> runs)
            throws IOException {
        String title = ChartTitles.curves(id, spec, runs.size(), Summary.statusOf(folder));
        Path file = RunLayout.curves(folder);
        AtomicFiles.write(file, CurvesChart.seedsPng(title, runs));
        return file;
    }

    /** confusion.png from the summary's confusion matrix, when it has one. */
    private static Optional<Path> confusion(Path folder, String id, ExperimentSpec spec, int seeds) throws IOException {
        Summary summary = Summary.read(folder);
        if (summary == null || summary.confusion() == null) {
            return Optional.empty();
        }
        Analysis.writeConfusion(folder, ChartTitles.confusion(id, spec, seeds, summary.status()), summary.confusion());
        return Optional.of(folder.resolve(RunLayout.CONFUSION));
    }

    /** diagnostics.png from the run's diagnostics.csv, when it has one. */
    private static Optional<Path> diagnostics(Path folder, String id, ExperimentSpec spec) throws IOException {
        Path csv = folder.resolve(RunLayout.DIAGNOSTICS);
        if (!Files.isRegularFile(csv)) {
            return Optional.empty();
        }
        Path file = folder.resolve(RunLayout.DIAGNOSTICS_FIGURE);
        AtomicFiles.write(file, DiagnosticsChart.png(ChartTitles.diagnostics(id, spec, Summary.statusOf(folder)),
                DiagnosticsCsv.read(csv)));
        return Optional.of(file);
    }

    /**
     * results/figures/layers-section-2-3.png: the gradient norm and update ratio of each linear
     * layer of section 2's deep MLPs and section 3's batch norms, at step {@link #LAYERS_EARLY_STEP}
     * and at the end; drawn when all those runs recorded their layers.
     */
    private static Optional<Path> layers(Path results) throws IOException {
        Map<String, Diagnostics> runs = new LinkedHashMap<>();
        for (String id : LAYER_RUNS) {
            Path csv = results.resolve(id).resolve(RunLayout.DIAGNOSTICS);
            if (!Files.isRegularFile(csv)) {
                return Optional.empty();
            }
            Diagnostics diagnostics = DiagnosticsCsv.read(csv);
            if (!diagnostics.steps().contains(LAYERS_EARLY_STEP)) {
                return Optional.empty();
            }
            runs.put(id + Summary.statusOf(results.resolve(id)).note(), diagnostics);
        }
        Path file = RunLayout.figure(results, RunLayout.LAYERS);
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, LayerComparisonChart.png("Inside the layers: section 2's deep MLPs and section 3's"
                + " batch norms, linear layers only", runs, LAYERS_EARLY_STEP));
        return Optional.of(file);
    }

    /**
     * results/figures/per-class-accuracy.png: every experiment's test accuracy class by class (the
     * mean over seeds), for those whose summary has it.
     */
    private static Optional<Path> perClass(Path results, List<ExperimentSpec> catalog) throws IOException {
        Map<String, Map<String, Double>> runs = new LinkedHashMap<>();
        for (ExperimentSpec spec : catalog) {
            Summary summary = Summary.read(results.resolve(spec.id()));
            if (summary != null && summary.perClassAccuracy() != null) {
                int seeds = summary instanceof SeedsSummary over ? over.seeds().size() : 1;
                runs.put(spec.id() + (seeds > 1 ? " (mean of " + seeds + " seeds)" : "") + summary.status().note(),
                        summary.perClassAccuracy());
            }
        }
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        Path file = RunLayout.figure(results, RunLayout.PER_CLASS);
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, PerClassChart.png("Per-class test accuracy at the final evaluation, every experiment",
                CifarData.CLASS_NAMES, runs));
        return Optional.of(file);
    }

    /** Writes every comparison figure whose runs exist under {@code results}; returns the files written. */
    public static List<Path> write(Path results, List<ExperimentSpec> catalog, PrintStream out) {
        List<Path> written = new ArrayList<>();
        try {
            ReportRuns loaded = ReportRuns.load(results);
            Map<String, List<List<EvalPoint>>> runs = loaded.runs();
            Map<String, String> notes = loaded.notes();
            Path figures = results.resolve(RunLayout.FIGURES);
            if (runs.containsKey("mlp-numpy") && runs.containsKey("mlp-djl")) {
                Files.createDirectories(figures);
                written.add(sideBySide(figures.resolve(RunLayout.FIGURE_1),
                        "Figure 1: accuracy, hand-written backprop (left) and DJL autograd (right)",
                        runs, notes, Metric.ACCURACY));
                written.add(sideBySide(figures.resolve(RunLayout.FIGURE_2),
                        "Figure 2: loss, hand-written backprop (left) and DJL autograd (right)",
                        runs, notes, Metric.LOSS));
            }
            Map<String, List<EvalPoint>> story = storyCurves(loaded);
            if (story.size() >= 2) {
                Files.createDirectories(figures);
                Path file = figures.resolve(RunLayout.FIGURES_3_6);
                AtomicFiles.write(file, ComparisonChart.testAccuracy(
                        "Figures 3-6: test accuracy as section 2 improves the MLP", story));
                written.add(file);
            }
            perClass(results, catalog).ifPresent(written::add);
            layers(results).ifPresent(written::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written.forEach(f -> out.println("figure: " + f));
        return written;
    }

    /**
     * The section-2 story's test-accuracy curves by legend entry: the mean curve of an experiment
     * run with several seeds says so, and a run that did not end normally says how it ended.
     */
    static Map<String, List<EvalPoint>> storyCurves(ReportRuns loaded) {
        Map<String, List<EvalPoint>> story = new LinkedHashMap<>();
        for (String id : SECTION_2_STORY) {
            List<List<EvalPoint>> seeds = loaded.runs().get(id);
            if (seeds != null) {
                story.put(id + (seeds.size() > 1 ? " (mean of " + seeds.size() + " seeds)" : "")
                        + loaded.notes().get(id), meanCurve(seeds));
            }
        }
        return story;
    }

    /**
     * The runs the comparison figures draw, by experiment id (each seed's evaluations), and what a
     * legend adds for a run that did not end normally.
     */
    record ReportRuns(Map<String, List<List<EvalPoint>>> runs, Map<String, String> notes) {

        static ReportRuns load(Path results) throws IOException {
            Map<String, List<List<EvalPoint>>> runs = new LinkedHashMap<>();
            Map<String, String> notes = new LinkedHashMap<>();
            for (String id : Stream.concat(Stream.of("mlp-numpy"), SECTION_2_STORY.stream()).toList()) {
                List<List<EvalPoint>> seeds = ReportFigures.load(results.resolve(id));
                if (!seeds.isEmpty()) {
                    runs.put(id, seeds);
                    notes.put(id, Summary.statusOf(results.resolve(id)).note());
                }
            }
            return new ReportRuns(runs, notes);
        }
    }

    private static Path sideBySide(Path file, String title, Map<String, List<List<EvalPoint>>> runs,
            Map<String, String> notes, Metric metric) throws IOException {
        List<XYChart> panels = new ArrayList<>();
        for (String id : List.of("mlp-numpy", "mlp-djl")) {
            String section = id.equals("mlp-numpy") ? " (section 1.2)" : " (section 2)";
            panels.add(CurvesChart.panel(metric.title() + ": " + id + section + notes.get(id), metric, runs.get(id)));
        }
        Panels.shareYAxis(panels);
        AtomicFiles.write(file, Panels.png(title, panels));
        return file;
    }

    /**
     * The runs of one experiment: each seed-* folder's metrics, or the folder's own metrics.csv
     * for a single run; none when the experiment has not been run.
     */
    public static List<List<EvalPoint>> load(Path folder) throws IOException {
        List<List<EvalPoint>> runs = new ArrayList<>();
        for (Path seed : seedFolders(folder)) {
            runs.add(MetricsCsv.read(RunLayout.metrics(seed)));
        }
        if (runs.isEmpty() && Files.exists(RunLayout.metrics(folder))) {
            runs.add(MetricsCsv.read(RunLayout.metrics(folder)));
        }
        return runs;
    }

    /** The seed-* sub-folders that hold a metrics.csv, in seed order. */
    public static List<Path> seedFolders(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(p -> p.getFileName().toString().startsWith("seed-"))
                    .filter(p -> Files.exists(RunLayout.metrics(p)))
                    .sorted(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(5))))
                    .toList();
        }
    }

    private static List<EvalPoint> meanCurve(List<List<EvalPoint>> seeds) {
        if (seeds.size() == 1) {
            return seeds.get(0);
        }
        var band = SeedBand.of(seeds, EvalPoint::testAccuracy);
        List<EvalPoint> mean = new ArrayList<>();
        for (int i = 0; i < band.steps().length; i++) {
            mean.add(new EvalPoint((int) band.steps()[i], Double.NaN, Double.NaN, Double.NaN, band.mean()[i],
                    Double.NaN, Double.NaN));
        }
        return mean;
    }
}
