package backproplab.results;

import backproplab.chart.CurvesChart;
import backproplab.train.EvalPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The files of a training run as it goes: each evaluation is appended to
 * {@code metrics.csv.partial} and flushed; {@link #finish} (or Ctrl-C, through a shutdown hook)
 * moves it over {@code metrics.csv} and draws {@code curves.png} from what was measured. An earlier
 * run's files are replaced whole, never left half-written.
 */
public final class RunFiles implements Consumer<EvalPoint>, AutoCloseable {

    private final Path folder;
    private final String chartTitle;
    private final MetricsCsv csv;
    private final List<EvalPoint> points = new CopyOnWriteArrayList<>();
    private final Thread onInterrupt;
    private boolean finished;

    private RunFiles(Path folder, String chartTitle) throws IOException {
        this.folder = folder;
        this.chartTitle = chartTitle;
        this.csv = new MetricsCsv(partialCsv());
        this.onInterrupt = new Thread(this::saveQuietly, "save-results-on-exit");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
    }

    public static RunFiles open(Path folder, String chartTitle) throws IOException {
        return new RunFiles(folder, chartTitle);
    }

    @Override
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

    /** Puts metrics.csv and curves.png in place. */
    public synchronized void finish() throws IOException {
        if (finished) {
            return;
        }
        csv.close();
        if (Files.exists(partialCsv())) {
            AtomicFiles.moveInPlace(partialCsv(), folder.resolve("metrics.csv"));
        }
        if (!points.isEmpty()) {
            AtomicFiles.write(folder.resolve("curves.png"), CurvesChart.png(chartTitle, points()));
        }
        finished = true;
    }

    /** Saves what there is, then stops listening for Ctrl-C. */
    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down: the hook is running or has run.
            }
        }
    }

    private void saveQuietly() {
        try {
            finish();
            System.err.println("interrupted: " + points.size() + " evaluations saved in " + folder);
        } catch (IOException | RuntimeException e) {
            System.err.println("interrupted: could not save results in " + folder + ": " + e);
        }
    }

    private Path partialCsv() {
        return folder.resolve("metrics.csv.partial");
    }
}
