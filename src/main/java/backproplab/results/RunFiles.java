package backproplab.results;

import backproplab.chart.CurvesChart;
import backproplab.chart.DiagnosticsChart;
import backproplab.diagnostics.Diagnostics;
import backproplab.train.EvalPoint;
import backproplab.train.StepLoop;
import backproplab.train.TrainingListener;
import backproplab.util.HaltPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The measured files of a training run as it goes: each evaluation is appended to
 * {@code metrics.csv.partial} at once; {@link #putInPlace} moves it over {@code metrics.csv} and
 * draws {@code curves.png} from what was measured, and writes the layer statistics recorded up to
 * the last evaluation as {@code diagnostics.csv} and {@code diagnostics.png}. When that happens
 * (the run's end, however it comes) is the run's to say.
 */
public final class RunFiles implements TrainingListener, AutoCloseable {

    private final RunFolder folder;
    private final String chartTitle;
    private final MetricsCsv csv;
    private final List<EvalPoint> points = new CopyOnWriteArrayList<>();
    /** The layer statistics as they were at the last evaluation. */
    private volatile Diagnostics diagnostics = Diagnostics.NONE;
    private boolean closed;

    private RunFiles(RunFolder folder, String chartTitle) throws IOException {
        this.folder = folder;
        this.chartTitle = chartTitle;
        this.csv = new MetricsCsv(folder.metricsPartial());
    }

    /** @param earlier the evaluations a resumed run made before (none for a new run): they start the file */
    public static RunFiles open(RunFolder folder, String chartTitle, List<EvalPoint> earlier) throws IOException {
        RunFiles files = new RunFiles(folder, chartTitle);
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
        // Once the run's end has begun (Ctrl-C while the training thread was still evaluating),
        // what comes later is not part of the files it saves.
        if (closed) {
            return;
        }
        csv.accept(point);
        points.add(point);
    }

    /** Every evaluation so far. */
    public List<EvalPoint> points() {
        return List.copyOf(points);
    }

    /** The step of the last evaluation, 0 before the first. */
    public int lastStep() {
        return points.isEmpty() ? 0 : points.get(points.size() - 1).step();
    }

    /**
     * Takes no more evaluations, and puts metrics.csv, curves.png and the layer statistics in
     * place; the charts' title says how the run ended. Called again (the run's end failed part-way
     * and is saved as stopped), it draws the charts again with the new title.
     */
    public synchronized void putInPlace(RunStatus status) throws IOException {
        closed = true;
        csv.close();
        if (Files.exists(folder.metricsPartial())) {
            // Appended line by line, but on the disk only now: the summary that follows points at it.
            AtomicFiles.force(folder.metricsPartial());
            AtomicFiles.moveInPlace(folder.metricsPartial(), folder.metrics());
        }
        HaltPoint.reached(HaltPoint.FIGURES);
        if (!points.isEmpty()) {
            AtomicFiles.write(folder.curves(), CurvesChart.png(chartTitle + status.titleSuffix(),
                    points()));
        }
        Diagnostics recorded = diagnostics;
        if (!recorded.isEmpty()) {
            DiagnosticsCsv.write(folder.diagnostics(), recorded);
            AtomicFiles.write(folder.diagnosticsFigure(),
                    DiagnosticsChart.png(chartTitle + status.titleSuffix() + DiagnosticsChart.TITLE_SUFFIX,
                            recorded));
        }
    }

    /**
     * Closes the metrics file; one not put in place stays {@code metrics.csv.partial} beside the
     * metrics.csv it was to replace, which stays whole.
     */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        csv.close();
    }
}
