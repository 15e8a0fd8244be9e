package backproplab.results;

import backproplab.chart.CurvesChart;
import backproplab.chart.DiagnosticsChart;
import backproplab.diagnostics.Diagnostics;
import backproplab.train.EvalPoint;
import backproplab.train.StepLoop;
import backproplab.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The files of a training run as it goes: each evaluation is appended to
 * {@code metrics.csv.partial} and flushed; {@link #finish} moves it over {@code metrics.csv} and
 * draws {@code curves.png} from what was measured, and writes the layer statistics recorded up to
 * the last evaluation as {@code diagnostics.csv} and {@code diagnostics.png}. On Ctrl-C the same
 * happens from the shutdown hook ({@link OnInterrupt}), with the charts titled as interrupted, and
 * {@code onInterrupt} is told the evaluations so far (to write a summary that says so).
 */
public final class RunFiles implements TrainingListener, AutoCloseable {

    private final Path folder;
    private final String chartTitle;
    private final int steps;
    private final Consumer<List<EvalPoint>> onInterrupt;
    private final MetricsCsv csv;
    private final List<EvalPoint> points = new CopyOnWriteArrayList<>();
    private final OnInterrupt.Registration registration;
    /** The layer statistics as they were at the last evaluation. */
    private volatile Diagnostics diagnostics = Diagnostics.NONE;
    private boolean finished;

    private RunFiles(Path folder, String chartTitle, int steps, Consumer<List<EvalPoint>> onInterrupt)
            throws IOException {
        this.folder = folder;
        this.chartTitle = chartTitle;
        this.steps = steps;
        this.onInterrupt = onInterrupt;
        this.csv = new MetricsCsv(partialCsv());
        this.registration = OnInterrupt.register(this::saveInterrupted);
    }

    /**
     * @param steps the steps the run is to make, for the title of an interrupted run's chart
     * @param onInterrupt told the evaluations so far when the run is interrupted, after the
     *     metrics and the chart are in place
     * @param earlier the evaluations a resumed run made before (none for a new run): they start the file
     */
    public static RunFiles open(Path folder, String chartTitle, int steps, Consumer<List<EvalPoint>> onInterrupt,
            List<EvalPoint> earlier) throws IOException {
        RunFiles files = new RunFiles(folder, chartTitle, steps, onInterrupt);
        earlier.forEach(files::accept);
        return files;
    }

    @Override
    public void onEvaluation(EvalPoint point, StepLoop loop) {
        diagnostics = loop.diagnostics();
        accept(point);
    }

    /** Appends an evaluation to the metrics file, at once. */
    public synchronized void accept(EvalPoint point) {
        // After an interruption has saved the files, the training thread may still be finishing
        // an evaluation: the run is over, so it is dropped.
        if (finished) {
            return;
        }
        csv.accept(point);
        points.add(point);
    }

    /** Every evaluation so far. */
    public List<EvalPoint> points() {
        return List.copyOf(points);
    }

    /** Puts metrics.csv and curves.png in place; the chart's title says how the run ended. */
    public synchronized void finish(RunStatus status) throws IOException {
        if (finished) {
            return;
        }
        csv.close();
        if (Files.exists(partialCsv())) {
            // Flushed line by line, but on the disk only now: the summary that follows points at it.
            AtomicFiles.force(partialCsv());
            AtomicFiles.moveInPlace(partialCsv(), folder.resolve(RunLayout.METRICS));
        }
        if (!points.isEmpty()) {
            AtomicFiles.write(folder.resolve(RunLayout.CURVES), CurvesChart.png(chartTitle + status.titleSuffix(),
                    points()));
        }
        Diagnostics recorded = diagnostics;
        if (!recorded.isEmpty()) {
            DiagnosticsCsv.write(folder.resolve(RunLayout.DIAGNOSTICS), recorded);
            AtomicFiles.write(folder.resolve(RunLayout.DIAGNOSTICS_FIGURE),
                    DiagnosticsChart.png(chartTitle + status.titleSuffix() + DiagnosticsChart.TITLE_SUFFIX,
                            recorded));
        }
        finished = true;
    }

    /** Saves what there is (as interrupted, if {@link #finish} was not called), and stops listening for Ctrl-C. */
    @Override
    public void close() throws IOException {
        try {
            finish(status(true));
        } finally {
            registration.close();
        }
    }

    private RunStatus status(boolean interrupted) {
        int done = points.isEmpty() ? 0 : points.get(points.size() - 1).step();
        return new RunStatus(false, interrupted, done, steps);
    }

    private void saveInterrupted() {
        boolean saved;
        synchronized (this) {
            saved = !finished;
            try {
                finish(status(true));
            } catch (IOException | RuntimeException e) {
                System.err.println("interrupted: could not save results in " + folder + ": " + e);
                return;
            }
        }
        if (saved) {
            onInterrupt.accept(points());
            System.err.println("interrupted: " + points.size() + " evaluations saved in " + folder);
        }
    }

    private Path partialCsv() {
        return folder.resolve(RunLayout.METRICS_PARTIAL);
    }
}
