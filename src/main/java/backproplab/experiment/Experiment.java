package backproplab.experiment;

import backproplab.util.UserError;
import java.nio.file.Path;
import java.util.List;

/** The code behind one report section. */
public interface Experiment {

    ExperimentResult run(ExperimentSpec spec, RunContext context);

    /** Folders besides {@code <out>/<id>/} that a run of the experiment writes (and so owns). */
    default List<Path> otherFolders(ExperimentSpec spec, Path experimentFolder) {
        return List.of();
    }

    /** The section's code for a spec. */
    static Experiment of(ExperimentSpec spec) {
        return switch (spec.section()) {
            case 1 -> new Section1ManualMlp();
            case 2 -> new Section2Mlp();
            case 3 -> new Section3BatchNorm();
            case 4 -> new Section4ConvNet();
            default -> throw new UserError(
                    "experiment " + spec.id() + ": section " + spec.section() + " is not available yet");
        };
    }
}
