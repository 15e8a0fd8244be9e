package backproplab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Views of float32 parameter-sized arrays as Java buffers over libtorch's own memory, so that an
 * optimizer step is one fused pass per element instead of a dozen libtorch kernels with their
 * temporaries. The step is split into chunks that run on all cores.
 */
final class ParameterBuffers {

    /** Elements per parallel chunk: large enough to amortize scheduling, small enough to balance. */
    private static final int CHUNK = 1 << 18;

    /** One slice of every buffer of one parameter. */
    record Chunk(int parameter, int from, int to) {}

    private ParameterBuffers() {}

    /**
     * A float view of an array's memory (no copy). The array must stay alive and keep its storage
     * for as long as the view is used: true of parameters, optimizer state and gradients that are
     * zeroed in place.
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

    /** The chunks covering parameters of the given sizes. */
    static List<Chunk> chunks(long[] sizes) {
        List<Chunk> chunks = new ArrayList<>();
        for (int p = 0; p < sizes.length; p++) {
            int size = Math.toIntExact(sizes[p]);
            for (int from = 0; from < size; from += CHUNK) {
                chunks.add(new Chunk(p, from, Math.min(size, from + CHUNK)));
            }
        }
        return chunks;
    }

    /** Runs {@code work} on every chunk, in parallel on the common pool. */
    static void forEach(List<Chunk> chunks, java.util.function.Consumer<Chunk> work) {
        IntStream.range(0, chunks.size()).parallel().forEach(i -> work.accept(chunks.get(i)));
    }
}
