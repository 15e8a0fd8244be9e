package backproplab.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import backproplab.config.Augmentation;
import backproplab.config.Input;
import backproplab.data.BatchBuffer;
import backproplab.data.BatchStream;
import backproplab.data.CifarData;
import backproplab.data.Preprocessing;
import backproplab.diagnostics.Diagnostics;
import backproplab.diagnostics.LayerRecorder;
import backproplab.util.ResidentMemory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * The training loop's state and its two moves, step-based: {@link #step} trains on the next batch
 * of the course's batch stream; after step 1, every {@code evalEvery}-th step and the last step,
 * {@link #evaluate} measures the whole test set, and the validation set when the run has one (the
 * first training images, which the batches never hold). Each step and each test chunk runs in its
 * own NDManager, so native memory stays flat over thousands of steps. The run drives it and
 * records what it measures ({@code experiment/TrainingRun}).
 */
public final class StepLoop {

    /**
     * How long to train, how often to look, and the learning rate of each step.
     *
     * @param learningRateAt the learning rate of step 1, 2, ...
     * @param scheduled whether that rate changes: when it does not, the optimizer keeps its own
     * @param augment what is done to each training image before a step
     * @param seedsEachStep whether a step draws random numbers (dropout's, augmentation's):
     *     libtorch's generator is then seeded anew at each step, from the run's seed and the step's
     *     number, so that a resumed run draws what the run never stopped would have (the
     *     generator's state is not one a checkpoint can hold)
     * @param input how the pixels are scaled before the network sees them
     * @param validation how many of the first training images are the validation set (0: none)
     * @param earlyStop evaluations without a better validation accuracy that end the run (0: none do)
     */
    public record Settings(int steps, int batchSize, int evalEvery, int evalBatchSize, long seed,
            IntToDoubleFunction learningRateAt, boolean scheduled, List<Augmentation> augment, boolean seedsEachStep,
            Input input, int validation, int earlyStop) {

        /** These settings for a run of {@code count} steps (the batches and evaluations do not depend on it). */
        public Settings withSteps(int count) {
            return new Settings(count, batchSize, evalEvery, evalBatchSize, seed, learningRateAt, scheduled, augment,
                    seedsEachStep, input, validation, earlyStop);
        }
    }

    private final Learner learner;
    private final CifarData data;
    private final NDManager scope;
    private final Settings settings;
    private final BatchStream stream;
    private final Preprocessing input;
    private final BatchBuffer trainImages;
    private final BatchBuffer trainLabels;
    /** The training labels in the JVM too: a batch's accuracy is counted here. */
    private final long[] trainLabelValues;
    private final List<EvalPoint> points = new ArrayList<>();
    private int step;
    /** The learning rate of the last step. */
    private double learningRate;
    private boolean diverged;
    /** When this process made its first step (0 before it): the clock of the evaluations' times. */
    private long start;
    private long trainNanos;
    /** Seconds a resumed run had spent before this process took it over. */
    private double elapsedBefore;
    private final long[] testLabels;
    private int[] testPredictions = new int[0];
    /** The test set's confusion matrix at each evaluation, by step. */
    private final Map<Integer, Confusion> confusions = Collections.synchronizedMap(new LinkedHashMap<>());
    // The training batches since the last evaluation.
    private double lossSum;
    private long correct;
    private long seen;
    private int batches;
    /** The layer statistics, or null when the run records none. */
    private LayerRecorder recorder;

    /** @param scope the manager each step's sub-manager is made from */
    public StepLoop(Learner learner, CifarData data, NDManager scope, Settings settings) {
        this.learner = learner;
        this.data = data;
        this.scope = scope;
        this.settings = settings;
        // The batches walk the training images after the validation set's.
        this.stream = new BatchStream(data.trainSize() - settings.validation(), settings.batchSize(), settings.seed());
        this.input = Preprocessing.of(settings.input(), data, scope);
        this.trainImages = new BatchBuffer(scope, data.trainImages(), settings.batchSize());
        this.trainLabels = new BatchBuffer(scope, data.trainLabels(), settings.batchSize());
        this.testLabels = data.testLabels().toLongArray();
        this.trainLabelValues = data.trainLabels().toLongArray();
    }

    /**
     * Records the layer statistics at every evaluation, and every {@code every} steps when it is
     * above 0, with the histograms of the weights and gradients when {@code histograms}; their
     * time is left out of the step times. Each recorded step hands them over ({@link Step#layers}).
     */
    public StepLoop recordLayers(int every, boolean histograms) {
        recorder = new LayerRecorder(learner, every, histograms);
        return this;
    }

    /**
     * Where the loop is at an evaluation: everything the steps still to come depend on besides
     * the learner's own state (the batch stream), and what the loop measured so far.
     *
     * @param trainSeconds time spent in training steps, for ms/step
     * @param elapsedSeconds wall time of the run so far, evaluations included
     * @param diagnostics the layer statistics recorded so far
     */
    public record State(int step, List<EvalPoint> points, Map<Integer, Confusion> confusions,
            BatchStream.State stream, double trainSeconds, double elapsedSeconds, Diagnostics diagnostics) {

        public State {
            points = List.copyOf(points);
            diagnostics = diagnostics == null ? Diagnostics.NONE : diagnostics;
            synchronized (confusions) {
                confusions = Collections.unmodifiableMap(new LinkedHashMap<>(confusions));
            }
        }
    }

    /** The loop's state; at an evaluation, where nothing of the next steps is pending. */
    public State state() {
        double elapsed = points.isEmpty() ? elapsedBefore : points.get(points.size() - 1).elapsedSeconds();
        return new State(step, points, confusions, stream.state(), trainNanos / 1e9, elapsed, diagnostics());
    }

    /** Continues from a saved state (restore the learner's state too): as if the loop had never stopped. */
    public void restore(State state) {
        step = state.step();
        points.clear();
        points.addAll(state.points());
        confusions.clear();
        confusions.putAll(state.confusions());
        stream.restore(state.stream());
        trainNanos = Math.round(state.trainSeconds() * 1e9);
        elapsedBefore = state.elapsedSeconds();
        if (recorder != null) {
            recorder.restore(state.diagnostics());
        }
    }

    /** The layer statistics recorded so far (none when the loop records none). */
    public Diagnostics diagnostics() {
        return recorder == null ? Diagnostics.NONE : recorder.recorded();
    }

    /** Mean time the layer statistics of one recorded step took; NaN when none was recorded. */
    public double statsMsPerRecord() {
        return recorder == null ? Double.NaN : recorder.msPerRecord();
    }

    /**
     * One training step, as the loop made it.
     *
     * @param layers the layer statistics recorded at this step; null when none were
     * @param evaluates whether the test set is to be evaluated now ({@link #evaluate}): step 1,
     *     every evalEvery-th step, the last one, and one whose loss is no longer finite
     */
    public record Step(int step, BatchScore score, StepTimes times, LayerRecorder.RecordedStep layers,
            boolean evaluates) {}

    /**
     * Whether all the steps are made, or the run stops before: the last step's loss was no longer
     * finite, or the validation accuracy has not improved for {@code earlyStop} evaluations.
     */
    public boolean finished() {
        return step >= settings.steps() || diverged || stoppedEarly();
    }

    /** Whether the run ends before its steps because its validation accuracy stopped improving. */
    public boolean stoppedEarly() {
        return settings.earlyStop() > 0 && step < settings.steps() && !diverged
                && History.evaluationsSinceSelected(points) >= settings.earlyStop();
    }

    /**
     * Evaluates the whole test set after the last step: what the training batches since the last
     * evaluation and the test set measure, which the loop keeps.
     */
    public EvalPoint evaluate() {
        // Sampled before the evaluation: its short-lived peak (libtorch's buffers for a test
        // chunk, given back a few seconds later) would otherwise hide or fake growth.
        double residentMb = ResidentMemory.megabytes();
        BatchScore test = evaluateTestSet();
        EvalPoint.Validation validation = settings.validation() > 0 ? evaluateValidationSet() : null;
        EvalPoint point = new EvalPoint(step, lossSum / batches, (double) correct / seen, test.loss(),
                (double) test.correct() / test.size(), elapsedSeconds(), residentMb, validation);
        points.add(point);
        lossSum = 0;
        correct = 0;
        seen = 0;
        batches = 0;
        return point;
    }

    /** What the loop measured, once it has {@link #finished}. */
    public History history() {
        return new History(points, step, msPerStep(), elapsedSeconds(), diverged, stoppedEarly());
    }

    /** Mean wall time of the training steps so far, evaluations excluded. */
    public double msPerStep() {
        return step == 0 ? Double.NaN : trainNanos / 1e6 / step;
    }

    /** The evaluations so far. */
    public List<EvalPoint> points() {
        return List.copyOf(points);
    }

    /** The learning rate of the last step (of the schedule). */
    public double learningRate() {
        return learningRate;
    }

    /** Steps made so far. */
    public int stepsDone() {
        return step;
    }

    public Learner learner() {
        return learner;
    }

    /** What the network sees of an image: a saved model keeps it. */
    public Preprocessing input() {
        return input;
    }

    /** The predicted class of every test image at the last evaluation, in test-set order. */
    public int[] testPredictions() {
        return testPredictions.clone();
    }

    /** The test set's confusion matrix at the evaluation of {@code step}. */
    public Confusion confusion(int step) {
        return confusions.get(step);
    }

    /** Wall time of the run so far, the time before a resume included. */
    private double elapsedSeconds() {
        return elapsedBefore + (start == 0 ? 0 : (System.nanoTime() - start) / 1e9);
    }

    /** The seed of step {@code step}'s random numbers: a mix of the two, from 0 to 2^31 - 1. */
    static int stepSeed(long seed, int step) {
        return Long.hashCode(seed * 0x9E3779B97F4A7C15L + step) & Integer.MAX_VALUE;
    }

    /** Whether {@code step} ends with an evaluation (a diverged step does too). */
    private boolean evaluates(int step) {
        return step == 1 || step % settings.evalEvery() == 0 || step == settings.steps();
    }

    /** The next training step: a batch forward, backward and through the optimizer. */
    public Step step() {
        if (start == 0) {
            start = System.nanoTime();
        }
        step++;
        if (settings.seedsEachStep()) {
            Engine.getInstance().setRandomSeed(stepSeed(settings.seed(), step));
        }
        boolean recording = recorder != null && recorder.records(step, evaluates(step));
        if (recording) {
            recorder.beforeForward();
        }
        long before = System.nanoTime();
        long statsNanos = 0;
        BatchScore score;
        long forward;
        long backward;
        long update;
        try (NDManager stepManager = scope.newSubManager()) {
            long[] rows = trainingRows();
            NDArray images = trainingImages(rows, stepManager);
            NDArray labels = trainLabels.fill(stepManager, rows);
            long t0 = System.nanoTime();
            Learner.Outputs outputs = learner.forward(images, labels);
            long t1 = System.nanoTime();
            learner.backward();
            long t2 = System.nanoTime();
            if (recording) {
                recorder.afterBackward(step);
            }
            long t3 = System.nanoTime();
            learningRate = settings.learningRateAt().applyAsDouble(step);
            if (settings.scheduled()) {
                learner.learningRate(learningRate);
            }
            learner.update();
            long t4 = System.nanoTime();
            if (recording) {
                recorder.afterUpdate(step);
                statsNanos = t3 - t2 + System.nanoTime() - t4;
            }
            forward = t1 - t0;
            backward = t2 - t1;
            update = t4 - t3;
            score = score(outputs, rows);
        }
        StepTimes times = new StepTimes(forward, backward, update, System.nanoTime() - before - statsNanos);
        trainNanos += times.total();
        lossSum += score.loss();
        correct += score.correct();
        seen += score.size();
        batches++;
        diverged = !Double.isFinite(score.loss());
        return new Step(step, score, times, recording ? recorder.last() : null, evaluates(step) || diverged);
    }

    /** The rows of the next batch in the training arrays, past the validation set's. */
    private long[] trainingRows() {
        long[] rows = stream.next();
        if (settings.validation() > 0) {
            for (int i = 0; i < rows.length; i++) {
                rows[i] += settings.validation();
            }
        }
        return rows;
    }

    /** The training images of {@code rows}, preprocessed and augmented as the settings say. */
    private NDArray trainingImages(long[] rows, NDManager stepManager) {
        NDArray images = input.apply(trainImages.fill(stepManager, rows));
        return settings.augment().isEmpty() ? images : Augment.apply(images, settings.augment(), stepManager);
    }

    /** A training batch's mean loss and correct count; the labels are counted in the JVM. */
    private BatchScore score(Learner.Outputs outputs, long[] rows) {
        long[] batchLabels = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            batchLabels[i] = trainLabelValues[Math.toIntExact(rows[i])];
        }
        return new BatchScore(outputs.loss().getFloat(), Losses.correct(outputs.outputs(), batchLabels), rows.length);
    }

    /**
     * Mean loss and correct count over the whole test set, in chunks; keeps every prediction and
     * the confusion matrix of this step.
     */
    private BatchScore evaluateTestSet() {
        int size = Math.toIntExact(data.testSize());
        int[] predictions = new int[size];
        double testLoss = meanLoss(data.testImages(), data.testLabels(), size, predictions);
        testPredictions = predictions;
        // The correct count is the confusion matrix's diagonal, from the predictions already brought over.
        Confusion confusion = Confusion.of(predictions, testLabels, CifarData.CLASSES);
        confusions.put(step, confusion);
        return new BatchScore(testLoss, confusion.correct(), size);
    }

    /** Mean loss and accuracy over the validation set: the first training images. */
    private EvalPoint.Validation evaluateValidationSet() {
        int size = settings.validation();
        int[] predictions = new int[size];
        double loss = meanLoss(data.trainImages(), data.trainLabels(), size, predictions);
        long correct = 0;
        for (int i = 0; i < size; i++) {
            correct += predictions[i] == trainLabelValues[i] ? 1 : 0;
        }
        return new EvalPoint.Validation(loss, (double) correct / size);
    }

    /**
     * The mean loss over the first {@code size} rows of {@code images}, in chunks of evalBatchSize,
     * each prediction put in {@code predictions}.
     */
    private double meanLoss(NDArray images, NDArray labels, int size, int[] predictions) {
        int chunk = settings.evalBatchSize();
        double sum = 0;
        for (int from = 0; from < size; from += chunk) {
            int to = Math.min(size, from + chunk);
            try (NDManager chunkManager = scope.newSubManager()) {
                NDIndex rows = new NDIndex().addSliceDim(from, to);
                Learner.Outputs outputs = learner.evaluate(input.apply(images.get(chunkManager, rows)),
                        labels.get(chunkManager, rows));
                sum += outputs.loss().getFloat() * (double) (to - from);
                System.arraycopy(Losses.predictions(outputs.outputs()), 0, predictions, from, to - from);
            }
        }
        return sum / size;
    }
}
