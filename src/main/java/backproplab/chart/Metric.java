package backproplab.chart;

import backproplab.train.EvalPoint;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.style.Styler;

/** A metric that a panel plots, train and test (and validation), with its axis and the legend that suits it. */
public enum Metric {
    /** It rises: legend low. */
    ACCURACY("Accuracy", "accuracy", EvalPoint::trainAccuracy, EvalPoint::testAccuracy, EvalPoint::validationAccuracy,
            Scale.ACCURACY, Styler.LegendPosition.InsideSE),
    /** It falls: legend high. */
    LOSS("Loss", "cross-entropy loss", EvalPoint::trainLoss, EvalPoint::testLoss, EvalPoint::validationLoss,
            Scale.LOSS, Styler.LegendPosition.InsideNE);

    final String title;
    final String yTitle;
    final ToDoubleFunction<EvalPoint> train;
    final ToDoubleFunction<EvalPoint> test;
    /** NaN for a run without a validation set. */
    final ToDoubleFunction<EvalPoint> validation;
    final Scale scale;
    final Styler.LegendPosition legend;

    Metric(String title, String yTitle, ToDoubleFunction<EvalPoint> train, ToDoubleFunction<EvalPoint> test,
            ToDoubleFunction<EvalPoint> validation, Scale scale, Styler.LegendPosition legend) {
        this.title = title;
        this.yTitle = yTitle;
        this.train = train;
        this.test = test;
        this.validation = validation;
        this.scale = scale;
        this.legend = legend;
    }

    /** "Accuracy" or "Loss", the panel title of an experiment's curves.png. */
    public String title() {
        return title;
    }
}
