package backproplab.experiment;

/** The code behind one report section. */
public interface Experiment {

    ExperimentResult run(ExperimentSpec spec, RunContext context);

    /** The section's code for a spec. */
    static Experiment of(ExperimentSpec spec) {
        return switch (spec.section()) {
            case 1 -> new Section1ManualMlp();
            case 2 -> new Section2Mlp();
            case 3 -> new Section3BatchNorm();
            case 4 -> new Section4ConvNet();
            default -> throw new backproplab.util.UserError(
                    "experiment " + spec.id() + ": section " + spec.section() + " is not available yet");
        };
    }
}
