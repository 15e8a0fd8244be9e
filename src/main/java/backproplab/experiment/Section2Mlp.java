package backproplab.experiment;

import ai.djl.ndarray.types.Shape;
import backproplab.data.CifarData;
import backproplab.nn.Mlp;

/** Report section 2: the MLP as DJL blocks trained by autograd, and its improvements. */
final class Section2Mlp implements Experiment {

    @Override
    public ExperimentResult run(ExperimentSpec spec, RunContext context) {
        return TrainingRun.execute(spec, context, manager -> AutogradModels.learner(
                Mlp.build(CifarData.PIXELS, spec.hidden(), CifarData.CLASSES, spec.batchNorm()),
                manager,
                new Shape(1, CifarData.PIXELS),
                spec));
    }
}
