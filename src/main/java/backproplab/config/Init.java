package backproplab.config;

/**
 * How the MLPs' linear layers start ({@code -Dinit}); when none is given, each network's own:
 * the course's for the hand-written MLP, PyTorch's for DJL's.
 */
public enum Init implements Choice {
    /** Weights N(0, 1e-4^2), biases 0: the course's (section 1's). */
    COURSE,
    /**
     * PyTorch's default for {@code nn.Linear}: weights and biases uniform in +-1/sqrt(fan_in)
     * (its Kaiming-uniform with a = sqrt(5)).
     */
    PYTORCH,
    /** He's normal for ReLU: weights N(0, 2/fan_in), biases 0 ({@code kaiming_normal_}, fan_in, relu). */
    KAIMING
}
