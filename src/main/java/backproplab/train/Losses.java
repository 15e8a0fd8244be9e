package backproplab.train;

import ai.djl.ndarray.NDArray;

/** Softmax cross-entropy on logits, as PyTorch's {@code nn.CrossEntropyLoss}, and accuracy. */
public final class Losses {

    private Losses() {}

    /** Mean over the batch of -log softmax(logits)[label]; logits (B, C), labels (B) int64. */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logProbabilities = logits.logSoftmax(1);
        // picked (B, 1) = logProbabilities (B, C) at column labels[b]
        NDArray picked = logProbabilities.gather(labels.reshape(-1, 1), 1);
        return picked.mean().neg();
    }

    /** How many rows have their largest logit at the label. */
    public static long correct(NDArray logits, NDArray labels) {
        return logits.argMax(1).eq(labels).countNonzero().getLong();
    }
}
