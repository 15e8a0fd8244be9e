package backproplab.chart;

import backproplab.train.EvalPoint;
import java.awt.Color;
import java.io.IOException;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;

/** An experiment's curves.png: accuracy | loss, train and test, over training steps. */
public final class CurvesChart {

    public static final Color TRAIN = new Color(31, 119, 180);
    public static final Color TEST = new Color(255, 127, 14);

    private CurvesChart() {}

    public static byte[] png(String title, List<EvalPoint> points) throws IOException {
        XYChart accuracy = Panels.lineChart("Accuracy", "step", "accuracy");
        XYChart loss = Panels.lineChart("Loss", "step", "cross-entropy loss");
        double[] steps = column(points, EvalPoint::step);
        Panels.addLine(accuracy, "train", steps, column(points, EvalPoint::trainAccuracy), TRAIN);
        Panels.addLine(accuracy, "test", steps, column(points, EvalPoint::testAccuracy), TEST);
        accuracy.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        Panels.addLine(loss, "train", steps, column(points, EvalPoint::trainLoss), TRAIN);
        Panels.addLine(loss, "test", steps, column(points, EvalPoint::testLoss), TEST);
        return Panels.png(title, List.of(accuracy, loss));
    }

    public static double[] column(List<EvalPoint> points, ToDoubleFunction<EvalPoint> value) {
        return points.stream().mapToDouble(value).toArray();
    }
}
