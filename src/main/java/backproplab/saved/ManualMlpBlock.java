package backproplab.saved;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import backproplab.manual.ManualMlp;

/**
 * The hand-written MLP as a DJL block, so that a saved one predicts through a DJL {@code Model}
 * and {@code Predictor} like every other network. It only runs the network's own forward pass,
 * with the activation it was built with (the one its spec.json names): its weights are the MLP's
 * arrays, not DJL parameters.
 */
final class ManualMlpBlock extends AbstractBlock {

    private final ManualMlp mlp;
    private final int classes;

    ManualMlpBlock(ManualMlp mlp, int classes) {
        super((byte) 1);
        this.mlp = mlp;
        this.classes = classes;
    }

    ManualMlp mlp() {
        return mlp;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(mlp.evaluate(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }
}
