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

/**
 * A run's TensorBoard event files, in the run's own folder (so that TensorBoard names the run as
 * the folder is named), written as it trains: at each step the batch's loss and accuracy; at each
 * evaluation the other metrics.csv columns, the best test accuracy so far (with a validation set,
 * the test accuracy at the best validation accuracy so far too), the learning rate and the mean
 * ms/step since the previous evaluation; at each recorded step the layer statistics and the
 * histograms of every weight and gradient; at the start the settings as text and the run as a
 * session of the hparams plugin; at the end the run's figures as images (the PNG files as they are)
 * and how the session ended. {@link Tags} names each.
 *
 * <p>A resumed run writes a new file that starts with a session log START at its first new step:
 * TensorBoard then drops what the earlier files hold from that step on (the steps made after the
 * checkpoint and before the run stopped), so no point is shown twice. A run made again from step
 * 0 deletes the folder's earlier event files first; a resumed run of an earlier version of the
 * suite has its files moved into its folder first ({@link EarlierEvents}).
 */
public final class TensorBoardLog implements AutoCloseable {

    /** The scalar tags that stand for a run in the hparams dashboard, with how it shows them. */
    static final Map<String, String> METRICS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Tags.TEST_ACCURACY, "final test accuracy");
        m.put(Tags.TEST_BEST_ACCURACY, "best test accuracy");
        m.put(Tags.TEST_SELECTED_ACCURACY, "test accuracy at the best validation accuracy");
        m.put(Tags.VALIDATION_ACCURACY, "final validation accuracy");
        m.put(Tags.TEST_LOSS, "final test loss");
        m.put(Tags.TRAIN_LOSS, "last step's train loss");
        m.put(Tags.MS_PER_STEP, "ms/step (last interval)");
        METRICS = Collections.unmodifiableMap(m);
    }

    /**
     * What a run says of itself in TensorBoard.
     *
     * @param hparams its hyperparameters, each a Number or a String (the same names for every run,
     *     so that every run's experiment record is the same whichever TensorBoard reads)
     * @param differ the hyperparameters the hparams dashboard shows before it is told otherwise
     *     (it shows five: those it is told differ between runs, by name)
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
        Path folder = run.path();
        int step = loop.stepsDone();
        if (step == 0) {
            RunLayout.delete(run.earlierTensorboard(), RunLayout.Kind.TENSORBOARD);
            RunLayout.deleteFiles(folder, RunLayout.Kind.RUN, RunLayout.EVENT_FILE, null);
        } else {
            EarlierEvents.moveIn(run, description);
        }
        boolean earlierFiles = !EventFile.existing(folder).isEmpty();
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
        file.write(Events.summary(now, 0, List.of(experimentRecord(description),
                Events.hparams(Events.HParams.SESSION_START_TAG,
                        Events.HParams.sessionStart(now, description.hparams())),
                Events.text("settings", description.settings()))));
    }

    /** The hparams plugin's experiment: the hyperparameters of every run, and its metrics. */
    static Proto experimentRecord(Description description) {
        return Events.hparams(Events.HParams.EXPERIMENT_TAG, Events.HParams.experiment("backprop-lab runs",
                EventFile.now(), description.hparams(), description.differ(), METRICS));
    }

    /**
     * A resumed run's evaluations and layer statistics from before, when no event file holds them: its
     * training loss and accuracy as metrics.csv has them, the means since the previous evaluation.
     */
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
                    trainMeans(point, evaluationScalars(point, best, History.selected(points.subList(0, i + 1)),
                            Double.NaN, Double.NaN))));
        }
    }

    /** A training step: its batch's loss and accuracy. */
    public void onStep(int step, BatchScore score, StepTimes times) {
        intervalNanos += times.total();
        intervalSteps++;
        write(step, List.of(Events.scalar(Tags.TRAIN_LOSS, score.loss()),
                Events.scalar(Tags.TRAIN_ACCURACY, (double) score.correct() / score.size())));
    }

    public void onLayers(LayerRecorder.RecordedStep recorded) {
        List<Proto> values = layerScalars(recorded.rows());
        for (Histogram.OfLayer layer : recorded.histograms()) {
            if (layer.weight() != null) {
                values.add(Events.histogram(Tags.weightHistogram(layer.layer()), layer.weight()));
            }
            if (layer.gradient() != null) {
                values.add(Events.histogram(Tags.gradientHistogram(layer.layer()), layer.gradient()));
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
                Events.scalar(Tags.TEST_LOSS, point.testLoss()),
                Events.scalar(Tags.TEST_ACCURACY, point.testAccuracy()),
                Events.scalar(Tags.TEST_BEST_ACCURACY, best),
                Events.scalar(Tags.ELAPSED_SECONDS, point.elapsedSeconds()),
                Events.scalar(Tags.RESIDENT_MB, point.residentMb())));
        if (point.validation() != null) {
            values.add(Events.scalar(Tags.VALIDATION_LOSS, point.validationLoss()));
            values.add(Events.scalar(Tags.VALIDATION_ACCURACY, point.validationAccuracy()));
        }
        if (selected != null) {
            values.add(Events.scalar(Tags.TEST_SELECTED_ACCURACY, selected.testAccuracy()));
        }
        if (!Double.isNaN(msPerStep)) {
            values.add(Events.scalar(Tags.MS_PER_STEP, msPerStep));
        }
        // The rate of the last step (of the schedule); not known of a resumed run's earlier evaluations.
        if (!Double.isNaN(learningRate)) {
            values.add(Events.scalar(Tags.LEARNING_RATE, learningRate));
        }
        return values;
    }

    /** {@code values} with the training loss and accuracy of an evaluation: the means since the previous one. */
    private static List<Proto> trainMeans(EvalPoint point, List<Proto> values) {
        values.add(Events.scalar(Tags.TRAIN_LOSS, point.trainLoss()));
        values.add(Events.scalar(Tags.TRAIN_ACCURACY, point.trainAccuracy()));
        return values;
    }

    /** A recorded step's statistics, a tag per statistic and layer ({@code layers/update_ratio/linear1}). */
    private static List<Proto> layerScalars(Diagnostics rows) {
        List<Proto> values = new ArrayList<>();
        for (ParameterStats p : rows.parameters()) {
            double[] of = {p.weightNorm(), p.weightStd(), p.gradientNorm(), p.gradientStd(), p.updateRatio()};
            for (int i = 0; i < of.length; i++) {
                values.add(Events.scalar(Tags.layer(Tags.WEIGHT_STATISTICS.get(i), p.layer()), of[i]));
            }
        }
        for (ActivationStats a : rows.activations()) {
            double[] of = {a.mean(), a.std(), a.zeroFraction(), a.deadFraction()};
            for (int i = 0; i < of.length; i++) {
                values.add(Events.scalar(Tags.layer(Tags.ACTIVATION_STATISTICS.get(i), a.layer()), of[i]));
            }
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
                images.add(Events.image(figure.tensorBoardTag(), Files.readAllBytes(file)));
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
