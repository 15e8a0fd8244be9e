package backproplab.chart;

import backproplab.train.EvalPoint;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.style.Styler;

/** A metric that a panel plots, train and test (and validation), with the axis and legend that suit it. */
public enum Metric {
    /** In [0, 1]: reads best on a linear axis, even when step 1 is near 0. It rises: legend low. */
    ACCURACY("Accuracy", "accuracy", EvalPoint::trainAccuracy, EvalPoint::testAccuracy, EvalPoint::validationAccuracy,
            false, Styler.LegendPosition.InsideSE, "0.00"),
    /** Can span decades with unscaled pixels: log axis then. It falls: legend high. */
    LOSS("Loss", "cross-entropy loss", EvalPoint::trainLoss, EvalPoint::testLoss, EvalPoint::validationLoss,
            true, Styler.LegendPosition.InsideNE, "0.0##");

    final String title;
    final String yTitle;
    final ToDoubleFunction<EvalPoint> train;
    final ToDoubleFunction<EvalPoint> test;
    /** NaN for a run without a validation set. */
    final ToDoubleFunction<EvalPoint> validation;
    final boolean logScaleIfSpread;
    final Styler.LegendPosition legend;
    /** Tick labels with a leading zero: "0.05", not XChart's ".05". */
    final String decimalPattern;

    Metric(String title, String yTitle, ToDoubleFunction<EvalPoint> train, ToDoubleFunction<EvalPoint> test,
            ToDoubleFunction<EvalPoint> validation, boolean logScaleIfSpread, Styler.LegendPosition legend,
            String decimalPattern) {
        this.title = title;
        this.yTitle = yTitle;
        this.train = train;
        this.test = test;
        this.validation = validation;
        this.logScaleIfSpread = logScaleIfSpread;
        this.legend = legend;
        this.decimalPattern = decimalPattern;
    }

    /** "Accuracy" or "Loss", the panel title of an experiment's curves.png. */
    public String title() {
        return title;
    }
}
