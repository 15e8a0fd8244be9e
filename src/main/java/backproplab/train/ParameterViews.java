package backproplab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Float views of parameters, their gradients and optimizer state over libtorch's own memory (no
 * copies), so that an optimizer step is one fused pass per element instead of a dozen libtorch
 * kernels with their temporaries; the pass is split into chunks that run on all cores.
 *
 * <p>Gradients are fetched once, after the first backward: before it DJL returns a throw-away zero
 * array, and each {@code getGradient()} call wraps the gradient in a new NDArray that lives as
 * long as the parameter. The optimizers zero gradients in place, so libtorch keeps accumulating
 * into the same tensors and the views stay valid.
 */
final class ParameterViews {

    /** Elements per parallel chunk: large enough to amortize scheduling, small enough to balance. */
    private static final int CHUNK = 1 << 18;

    /** One slice of one parameter (and of everything of its size). */
    record Chunk(int parameter, int from, int to) {}

    private final List<NDArray> parameters;
    private final FloatBuffer[] parameterViews;
    private final List<Chunk> chunks = new ArrayList<>();
    private NDArray[] gradients;
    private FloatBuffer[] gradientViews;

    ParameterViews(List<NDArray> parameters) {
        this.parameters = List.copyOf(parameters);
        parameterViews = this.parameters.stream().map(ParameterViews::view).toArray(FloatBuffer[]::new);
        for (int p = 0; p < parameterViews.length; p++) {
            int size = parameterViews[p].capacity();
            for (int from = 0; from < size; from += CHUNK) {
                chunks.add(new Chunk(p, from, Math.min(size, from + CHUNK)));
            }
        }
    }

    FloatBuffer parameter(int i) {
        return parameterViews[i];
    }

    /** The i-th gradient; only after a backward pass. */
    FloatBuffer gradient(int i) {
        if (gradientViews == null) {
            gradients = parameters.stream().map(NDArray::getGradient).toArray(NDArray[]::new);
            gradientViews = new FloatBuffer[gradients.length];
            for (int j = 0; j < gradients.length; j++) {
                gradientViews[j] = view(gradients[j]);
            }
        }
        return gradientViews[i];
    }

    /** Runs {@code work} on every chunk, in parallel on the common pool; call after a backward. */
    void forEachChunk(Consumer<Chunk> work) {
        // Fetch the gradients here, on one thread, before the chunks read them in parallel.
        gradient(0);
        IntStream.range(0, chunks.size()).parallel().forEach(i -> work.accept(chunks.get(i)));
    }

    /**
     * A float view of an array's memory. The array must keep its storage for as long as the view
     * is used: true of parameters, optimizer state and gradients zeroed in place.
     */
    static FloatBuffer view(NDArray array) {
        if (array.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("the fused optimizers work on float32 parameters, got "
                    + array.getDataType());
        }
        FloatBuffer view = array.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
        if (view.capacity() != array.size()) {
            throw new IllegalStateException("expected a view of " + array.size() + " floats, got " + view.capacity());
        }
        return view;
    }
}
