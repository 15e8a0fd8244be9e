package backproplab.util;

/** A run stopped because its training loss stopped being finite: what it measured is kept. */
public class Diverged extends UserError {

    public Diverged(String message) {
        super(message);
    }
}
