package backproplab.train;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The gradients of a list of parameters, fetched once. In DJL each {@code getGradient()} call wraps
 * the gradient in a new NDArray that lives as long as the parameter; fetching once after the
 * first backward (before it, DJL returns a throw-away zero array) keeps the handle count flat.
 * Zeroing in place keeps the same gradient tensors alive, so the cached arrays stay valid.
 */
final class Gradients {

    private final List<NDArray> parameters;
    private NDArray[] gradients;

    Gradients(List<NDArray> parameters) {
        this.parameters = List.copyOf(parameters);
    }

    /** The i-th parameter's gradient; call only after a backward pass. */
    NDArray of(int i) {
        if (gradients == null) {
            gradients = new NDArray[parameters.size()];
            for (int j = 0; j < gradients.length; j++) {
                gradients[j] = parameters.get(j).getGradient();
            }
        }
        return gradients[i];
    }

    int size() {
        return parameters.size();
    }

    NDArray parameter(int i) {
        return parameters.get(i);
    }
}
