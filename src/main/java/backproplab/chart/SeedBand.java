package backproplab.chart;

import backproplab.train.EvalPoint;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Mean, min and max of one metric over runs, evaluation by evaluation, over the steps all runs
 * reached (a diverged seed shortens the band). Non-finite values (a diverged loss) are left out of
 * the statistics so the chart's axes stay readable.
 */
public record SeedBand(double[] steps, double[] mean, double[] min, double[] max) {

    public static SeedBand of(List<List<EvalPoint>> runs, ToDoubleFunction<EvalPoint> value) {
        int n = runs.stream().mapToInt(List::size).min().orElse(0);
        double[] steps = new double[n];
        double[] mean = new double[n];
        double[] min = new double[n];
        double[] max = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = runs.get(0).get(i).step();
            double sum = 0;
            int count = 0;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (List<EvalPoint> run : runs) {
                double v = value.applyAsDouble(run.get(i));
                if (Double.isFinite(v)) {
                    sum += v;
                    count++;
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            mean[i] = count == 0 ? Double.NaN : sum / count;
            min[i] = count == 0 ? Double.NaN : lo;
            max[i] = count == 0 ? Double.NaN : hi;
        }
        return new SeedBand(steps, mean, min, max);
    }
}
