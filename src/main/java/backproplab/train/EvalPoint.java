package backproplab.train;

/**
 * One evaluation: train loss and accuracy averaged over the batches since the previous
 * evaluation, test loss and accuracy over the whole test set, and the process's resident memory
 * after the step's training, just before the evaluation; the validation set's loss and accuracy
 * when the run has one.
 *
 * @param validation null when the run has no validation set
 */
public record EvalPoint(
        int step,
        double trainLoss,
        double trainAccuracy,
        double testLoss,
        double testAccuracy,
        double elapsedSeconds,
        double residentMb,
        Validation validation) {

    /** An evaluation of a run without a validation set. */
    public EvalPoint(int step, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
            double elapsedSeconds, double residentMb) {
        this(step, trainLoss, trainAccuracy, testLoss, testAccuracy, elapsedSeconds, residentMb, null);
    }

    /** The validation set's mean loss and accuracy at an evaluation. */
    public record Validation(double loss, double accuracy) {}

    /** The validation accuracy; NaN without a validation set. */
    public double validationAccuracy() {
        return validation == null ? Double.NaN : validation.accuracy();
    }

    /** The validation loss; NaN without a validation set. */
    public double validationLoss() {
        return validation == null ? Double.NaN : validation.loss();
    }
}
