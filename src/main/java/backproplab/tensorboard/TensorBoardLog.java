package backproplab.tensorboard;

import backproplab.diagnostics.ActivationStats;
import backproplab.diagnostics.Diagnostics;
import backproplab.diagnostics.Histogram;
import backproplab.diagnostics.LayerRecorder;
import backproplab.diagnostics.ParameterStats;
import backproplab.results.RunFigure;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.train.BatchScore;
import backproplab.train.EvalPoint;
import backproplab.train.History;
import backproplab.train.StepLoop;
import backproplab.train.StepTimes;
import backproplab.util.UserPath;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * A run's TensorBoard event files, in {@code <run>/tensorboard/}, written as it trains: at each
 * evaluation the metrics.csv columns, the best test accuracy so far (with a validation set, the test
 * accuracy at the best validation accuracy so far too) and the mean ms/step since the previous
 * evaluation; at each recorded step the layer statistics and the histograms of every
 * weight and gradient; at the start the settings as text and the run as a session of the hparams
 * plugin; at the end the run's figures as images and how the session ended.
 *
 * <p>A resumed run writes a new file that starts with a session log START at its first new step:
 * TensorBoard then drops what the earlier files hold from that step on (the steps made after the
 * checkpoint and before the run stopped), so no point is shown twice. A run made again from step
 * 0 deletes the folder's earlier event files first.
 */
public final class TensorBoardLog implements AutoCloseable {

    /** The scalar tags that stand for a run in the hparams dashboard, with how it shows them. */
    static final Map<String, String> METRICS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("test/accuracy", "final test accuracy");
        m.put("test/best_accuracy", "best test accuracy");
        m.put("test/selected_accuracy", "test accuracy at the best validation accuracy");
        m.put("validation/accuracy", "final validation accuracy");
        m.put("test/loss", "final test loss");
        m.put("train/loss", "final train loss");
        m.put("time/ms_per_step", "ms/step (last interval)");
        METRICS = Collections.unmodifiableMap(m);
    }

    /**
     * What a run says of itself in TensorBoard.
     *
     * @param hparams its hyperparameters, each a Number or a String (the same names for every run,
     *     so that every run's experiment record is the same whichever TensorBoard reads)
     * @param differ the hyperparameters the runs of a results folder differ in most, which the
     *     hparams dashboard shows first
     * @param settings markdown: the command and the resolved settings
     */
    public record Description(Map<String, Object> hparams, Set<String> differ, String settings) {

        public Description {
            hparams = Collections.unmodifiableMap(new LinkedHashMap<>(hparams));
            differ = Set.copyOf(differ);
        }
    }

    private final EventFile file;
    /** Time spent encoding and writing, in this process. */
    private long writeNanos;
    private double bestAccuracy;
    private long intervalNanos;
    private int intervalSteps;

    private TensorBoardLog(EventFile file, double bestAccuracy) {
        this.file = file;
        this.bestAccuracy = bestAccuracy;
    }

    /**
     * Opens the run's event file: a first one for a run at step 0 (the folder's earlier files
     * deleted), else one that continues the earlier files from the loop's step. A resumed run
     * whose folder holds no event file (made with {@code -Dtensorboard=false}, or before the suite
     * wrote them) gets its evaluations and statistics so far written first.
     */
    public static TensorBoardLog open(RunFolder run, Description description, StepLoop loop) throws IOException {
        Path folder = run.tensorboard();
        Files.createDirectories(folder);
        int step = loop.stepsDone();
        boolean earlierFiles = !EventFile.existing(folder).isEmpty();
        if (step == 0 && earlierFiles) {
            RunLayout.empty(folder, RunLayout.Kind.TENSORBOARD);
            earlierFiles = false;
        }
        double best = loop.points().stream().mapToDouble(EvalPoint::testAccuracy).max().orElse(Double.NEGATIVE_INFINITY);
        TensorBoardLog log = new TensorBoardLog(EventFile.create(folder), best);
        if (earlierFiles) {
            log.file.write(Events.sessionStart(EventFile.now(), step + 1));
            return log;
        }
        log.file.write(Events.sessionStart(EventFile.now(), 0));
        log.writeDescription(description);
        log.writeEarlier(loop.points(), loop.diagnostics());
        return log;
    }

    private void writeDescription(Description description) throws IOException {
        double now = EventFile.now();
        file.write(Events.summary(now, 0, List.of(
                Events.hparams(Events.HParams.EXPERIMENT_TAG, Events.HParams.experiment("backprop-lab runs", now,
                        description.hparams(), description.differ(), METRICS)),
                Events.hparams(Events.HParams.SESSION_START_TAG,
                        Events.HParams.sessionStart(now, description.hparams())),
                Events.text("settings", description.settings()))));
    }

    /** A resumed run's evaluations and layer statistics from before, when no event file holds them. */
    private void writeEarlier(List<EvalPoint> points, Diagnostics diagnostics) throws IOException {
        List<Integer> steps = diagnostics.steps();
        int next = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < points.size(); i++) {
            EvalPoint point = points.get(i);
            while (next < steps.size() && steps.get(next) <= point.step()) {
                int step = steps.get(next++);
                file.write(Events.summary(EventFile.now(), step, layerScalars(diagnostics.at(step))));
            }
            best = Math.max(best, point.testAccuracy());
            file.write(Events.summary(EventFile.now(), point.step(),
                    evaluationScalars(point, best, History.selected(points.subList(0, i + 1)), Double.NaN,
                            Double.NaN)));
        }
    }

    public void onStep(int step, BatchScore score, StepTimes times) {
        intervalNanos += times.total();
        intervalSteps++;
    }

    public void onLayers(LayerRecorder.RecordedStep recorded) {
        List<Proto> values = layerScalars(recorded.rows());
        for (Histogram.OfLayer layer : recorded.histograms()) {
            if (layer.weight() != null) {
                values.add(Events.histogram("weights/" + layer.layer(), layer.weight()));
            }
            if (layer.gradient() != null) {
                values.add(Events.histogram("gradients/" + layer.layer(), layer.gradient()));
            }
        }
        write(recorded.step(), values);
    }

    public void onEvaluation(EvalPoint point, StepLoop loop) {
        bestAccuracy = Math.max(bestAccuracy, point.testAccuracy());
        double msPerStep = intervalSteps == 0 ? Double.NaN : intervalNanos / 1e6 / intervalSteps;
        intervalNanos = 0;
        intervalSteps = 0;
        write(point.step(), evaluationScalars(point, bestAccuracy, History.selected(loop.points()), msPerStep,
                loop.learningRate()));
    }

    /** @param selected the evaluation of best validation accuracy so far; null without a validation set */
    private static List<Proto> evaluationScalars(EvalPoint point, double best, EvalPoint selected, double msPerStep,
            double learningRate) {
        List<Proto> values = new ArrayList<>(List.of(
                Events.scalar("train/loss", point.trainLoss()),
                Events.scalar("train/accuracy", point.trainAccuracy()),
                Events.scalar("test/loss", point.testLoss()),
                Events.scalar("test/accuracy", point.testAccuracy()),
                Events.scalar("test/best_accuracy", best),
                Events.scalar("time/elapsed_s", point.elapsedSeconds()),
                Events.scalar("memory/resident_mb", point.residentMb())));
        if (point.validation() != null) {
            values.add(Events.scalar("validation/loss", point.validationLoss()));
            values.add(Events.scalar("validation/accuracy", point.validationAccuracy()));
        }
        if (selected != null) {
            values.add(Events.scalar("test/selected_accuracy", selected.testAccuracy()));
        }
        if (!Double.isNaN(msPerStep)) {
            values.add(Events.scalar("time/ms_per_step", msPerStep));
        }
        // The rate of the last step (of the schedule); not known of a resumed run's earlier evaluations.
        if (!Double.isNaN(learningRate)) {
            values.add(Events.scalar("train/learning_rate", learningRate));
        }
        return values;
    }

    /** A recorded step's statistics, a tag per statistic and layer ({@code update_ratio/linear1}). */
    private static List<Proto> layerScalars(Diagnostics rows) {
        List<Proto> values = new ArrayList<>();
        for (ParameterStats p : rows.parameters()) {
            values.add(Events.scalar("weight_norm/" + p.layer(), p.weightNorm()));
            values.add(Events.scalar("weight_std/" + p.layer(), p.weightStd()));
            values.add(Events.scalar("gradient_norm/" + p.layer(), p.gradientNorm()));
            values.add(Events.scalar("gradient_std/" + p.layer(), p.gradientStd()));
            values.add(Events.scalar("update_ratio/" + p.layer(), p.updateRatio()));
        }
        for (ActivationStats a : rows.activations()) {
            values.add(Events.scalar("activation_mean/" + a.layer(), a.mean()));
            values.add(Events.scalar("activation_std/" + a.layer(), a.std()));
            values.add(Events.scalar("zero_fraction/" + a.layer(), a.zeroFraction()));
            values.add(Events.scalar("dead_fraction/" + a.layer(), a.deadFraction()));
        }
        return values;
    }

    /**
     * The end of the run: the figures in its folder that TensorBoard shows ({@link RunFigure}) as
     * images at {@code step}, and the session's end (a failure when it diverged).
     */
    public void finish(RunFolder run, int step, boolean diverged) throws IOException {
        long start = System.nanoTime();
        List<Proto> images = new ArrayList<>();
        for (RunFigure figure : RunFigure.values()) {
            Path file = figure.in(run);
            if (figure.tensorBoardTag() != null && Files.isRegularFile(file)) {
                BufferedImage image = ImageIO.read(file.toFile());
                if (image != null) {
                    images.add(Events.image(figure.tensorBoardTag(), image.getWidth(), image.getHeight(),
                            IndexedPng.encode(image)));
                }
            }
        }
        double now = EventFile.now();
        images.add(Events.hparams(Events.HParams.SESSION_END_TAG, Events.HParams.sessionEnd(now,
                diverged ? Events.HParams.STATUS_FAILURE : Events.HParams.STATUS_SUCCESS)));
        file.write(Events.summary(now, step, images));
        writeNanos += System.nanoTime() - start;
    }

    private void write(int step, List<Proto> values) {
        long start = System.nanoTime();
        try {
            file.write(Events.summary(EventFile.now(), step, values));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeNanos += System.nanoTime() - start;
    }

    /** What the run wrote, for its last line: the folder's size, and the time this process spent writing. */
    public String written() throws IOException {
        long bytes = 0;
        for (Path p : EventFile.existing(file.path().getParent())) {
            bytes += Files.size(p);
        }
        return String.format("%.2f MB of TensorBoard events in %s (%.2f s spent writing)", bytes / 1e6,
                UserPath.shown(file.path().getParent()), writeNanos / 1e9);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
