package backproplab.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import backproplab.diagnostics.BlockLayers;
import java.util.ArrayList;
import java.util.List;

/** A DJL block trained by autograd: forward, cross-entropy, backward, parameter update. */
public final class AutogradLearner implements Learner {

    private final Block block;
    private final ParameterStore parameters;
    private final ParameterUpdate update;
    private final BackwardPass backward;
    /** Open from a forward pass to its backward pass (DJL allows one collector at a time). */
    private GradientCollector collector;
    private NDArray loss;
    /** Whether the next training forward keeps the activations' outputs, and those it kept. */
    private boolean keep;
    private final List<Activation> kept = new ArrayList<>();

    /**
     * @param parameters a store over the block's own parameter arrays (no copies)
     * @param backward how a loss is turned into gradients (plain autograd, or with hand-written
     *     gradients spliced in)
     */
    public AutogradLearner(Block block, ParameterStore parameters, ParameterUpdate update, BackwardPass backward) {
        this.block = block;
        this.parameters = parameters;
        this.update = update;
        this.backward = backward;
    }

    @Override
    public Outputs forward(NDArray images, NDArray labels) {
        collector = Engine.getInstance().newGradientCollector();
        try {
            kept.clear();
            NDArray logits;
            if (keep && block instanceof SequentialBlock sequential) {
                logits = BlockLayers.forwardKeeping(sequential, parameters, new NDList(images), kept).singletonOrThrow();
            } else {
                logits = block.forward(parameters, new NDList(images), true).singletonOrThrow();
            }
            keep = false;
            loss = Losses.crossEntropy(logits, labels);
            return new Outputs(logits, loss);
        } catch (RuntimeException e) {
            closeCollector();
            throw e;
        }
    }

    @Override
    public void backward() {
        try {
            backward.run(collector, loss);
        } finally {
            closeCollector();
        }
    }

    @Override
    public void update() {
        update.step();
    }

    @Override
    public void learningRate(double learningRate) {
        update.learningRate(learningRate);
    }

    @Override
    public Outputs evaluate(NDArray images, NDArray labels) {
        NDArray logits = block.forward(parameters, new NDList(images), false).singletonOrThrow();
        return new Outputs(logits, Losses.crossEntropy(logits, labels));
    }

    @Override
    public List<NDArray> state() {
        List<NDArray> state = new ArrayList<>();
        block.getParameters().forEach(p -> state.add(p.getValue().getArray()));
        state.addAll(update.state());
        return state;
    }

    @Override
    public int updates() {
        return update.steps();
    }

    @Override
    public void restoreUpdates(int updates) {
        update.restoreSteps(updates);
    }

    @Override
    public List<WeightLayer> weightLayers() {
        return block instanceof SequentialBlock sequential ? BlockLayers.weightLayers(sequential) : List.of();
    }

    @Override
    public void keepActivations() {
        keep = true;
    }

    @Override
    public List<Activation> activations() {
        return List.copyOf(kept);
    }

    private void closeCollector() {
        collector.close();
        collector = null;
        loss = null;
    }
}
