package backproplab.report;

import backproplab.config.ExperimentSpec;
import backproplab.config.RecordedSettings;
import backproplab.results.RunFolder;
import java.io.IOException;
import java.util.Map;

/**
 * Section 3's comparison of batch norms (summary.json of its folder); its accuracies, speed and
 * confusion are those of the hand-written backward's run.
 *
 * @param implementations each batch norm's run
 * @param largestGradientDifference largest difference between the implementations' gradients on one batch
 * @param largestGradient the largest of those gradients, for scale
 * @param manualOverAutogradTime the hand-written backward's ms/step over autograd's
 * @param largestTestAccuracyGap the largest difference in test accuracy between two of them at one evaluation
 */
public record ComparisonSummary(
        String id,
        String title,
        String figure,
        String reportAccuracy,
        double finalTestAccuracy,
        double bestTestAccuracy,
        int bestStep,
        double msPerStep,
        double wallSeconds,
        int steps,
        int stepsDone,
        boolean diverged,
        boolean interrupted,
        long seed,
        String command,
        Map<String, Double> perClassAccuracy,
        long[][] confusionMatrix,
        Map<String, Double> bestPerClassAccuracy,
        long[][] bestConfusionMatrix,
        Map<String, Implementation> implementations,
        double largestGradientDifference,
        double largestGradient,
        double manualOverAutogradTime,
        double largestTestAccuracyGap,
        String data,
        String djlVersion,
        String engine,
        String java,
        String os,
        int cpus,
        String finishedAt,
        Map<String, String> spec) implements Summary {

    /** One batch norm's run. */
    public record Implementation(double finalTestAccuracy, double bestTestAccuracy, double msPerStep, String folder) {}

    public static ComparisonSummary of(ExperimentSpec spec, RecordedSettings settings, String command,
            Map<String, Implementation> runs, RunSummary manual, double largestGradientDifference,
            double largestGradient, double manualOverAutogradTime, double largestTestAccuracyGap) {
        return new ComparisonSummary(spec.id(), spec.shown().title(), spec.shown().figure(),
                spec.shown().reportAccuracy(), manual.finalTestAccuracy(), manual.bestTestAccuracy(),
                manual.bestStep(), manual.msPerStep(), manual.wallSeconds(), spec.hyper().steps(), manual.stepsDone(),
                manual.diverged(), manual.interrupted(), spec.hyper().seed(), command, manual.perClassAccuracy(),
                manual.confusionMatrix(), manual.bestPerClassAccuracy(), manual.bestConfusionMatrix(), runs,
                largestGradientDifference, largestGradient, manualOverAutogradTime, largestTestAccuracyGap,
                manual.data(), manual.djlVersion(), manual.engine(), manual.java(), manual.os(), manual.cpus(),
                manual.finishedAt(), settings.asMap());
    }

    /** The comparison's summary in {@code folder}; null when there is none. */
    public static ComparisonSummary read(RunFolder folder) throws IOException {
        return Summary.read(folder, ComparisonSummary.class);
    }
}
