package backproplab.batchnorm;

/**
 * A block whose backward is written by hand rather than recorded by autograd: its forward returns
 * a detached leaf and records the pending backward in its model's {@link GradientSplice}.
 */
public interface HandDifferentiated {

    /** The splice this block records into, shared by every such block of one model. */
    GradientSplice splice();
}
