package backproplab.config;

import java.util.Set;

/** The network an experiment trains ({@code -Dmodel}), with the settings it reads besides every run's. */
public enum Network implements Choice {
    /** Section 1's MLP, every module's backward written by hand. */
    MANUAL_MLP("manual-mlp", Set.of("hidden", "learningRate")),
    /** The MLP of DJL's blocks, trained by autograd. */
    MLP("mlp", Set.of("hidden", "batchNorm", "compareBatchNorms", "optimizer", "learningRate", "weightDecay")),
    /** Section 4's VGG-like ConvNet. */
    CONVNET("convnet", Set.of("optimizer", "learningRate", "weightDecay"));

    private final String key;
    private final Set<String> reads;

    Network(String key, Set<String> reads) {
        this.key = key;
        this.reads = reads;
    }

    @Override
    public String key() {
        return key;
    }

    /** The settings this network reads that some other network does not. */
    Set<String> reads() {
        return reads;
    }
}
