package backproplab.train;

/** An optimizer step over a fixed set of parameters: update them, then zero their gradients. */
public interface ParameterUpdate {

    void step();
}
