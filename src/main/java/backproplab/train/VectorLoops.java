package backproplab.train;

import static backproplab.train.AdamUpdate.BETA1;
import static backproplab.train.AdamUpdate.BETA2;
import static backproplab.train.AdamUpdate.EPSILON;
import static backproplab.train.Denormals.PRODUCT;
import static backproplab.train.Denormals.SECOND_MOMENT;
import static backproplab.train.Denormals.SQUARED;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The optimizers' fused loops on whole vectors (16 floats with AVX-512, 8 with AVX2), through the
 * JDK's vector API: several times faster than the scalar loops (docs/how-it-works.md, "Optimizers"), whose
 * flushes of tiny values keep the JIT from vectorizing them. Each lane does the scalar loop's arithmetic in the same
 * order (IEEE add, multiply, divide and square root; no fused multiply-add), so the results are
 * the scalar ones bit for bit; the scalar loops finish what is left of a chunk.
 *
 * <p>Only touched when the JVM has the incubator module ({@link ParameterViews#VECTOR_API};
 * .mvn/jvm.config and the pom add it): without it this class is never loaded and the scalar loops
 * do all the work.
 */
final class VectorLoops {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final FloatVector ZERO = FloatVector.zero(SPECIES);

    private VectorLoops() {}

    /**
     * {@link SgdUpdate}'s loop over elements {@code from} up to the last whole vector before
     * {@code to}; returns the first element it left.
     */
    static int sgd(ByteBuffer p, ByteBuffer g, int from, int to, float learningRate, float weightDecay) {
        int i = from;
        for (; i + SPECIES.length() <= to; i += SPECIES.length()) {
            int at = i * Float.BYTES;
            FloatVector pi = load(p, at);
            FloatVector gi = flush(normal(load(g, at)).add(flush(pi, PRODUCT).mul(weightDecay)), PRODUCT);
            normal(pi.sub(gi.mul(learningRate))).intoByteBuffer(p, at, ORDER);
            ZERO.intoByteBuffer(g, at, ORDER);
        }
        return i;
    }

    /**
     * {@link FusedDescent}'s loop, p -= lr * g, as {@link #sgd} is SGD's: libtorch's mul then sub,
     * nothing flushed, the gradient left as it was.
     */
    static int descend(ByteBuffer p, ByteBuffer g, int to, float learningRate) {
        int i = 0;
        for (; i + SPECIES.length() <= to; i += SPECIES.length()) {
            int at = i * Float.BYTES;
            load(p, at).sub(load(g, at).mul(learningRate)).intoByteBuffer(p, at, ORDER);
        }
        return i;
    }

    /** {@link SgdUpdate}'s loop with momentum, as {@link #sgd} is plain SGD's. */
    static int sgdMomentum(ByteBuffer p, ByteBuffer g, ByteBuffer v, int from, int to, float learningRate,
            float weightDecay, float momentum, boolean nesterov) {
        int i = from;
        for (; i + SPECIES.length() <= to; i += SPECIES.length()) {
            int at = i * Float.BYTES;
            FloatVector pi = load(p, at);
            FloatVector gi = flush(normal(load(g, at)).add(flush(pi, PRODUCT).mul(weightDecay)), PRODUCT);
            FloatVector vi = flush(load(v, at).mul(momentum).add(gi), PRODUCT);
            vi.intoByteBuffer(v, at, ORDER);
            FloatVector step = nesterov ? flush(gi.add(vi.mul(momentum)), PRODUCT) : vi;
            normal(pi.sub(step.mul(learningRate))).intoByteBuffer(p, at, ORDER);
            ZERO.intoByteBuffer(g, at, ORDER);
        }
        return i;
    }

    /** {@link AdamUpdate}'s loop, as {@link #sgd} is SGD's. */
    static int adam(ByteBuffer p, ByteBuffer g, ByteBuffer m, ByteBuffer v, int from, int to, float weightDecay,
            float stepSize, float invSqrtCorrection2) {
        int i = from;
        for (; i + SPECIES.length() <= to; i += SPECIES.length()) {
            int at = i * Float.BYTES;
            FloatVector pi = load(p, at);
            FloatVector gi = normal(load(g, at));
            if (weightDecay != 0) {
                gi = gi.add(flush(pi, PRODUCT).mul(weightDecay));
            }
            FloatVector mi = flush(load(m, at).mul(BETA1).add(flush(gi, SECOND_MOMENT).mul(1 - BETA1)), PRODUCT);
            FloatVector vi = flush(load(v, at).mul(BETA2).add(flush(gi, SQUARED).mul(1 - BETA2).mul(gi)),
                    SECOND_MOMENT);
            mi.intoByteBuffer(m, at, ORDER);
            vi.intoByteBuffer(v, at, ORDER);
            FloatVector denominator = vi.lanewise(VectorOperators.SQRT).mul(invSqrtCorrection2).add(EPSILON);
            normal(pi.sub(mi.mul(stepSize).div(denominator))).intoByteBuffer(p, at, ORDER);
            ZERO.intoByteBuffer(g, at, ORDER);
        }
        return i;
    }

    private static FloatVector load(ByteBuffer buffer, int at) {
        return FloatVector.fromByteBuffer(SPECIES, buffer, at, ORDER);
    }

    /** {@link Denormals#flush} lane by lane. */
    private static FloatVector flush(FloatVector x, float tiny) {
        return x.blend(ZERO, x.abs().lt(tiny));
    }

    /** {@link Denormals#normal} lane by lane. */
    private static FloatVector normal(FloatVector x) {
        return flush(x, Float.MIN_NORMAL);
    }
}
