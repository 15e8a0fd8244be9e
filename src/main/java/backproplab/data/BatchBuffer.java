package backproplab.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * The batches of a data set held in native memory. Consecutive rows (the first, stored-order
 * epoch) are a slice of the data set, no copy; other rows are copied one by one into one native
 * array that every step reuses. The copy runs over both arrays' own memory (no JNI call, no
 * allocation), about twice as fast for 200 CIFAR-10 rows as a libtorch gather by an index array
 * (measured in docs/how-it-works.md, "Data").
 *
 * <p>Each copy overwrites the batch the previous one returned: a step fills it once and must be
 * done with it (forward and backward) before the next step fills it again.
 */
public final class BatchBuffer {

    private final NDArray sourceArray;
    private final ByteBuffer sourceBytes;
    private final long sourceRows;
    private final int rowBytes;
    private final NDArray batch;
    private final ByteBuffer batchBytes;

    /**
     * @param manager the owner of the batch array (it is freed with it)
     * @param source the data set, one row per example along its first axis
     * @param batchSize rows per batch
     */
    public BatchBuffer(NDManager manager, NDArray source, int batchSize) {
        Shape shape = source.getShape();
        this.sourceRows = shape.get(0);
        Shape batchShape = new Shape(batchSize).addAll(shape.slice(1));
        this.batch = manager.zeros(batchShape, source.getDataType());
        this.sourceArray = source;
        this.sourceBytes = source.toByteBuffer(true);
        this.batchBytes = batch.toByteBuffer(true);
        this.rowBytes = Math.toIntExact(shape.slice(1).size() * source.getDataType().getNumOfBytes());
        if (!sourceBytes.isDirect() || !batchBytes.isDirect()) {
            throw new IllegalStateException("the engine gave no view of its memory to copy batches through");
        }
    }

    /**
     * The rows {@code rows} of the source, in that order (their count must be the batch size),
     * for {@code step}: a slice attached to it, or the reused array lent to it until it closes.
     * What is computed from the batch is attached to the batch's manager, so the step's arrays
     * are freed with the step, and the reused array is not.
     */
    public NDArray fill(NDManager step, long[] rows) {
        if (rows.length * (long) rowBytes != batchBytes.capacity()) {
            throw new IllegalArgumentException(rows.length + " rows for a batch of " + batchBytes.capacity() / rowBytes);
        }
        // Every row checked before any is copied: a refused call leaves the last batch whole.
        for (long row : rows) {
            if (row < 0 || row >= sourceRows) {
                throw new IndexOutOfBoundsException("row " + row + " of " + sourceRows);
            }
        }
        if (isRun(rows)) {
            return sourceArray.get(step, new NDIndex().addSliceDim(rows[0], rows[0] + rows.length));
        }
        for (int i = 0; i < rows.length; i++) {
            batchBytes.put(i * rowBytes, sourceBytes, Math.toIntExact(rows[i] * rowBytes), rowBytes);
        }
        batch.tempAttach(step);
        return batch;
    }

    private static boolean isRun(long[] rows) {
        for (int i = 1; i < rows.length; i++) {
            if (rows[i] != rows[0] + i) {
                return false;
            }
        }
        return true;
    }
}
