package backproplab.report;

import backproplab.results.Json;
import backproplab.train.ConvolutionProducts;
import backproplab.train.EvalPoint;
import backproplab.train.Floor;
import backproplab.train.MatrixProducts;
import backproplab.train.Timing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * {@code <out>/bench/<id>.json}: what a benchmark measured, with the command and the machine.
 *
 * @param warmupSteps untimed steps before the timed ones (none when the benchmark evaluates)
 * @param msPerStep mean wall time of a timed training step, evaluations excluded
 * @param intervalMsPerStep the mean of each interval of {@link Timing#INTERVAL} steps; the three
 *     phases' means follow
 * @param evaluations every evaluation of a benchmark that evaluates ({@code -DbenchEvals=true}),
 *     elapsed seconds from the first timed step; empty otherwise
 * @param matrixProducts the step's matrix products timed alone after the steps, the floor under
 *     them ({@link MatrixProducts}); null for the ConvNet, whose products are convolutions
 * @param convolutions the ConvNet's convolutions timed alone after the steps, likewise
 *     ({@link ConvolutionProducts}); null for an MLP
 * @param wallSeconds the timed steps and the evaluations, from the first timed step to the last
 * @param residentMb the process's resident memory at the end
 */
public record BenchSummary(
        String id,
        int warmupSteps,
        int steps,
        double msPerStep,
        double imagesPerSecond,
        double forwardMs,
        double backwardMs,
        double updateMs,
        Floor<MatrixProducts.Layer> matrixProducts,
        Floor<ConvolutionProducts.Layer> convolutions,
        List<Double> intervalMsPerStep,
        List<Double> intervalForwardMs,
        List<Double> intervalBackwardMs,
        List<Double> intervalUpdateMs,
        List<EvalPoint> evaluations,
        double wallSeconds,
        int batchSize,
        double residentMb,
        String command,
        String data,
        String djlVersion,
        String engine,
        String java,
        String os,
        int cpus,
        String finishedAt) {

    public static BenchSummary of(String id, Timing timing, int warmupSteps, Floor<MatrixProducts.Layer> matrixProducts,
            Floor<ConvolutionProducts.Layer> convolutions, List<EvalPoint> evaluations, double wallSeconds, int batchSize,
            double residentMb, String command, Summary.Environment env) {
        return new BenchSummary(id, warmupSteps, timing.steps(), timing.msPerStep(),
                batchSize * 1000.0 / timing.msPerStep(), timing.forwardMs(), timing.backwardMs(), timing.updateMs(),
                matrixProducts, convolutions,
                intervals(timing, Timing.Interval::stepMs), intervals(timing, Timing.Interval::forwardMs),
                intervals(timing, Timing.Interval::backwardMs), intervals(timing, Timing.Interval::updateMs),
                List.copyOf(evaluations), wallSeconds, batchSize, residentMb, command, env.data(), env.djlVersion(),
                env.engine(), env.java(), env.os(), env.cpus(), env.finishedAt());
    }

    public Path write(Path folder) throws IOException {
        Path file = folder.resolve(id + ".json");
        Json.write(file, this);
        return file;
    }

    /** One phase's mean of every interval, to 0.01 ms. */
    private static List<Double> intervals(Timing timing, ToDoubleFunction<Timing.Interval> phase) {
        return timing.intervals().stream().map(i -> Math.round(phase.applyAsDouble(i) * 100) / 100.0).toList();
    }
}
