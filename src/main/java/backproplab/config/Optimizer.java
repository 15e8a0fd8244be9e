package backproplab.config;

/**
 * How the parameters learn from their gradients ({@code -Doptimizer}); the updates themselves are
 * {@code train/ParameterUpdate.of}.
 */
public enum Optimizer implements Choice {
    /** Plain SGD, with weight decay added to the gradient. */
    SGD("sgd", 0),
    /** Adam, with its two moments per parameter. */
    ADAM("adam", 2);

    private final String key;
    private final int statePerParameter;

    Optimizer(String key, int statePerParameter) {
        this.key = key;
        this.statePerParameter = statePerParameter;
    }

    /** How many arrays the size of a parameter the optimizer keeps for it (Adam's moments). */
    public int statePerParameter() {
        return statePerParameter;
    }

    @Override
    public String key() {
        return key;
    }
}
