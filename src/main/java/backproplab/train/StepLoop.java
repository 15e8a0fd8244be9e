package backproplab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import backproplab.data.BatchStream;
import backproplab.data.Batches;
import backproplab.data.CifarData;
import backproplab.util.ResidentMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one training loop of the suite, step-based: each step trains on the next batch of the
 * course's batch stream; step 1, every {@code evalEvery}-th step and the last step evaluate the
 * whole test set. Each step and each test chunk runs in its own NDManager, so native memory stays
 * flat over thousands of steps.
 */
public final class StepLoop {

    /** How long to train and how often to look. */
    public record Settings(int steps, int batchSize, int evalEvery, int evalBatchSize, long seed) {}

    /**
     * A benchmark's figures: mean per training step, per phase, and the mean of each interval of
     * {@value #BENCH_INTERVAL} steps (some costs appear only after hundreds of steps).
     */
    public record Benchmark(
            int steps, double msPerStep, double imagesPerSecond, double forwardMs, double backwardMs,
            double updateMs, List<Double> intervalMsPerStep) {}

    /** Steps per interval of a benchmark's timing. */
    public static final int BENCH_INTERVAL = 100;

    private StepLoop() {}

    /**
     * Trains and evaluates; stops early, keeping what it measured, at the first non-finite loss.
     *
     * @param scope the manager each step's sub-manager is made from
     * @param onEval told of each evaluation as soon as it is made (to write it to disk at once)
     */
    public static History train(
            Learner learner,
            CifarData data,
            NDManager scope,
            Settings settings,
            Consumer<EvalPoint> onEval,
            ProgressBar progress) {
        BatchStream stream = new BatchStream(data.trainSize(), settings.batchSize(), settings.seed());
        List<EvalPoint> points = new ArrayList<>();
        long start = System.nanoTime();
        long trainNanos = 0;
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        int batches = 0;
        int step = 0;
        boolean diverged = false;
        while (step < settings.steps() && !diverged) {
            step++;
            long before = System.nanoTime();
            BatchScore score = trainOneBatch(learner, data, scope, stream.next());
            trainNanos += System.nanoTime() - before;
            diverged = !Double.isFinite(score.loss());
            lossSum += score.loss();
            correct += score.correct();
            seen += score.size();
            batches++;
            progress.update(step, score.loss());
            if (step == 1 || step % settings.evalEvery() == 0 || step == settings.steps() || diverged) {
                // Sampled before the evaluation: its short-lived peak (libtorch's buffers for a test
                // chunk, given back a few seconds later) would otherwise hide or fake growth.
                double residentMb = ResidentMemory.megabytes();
                BatchScore test = evaluate(learner, data, scope, settings.evalBatchSize());
                EvalPoint point = new EvalPoint(
                        step,
                        lossSum / batches,
                        (double) correct / seen,
                        test.loss(),
                        (double) test.correct() / test.size(),
                        (System.nanoTime() - start) / 1e9,
                        residentMb);
                points.add(point);
                onEval.accept(point);
                progress.println(describe(point, settings.steps(), trainNanos / 1e6 / step));
                lossSum = 0;
                correct = 0;
                seen = 0;
                batches = 0;
            }
        }
        progress.finish();
        return new History(points, step, trainNanos / 1e6 / step, (System.nanoTime() - start) / 1e9, diverged);
    }

    /** Times {@code timed} training steps after {@code warmup} untimed ones; no evaluation. */
    public static Benchmark benchmark(
            Learner learner, CifarData data, NDManager scope, Settings settings, int warmup, int timed) {
        BatchStream stream = new BatchStream(data.trainSize(), settings.batchSize(), settings.seed());
        for (int i = 0; i < warmup; i++) {
            trainOneBatch(learner, data, scope, stream.next());
        }
        learner.clock().reset();
        List<Double> intervals = new ArrayList<>();
        long start = System.nanoTime();
        long intervalStart = start;
        for (int i = 1; i <= timed; i++) {
            trainOneBatch(learner, data, scope, stream.next());
            if (i % BENCH_INTERVAL == 0) {
                long now = System.nanoTime();
                intervals.add((now - intervalStart) / 1e6 / BENCH_INTERVAL);
                intervalStart = now;
            }
        }
        double ms = (System.nanoTime() - start) / 1e6 / timed;
        PhaseClock clock = learner.clock();
        return new Benchmark(
                timed, ms, settings.batchSize() * 1000.0 / ms,
                clock.forwardMs(), clock.backwardMs(), clock.updateMs(), intervals);
    }

    /** Mean loss and correct count over the whole test set, in chunks of {@code chunk} images. */
    public static BatchScore evaluate(Learner learner, CifarData data, NDManager scope, int chunk) {
        long size = data.testSize();
        double lossSum = 0;
        long correct = 0;
        for (long from = 0; from < size; from += chunk) {
            long to = Math.min(size, from + chunk);
            try (NDManager chunkManager = scope.newSubManager()) {
                NDIndex rows = new NDIndex().addSliceDim(from, to);
                NDArray images = data.testImages().get(chunkManager, rows);
                NDArray labels = data.testLabels().get(chunkManager, rows);
                BatchScore score = learner.evaluate(images, labels);
                lossSum += score.loss() * score.size();
                correct += score.correct();
            }
        }
        return new BatchScore(lossSum / size, correct, size);
    }

    private static BatchScore trainOneBatch(Learner learner, CifarData data, NDManager scope, long[] rows) {
        try (NDManager stepManager = scope.newSubManager()) {
            NDArray images = Batches.rows(stepManager, data.trainImages(), rows);
            NDArray labels = Batches.rows(stepManager, data.trainLabels(), rows);
            return learner.train(images, labels);
        }
    }

    private static String describe(EvalPoint p, int steps, double msPerStep) {
        return String.format(
                "step %5d/%d  train loss %.4f acc %.4f | test loss %.4f acc %.4f | %.1f ms/step | %.0f MB",
                p.step(), steps, p.trainLoss(), p.trainAccuracy(), p.testLoss(), p.testAccuracy(),
                msPerStep, p.residentMb());
    }
}
