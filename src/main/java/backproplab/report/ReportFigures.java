package backproplab.report;

import backproplab.chart.ComparisonChart;
import backproplab.chart.CurvesChart;
import backproplab.chart.LayerComparisonChart;
import backproplab.chart.Metric;
import backproplab.chart.Panels;
import backproplab.chart.PerClassChart;
import backproplab.chart.SeedBand;
import backproplab.config.ExperimentSpec;
import backproplab.config.Settings;
import backproplab.data.CifarData;
import backproplab.diagnostics.Diagnostics;
import backproplab.results.AtomicFiles;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.train.EvalPoint;
import backproplab.util.UserError;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
     * Redraws each run's figures from its files (so every figure comes from the code of the day),
     * then writes every comparison figure whose runs exist under {@code results}. A run with a
     * file that cannot be read keeps its figures as they are, and is left out of the comparisons.
     */
    public static List<Path> redrawAll(Path results, List<ExperimentSpec> catalog, ResultsReader reader,
            PrintStream out) {
        List<Path> written = new ArrayList<>();
        try {
            for (ExperimentSpec spec : catalog) {
                written.addAll(spec.hyper().compareBatchNorms().isEmpty()
                        ? redraw(RunFolder.of(results, spec.id()), spec, reader)
                        : redrawBatchNorm(results, spec, reader));
            }
            written.addAll(redrawSweepPoints(results, catalog, reader));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written.forEach(f -> out.println("figure: " + f));
        written.addAll(write(results, catalog, reader, out));
        return written;
    }

    /**
     * Checks, before anything is redrawn, that every folder the redraw writes into can be written:
     * one that cannot (a read-only disk) would stop the redraw half-way.
     *
     * @throws UserError naming the first folder that is read-only
     */
    public static void checkWritable(Path results, List<ExperimentSpec> catalog) {
        for (Path folder : foldersRedrawn(results, catalog)) {
            if (!Files.isWritable(folder)) {
                throw RunLayout.notWritable(folder, "-Dexp=figures redraws the files there; make it writable, or copy"
                        + " the results folder and redraw the copy with -Dout=DIR");
            }
        }
    }

    /**
     * Every folder the redraw writes into: the results folder, figures/, each run's folder there
     * is ({@link #runFolders}) and the tensorboard/ folder an earlier version left in it, whose
     * event files the redraw moves out, and each sweep's.
     */
    private static List<Path> foldersRedrawn(Path results, List<ExperimentSpec> catalog) {
        List<Path> folders = new ArrayList<>(List.of(results, results.resolve(RunLayout.FIGURES)));
        for (RunFolder run : runFolders(results, catalog)) {
            folders.addAll(List.of(run.path(), run.earlierTensorboard()));
        }
        folders.addAll(SweepReport.folders(results));
        return folders.stream().filter(Files::isDirectory).toList();
    }

    /** Every run's folder under {@code results}: an experiment's, a seed's, a batch norm's, a sweep point's. */
    public static List<RunFolder> runFolders(Path results, List<ExperimentSpec> catalog) {
        List<RunFolder> folders = new ArrayList<>();
        try {
            for (ExperimentSpec spec : catalog) {
                RunFolder folder = RunFolder.of(results, spec.id());
                folders.add(folder);
                folders.addAll(folder.seeds());
                spec.batchNormRuns().forEach(one -> folders.add(RunFolder.of(results, one.id())));
            }
            for (Path sweep : SweepReport.folders(results)) {
                try (Stream<Path> points = Files.list(sweep)) {
                    points.filter(p -> p.getFileName().toString().matches(RunLayout.SWEEP_POINT)
                            && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted()
                            .forEach(p -> folders.add(RunFolder.of(sweep, p.getFileName().toString())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folders;
    }

    /** One experiment's figures in {@code folder}: each seed's, and the experiment's (mean and band over seeds). */
    private static List<Path> redraw(RunFolder folder, ExperimentSpec spec, ResultsReader reader) throws IOException {
        ResultsReader.Experiment experiment = reader.experiment(folder);
        List<Path> written = new ArrayList<>();
        for (ResultsReader.Run seed : experiment.seeds()) {
            written.addAll(figures(seed, spec.id(), spec, List.of(seed.evaluations())));
        }
        // Drawn from every seed: a seed that cannot be read leaves them as they are.
        if (experiment.whole() && !experiment.curves().isEmpty()) {
            written.addAll(figures(experiment.own(), spec.id(), spec, experiment.curves()));
        }
        return written;
    }

    /** Each sweep point's figures, as an experiment's of the sweep's (one whose experiment the catalog has). */
    private static List<Path> redrawSweepPoints(Path results, List<ExperimentSpec> catalog, ResultsReader reader)
            throws IOException {
        List<Path> written = new ArrayList<>();
        for (Path sweep : SweepReport.folders(results)) {
            SweepReport.Definition definition;
            try {
                definition = SweepReport.readDefinition(sweep);
            } catch (IOException e) {
                // SweepReport says what is wrong with it, and leaves its figures as they are.
                continue;
            }
            ExperimentSpec spec = catalog.stream().filter(s -> s.id().equals(definition.experiment())).findFirst()
                    .orElse(null);
            if (spec == null) {
                continue;
            }
            for (String point : definition.points()) {
                if (Files.isDirectory(sweep.resolve(point), LinkOption.NOFOLLOW_LINKS)) {
                    written.addAll(redraw(RunFolder.of(sweep, point), spec, reader));
                }
            }
        }
        return written;
    }

    /** Section 3: each implementation's figures, and their test accuracy on one chart. */
    private static List<Path> redrawBatchNorm(Path results, ExperimentSpec spec, ResultsReader reader)
            throws IOException {
        List<Path> written = new ArrayList<>();
        Map<String, List<EvalPoint>> testCurves = new LinkedHashMap<>();
        Map<String, Color> colors = new LinkedHashMap<>();
        for (ExperimentSpec one : spec.batchNormRuns()) {
            ResultsReader.Experiment run = reader.experiment(RunFolder.of(results, one.id()));
            if (run.whole() && !run.curves().isEmpty()) {
                written.addAll(figures(run.own(), one.id(), spec, run.curves()));
            }
            if (run.hasCurves()) {
                String name = Settings.BATCH_NORM.writeOf(one) + run.own().status().note();
                testCurves.put(name, run.curves().get(0));
                colors.put(name, ExperimentColors.of(one.id()));
            }
        }
        RunFolder folder = RunFolder.of(results, spec.id());
        if (testCurves.size() == spec.hyper().compareBatchNorms().size() && Files.isDirectory(folder.path())) {
            Path file = folder.curves();
            AtomicFiles.write(file, ComparisonChart.testAccuracy(ChartTitles.batchNormComparison(spec), testCurves,
                    colors));
            written.add(file);
        }
        return written;
    }

    /**
     * A run's figures from its files, read whole before: curves.png from {@code runs} (its own
     * evaluations, or each seed's), confusion.png from its summary and diagnostics.png, each when
     * there is what it draws ({@link RunFigures}).
     */
    private static List<Path> figures(ResultsReader.Run run, String id, ExperimentSpec spec,
            List<List<EvalPoint>> runs) throws IOException {
        String title = ChartTitles.curves(id, spec, run.folder(), runs.size(), run.status());
        return RunFigures.draw(run.folder(), RunFigures.Inputs.titled(title).withCurves(runs)
                .withDiagnostics(run.diagnostics())
                .withConfusion(run.summary() == null ? null : run.summary().confusion()));
    }

    /**
     * results/figures/layers-section-2-3.png: the gradient norm and update ratio of each linear
     * layer of section 2's deep MLPs and section 3's batch norms, at step {@link #LAYERS_EARLY_STEP}
     * and at the end; drawn when all those runs recorded their layers.
     */
    private static Optional<Path> layers(Path results, ResultsReader reader) throws IOException {
        Map<String, Diagnostics> runs = new LinkedHashMap<>();
        Map<String, Color> colors = new LinkedHashMap<>();
        for (String id : LAYER_RUNS) {
            ResultsReader.Run run = reader.run(RunFolder.of(results, id)).orElse(null);
            if (run == null || run.diagnostics() == null || !run.diagnostics().steps().contains(LAYERS_EARLY_STEP)) {
                return Optional.empty();
            }
            runs.put(id + run.status().note(), run.diagnostics());
            colors.put(id + run.status().note(), ExperimentColors.of(id));
        }
        Path file = RunLayout.figure(results, RunLayout.LAYERS);
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, LayerComparisonChart.png("Inside the layers: section 2's deep MLPs and section 3's"
                + " batch norms, linear layers only", runs, colors, LAYERS_EARLY_STEP));
        return Optional.of(file);
    }

    /**
     * results/figures/per-class-accuracy.png: every experiment's test accuracy class by class (the
     * mean over seeds), for those whose summary has it.
     */
    private static Optional<Path> perClass(Path results, List<ExperimentSpec> catalog, ResultsReader reader)
            throws IOException {
        Map<String, Map<String, Double>> runs = new LinkedHashMap<>();
        Map<String, Color> colors = new LinkedHashMap<>();
        for (ExperimentSpec spec : catalog) {
            ResultsReader.Experiment experiment = reader.experiment(RunFolder.of(results, spec.id()));
            Summary summary = experiment.whole() ? experiment.own().summary() : null;
            if (summary != null && summary.perClassAccuracy() != null) {
                int seeds = summary instanceof SeedsSummary over ? over.seeds().size() : 1;
                String name = spec.id() + (seeds > 1 ? " (mean of " + seeds + " seeds)" : "") + summary.status().note();
                runs.put(name, summary.perClassAccuracy());
                colors.put(name, ExperimentColors.of(spec.id()));
            }
        }
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        Path file = RunLayout.figure(results, RunLayout.PER_CLASS);
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, PerClassChart.png("Per-class test accuracy at the final evaluation, every experiment",
                CifarData.CLASS_NAMES, runs, colors));
        return Optional.of(file);
    }

    /**
     * Writes every comparison figure whose runs exist under {@code results} and can be read;
     * returns the files written.
     */
    public static List<Path> write(Path results, List<ExperimentSpec> catalog, ResultsReader reader,
            PrintStream out) {
        List<Path> written = new ArrayList<>();
        try {
            ReportRuns loaded = ReportRuns.load(results, reader);
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
                        "Figures 3-6: test accuracy as section 2 improves the MLP", story, colorsOf(story.keySet())));
                written.add(file);
            }
            perClass(results, catalog, reader).ifPresent(written::add);
            layers(results, reader).ifPresent(written::add);
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

    /** Each legend entry's colour: that of the experiment it starts with ("mlp-djl (mean of 3 seeds)": mlp-djl's). */
    static Map<String, Color> colorsOf(Collection<String> names) {
        Map<String, Color> colors = new LinkedHashMap<>();
        for (String name : names) {
            colors.put(name, ExperimentColors.of(name.contains(" ") ? name.substring(0, name.indexOf(' ')) : name));
        }
        return colors;
    }

    /**
     * The runs the comparison figures draw, by experiment id (each seed's evaluations), and what a
     * legend adds for a run that did not end normally.
     */
    record ReportRuns(Map<String, List<List<EvalPoint>>> runs, Map<String, String> notes) {

        /** The experiments the comparison figures draw whose files can be read and that have evaluations. */
        static ReportRuns load(Path results, ResultsReader reader) {
            Map<String, List<List<EvalPoint>>> runs = new LinkedHashMap<>();
            Map<String, String> notes = new LinkedHashMap<>();
            for (String id : Stream.concat(Stream.of("mlp-numpy"), SECTION_2_STORY.stream()).toList()) {
                ResultsReader.Experiment experiment = reader.experiment(RunFolder.of(results, id));
                if (experiment.hasCurves()) {
                    runs.put(id, experiment.curves());
                    notes.put(id, experiment.own().status().note());
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
        AtomicFiles.write(file, Panels.png(title, panels));
        return file;
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
