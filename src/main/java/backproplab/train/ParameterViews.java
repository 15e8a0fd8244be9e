package backproplab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
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

    /** Elements per parallel chunk at most: large enough to amortize scheduling, small enough to balance. */
    private static final int CHUNK = 1 << 18;
    /** A parameter this large is split across all cores even when it fits in one chunk. */
    private static final int SPLIT = 1 << 15;
    /** Chunks start at multiples of this: whole vectors for {@link VectorLoops}, whole cache lines. */
    private static final int ALIGN = 64;
    /**
     * Parameters in all below this are updated on the calling thread alone. Right after a
     * backward pass libtorch's OpenMP threads still spin, waiting for work, and a second Java
     * thread has to share a core with one of them: the small MLP's SGD step (307,000 parameters)
     * is several times slower on two threads (measured in docs/how-it-works.md, "Optimizers").
     */
    private static final long PARALLEL_FROM = 1 << 21;

    /**
     * Whether the JVM resolved the incubator module {@code jdk.incubator.vector}, which
     * {@link VectorLoops} needs. Asked here, not there: reading a field of that class would load
     * the module's classes.
     */
    static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /** One slice of one parameter (and of everything of its size). */
    record Chunk(int parameter, int from, int to) {}

    private final List<NDArray> parameters;
    private final ByteBuffer[] parameterViews;
    private final List<Chunk> chunks = new ArrayList<>();
    private final boolean parallel;
    private NDArray[] gradients;
    private ByteBuffer[] gradientViews;

    ParameterViews(List<NDArray> parameters) {
        this.parameters = List.copyOf(parameters);
        parameterViews = this.parameters.stream().map(ParameterViews::bytes).toArray(ByteBuffer[]::new);
        int cores = ForkJoinPool.getCommonPoolParallelism() + 1;
        long total = 0;
        for (int p = 0; p < parameterViews.length; p++) {
            int size = parameterViews[p].capacity() / Float.BYTES;
            total += size;
            // Equal pieces: a 307,200-element matrix in chunks of 2^18 would leave one core
            // 262,144 elements and the other 45,056.
            int pieces = Math.max((size + CHUNK - 1) / CHUNK, size >= SPLIT ? cores : 1);
            int piece = ((size + pieces - 1) / pieces + ALIGN - 1) / ALIGN * ALIGN;
            for (int from = 0; from < size; from += piece) {
                chunks.add(new Chunk(p, from, Math.min(size, from + piece)));
            }
        }
        parallel = total >= PARALLEL_FROM;
    }

    /** The i-th parameter's memory, in native byte order. */
    ByteBuffer parameter(int i) {
        return parameterViews[i];
    }

    /** The i-th gradient's memory, in native byte order; only after a backward pass. */
    ByteBuffer gradient(int i) {
        if (gradientViews == null) {
            gradients = parameters.stream().map(NDArray::getGradient).toArray(NDArray[]::new);
            gradientViews = new ByteBuffer[gradients.length];
            for (int j = 0; j < gradients.length; j++) {
                gradientViews[j] = bytes(gradients[j]);
            }
        }
        return gradientViews[i];
    }

    /** The chunks a step is split into, in order. */
    List<Chunk> chunks() {
        return List.copyOf(chunks);
    }

    /**
     * Runs {@code work} on every chunk, in parallel on the common pool when there are enough
     * parameters ({@link #PARALLEL_FROM}); call after a backward.
     */
    void forEachChunk(Consumer<Chunk> work) {
        // Fetch the gradients here, on one thread, before the chunks read them in parallel.
        gradient(0);
        if (parallel) {
            IntStream.range(0, chunks.size()).parallel().forEach(i -> work.accept(chunks.get(i)));
        } else {
            chunks.forEach(work);
        }
    }

    /** A float view of an array's memory; the same conditions as {@link #bytes}. */
    static FloatBuffer view(NDArray array) {
        return bytes(array).asFloatBuffer();
    }

    /**
     * An array's memory in native byte order. The array must keep its storage for as long as the
     * view is used: true of parameters, optimizer state and gradients zeroed in place.
     */
    static ByteBuffer bytes(NDArray array) {
        if (array.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("the fused optimizers work on float32 parameters, got "
                    + array.getDataType());
        }
        ByteBuffer view = array.toByteBuffer(true).order(ByteOrder.nativeOrder());
        if (!view.isDirect() || view.capacity() != array.size() * Float.BYTES) {
            throw new IllegalStateException("expected a view of " + array.size() + " floats, got "
                    + view.capacity() + " bytes" + (view.isDirect() ? "" : " (a copy)"));
        }
        return view;
    }
}
