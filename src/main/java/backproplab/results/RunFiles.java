package backproplab.results;

import backproplab.diagnostics.Diagnostics;
import backproplab.train.EvalPoint;
import backproplab.train.StepLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The measured files of a training run as it goes: each evaluation is appended to
 * {@code metrics.csv.partial} at once; {@link #putInPlace} moves it over {@code metrics.csv} and
 * writes the layer statistics recorded up to the last evaluation as {@code diagnostics.csv}. When
 * that happens (the run's end, however it comes) is the run's to say.
 */
public final class RunFiles implements AutoCloseable {

    private final RunFolder folder;
    private final MetricsCsv csv;
    private final List<EvalPoint> points = new CopyOnWriteArrayList<>();
    /** The layer statistics as they were at the last evaluation. */
    private volatile Diagnostics diagnostics = Diagnostics.NONE;
    private boolean closed;

    private RunFiles(RunFolder folder, boolean validated) throws IOException {
        this.folder = folder;
        this.csv = new MetricsCsv(folder.metricsPartial(), validated);
    }

    /**
     * @param earlier the evaluations a resumed run made before (none for a new run): they start the file
     * @param validated whether the run evaluates a validation set
     */
    public static RunFiles open(RunFolder folder, List<EvalPoint> earlier, boolean validated) throws IOException {
        RunFiles files = new RunFiles(folder, validated);
        earlier.forEach(files::accept);
        return files;
    }

    public synchronized void onEvaluation(EvalPoint point, StepLoop loop) {
        // Once the run's end has begun, the statistics stay those of the evaluations it saves.
        if (!closed) {
            diagnostics = loop.diagnostics();
            accept(point);
        }
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

    /** The layer statistics as they were at the last evaluation. */
    public Diagnostics diagnostics() {
        return diagnostics;
    }

    /**
     * Takes no more evaluations, and puts metrics.csv and the layer statistics (diagnostics.csv) in
     * place; called again (the run's end failed part-way), it leaves them as they are.
     */
    public synchronized void putInPlace() throws IOException {
        closed = true;
        csv.close();
        if (Files.exists(folder.metricsPartial())) {
            // Appended line by line, but on the disk only now: the summary that follows points at it.
            AtomicFiles.force(folder.metricsPartial());
            AtomicFiles.moveInPlace(folder.metricsPartial(), folder.metrics());
        }
        Diagnostics recorded = diagnostics;
        if (!recorded.isEmpty()) {
            DiagnosticsCsv.write(folder.diagnostics(), recorded);
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
