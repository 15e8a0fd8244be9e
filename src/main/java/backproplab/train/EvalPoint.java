package backproplab.train;

/**
 * One evaluation: train loss and accuracy averaged over the batches since the previous
 * evaluation, test loss and accuracy over the whole test set, and the process's resident memory
 * after the step's training, just before the evaluation.
 */
public record EvalPoint(
        int step,
        double trainLoss,
        double trainAccuracy,
        double testLoss,
        double testAccuracy,
        double elapsedSeconds,
        double residentMb) {}
