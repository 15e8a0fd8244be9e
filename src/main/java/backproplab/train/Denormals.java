package backproplab.train;

/**
 * Keeps denormal floats (magnitudes below 1.18e-38) out of the optimizers' arithmetic and out of
 * everything they store. Java keeps IEEE gradual underflow (no flush-to-zero mode), and x86 cores
 * take a slow path on each denormal operand or result, Intel's 5-10 times slower per element.
 * Adam's first moment of a unit whose gradient is exactly zero decays by 0.9 a step and reaches
 * that range after about 800 steps; over a long run millions of them do.
 *
 * <p>The optimizers drop a value to zero before it can make a denormal, as
 * {@code torch.set_flush_denormal(True)} does in hardware, at thresholds low enough that no
 * normal result changes by a single bit: a gradient or moment below {@link #PRODUCT} moves a
 * parameter by at most lr * 8e-31 / 1e-8 (Adam's epsilon), far below the last bit of any
 * parameter above 1e-20; a second moment below {@link #SECOND_MOMENT} changes the denominator
 * sqrt(v) + 1e-8 by less than half its last bit. Products stay normal for learning rates down to
 * 1e-7 and gradient magnitudes up to about 1e3.
 */
final class Denormals {

    /** A value this small is dropped before it is multiplied by a learning rate, decay or beta. */
    static final float PRODUCT = 0x1p-100f;
    /** A gradient this small is dropped from (1 - beta2) g^2, which would underflow. */
    static final float SQUARED = 0x1p-57f;
    /** A second moment (a square) this small counts as zero. */
    static final float SECOND_MOMENT = 0x1p-120f;

    private Denormals() {}

    /** {@code x}, or 0 when its magnitude is below {@code tiny}. */
    static float flush(float x, float tiny) {
        return Math.abs(x) < tiny ? 0f : x;
    }

    /** {@code x}, or 0 when it is denormal. */
    static float normal(float x) {
        return flush(x, Float.MIN_NORMAL);
    }
}
