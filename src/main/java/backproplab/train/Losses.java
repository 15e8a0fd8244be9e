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

    /**
     * The predicted class of each row of {@code logits} (B, C), brought over from libtorch in one
     * call and compared in the JVM: four libtorch calls fewer a step, a part of the small MLP's
     * few-millisecond step worth saving. Ties and NaN go as in libtorch's {@code argmax}: the first
     * largest value, a NaN counting as the largest.
     */
    public static int[] predictions(NDArray logits) {
        int rows = Math.toIntExact(logits.getShape().get(0));
        int classes = Math.toIntExact(logits.getShape().get(1));
        float[] values = logits.toFloatArray();
        int[] predicted = new int[rows];
        for (int r = 0; r < rows; r++) {
            int best = 0;
            float bestValue = values[r * classes];
            for (int c = 1; c < classes; c++) {
                float v = values[r * classes + c];
                if (v > bestValue || (Float.isNaN(v) && !Float.isNaN(bestValue))) {
                    best = c;
                    bestValue = v;
                }
            }
            predicted[r] = best;
        }
        return predicted;
    }

    /** How many rows have their largest logit at the label ({@link #predictions}). */
    public static long correct(NDArray logits, long[] labels) {
        int[] predicted = predictions(logits);
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return correct;
    }
}
