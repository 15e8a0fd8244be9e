package backproplab.report;

import backproplab.chart.Palette;
import java.awt.Color;
import java.util.Map;

/**
 * One colour per experiment, the same in every figure that sets experiments beside each other
 * (Figures 3-6, the per-class accuracy, the layer comparison, section 3's batch norms): the
 * report's experiments each their own of the ten, section 3's three batch norms shades of one.
 */
public final class ExperimentColors {

    private static final Color BATCH_NORM = Palette.at(6);
    private static final Map<String, Color> KNOWN = Map.ofEntries(
            Map.entry("mlp-numpy", Palette.at(0)), Map.entry("mlp-djl", Palette.at(1)),
            Map.entry("mlp-deep-adam", Palette.at(2)), Map.entry("mlp-deep-adam-3000", Palette.at(3)),
            Map.entry("mlp-deep-adam-wd", Palette.at(4)), Map.entry("mlp-deep-adam-wd-bn", Palette.at(5)),
            Map.entry("batchnorm", BATCH_NORM), Map.entry("batchnorm-manual", BATCH_NORM),
            Map.entry("batchnorm-autograd", BATCH_NORM.darker()), Map.entry("batchnorm-builtin", new Color(247, 182, 210)),
            Map.entry("convnet", Palette.at(7)), Map.entry("mlp-best", Palette.at(9)));

    private ExperimentColors() {}

    /** The colour of experiment {@code id}; one of the ten by its name for an experiment of the user's. */
    public static Color of(String id) {
        Color known = KNOWN.get(id);
        return known != null ? known : Palette.at(id.hashCode());
    }
}
