package backproplab.config;

/** How the parameters learn from their gradients ({@code -Doptimizer}). */
public enum Optimizer implements Choice {
    SGD("sgd"),
    ADAM("adam");

    private final String key;

    Optimizer(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
