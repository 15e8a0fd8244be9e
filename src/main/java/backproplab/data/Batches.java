package backproplab.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/** Cuts batches out of a data set that lives in native memory. */
public final class Batches {

    private Batches() {}

    /**
     * Rows of {@code source} attached to {@code manager}: a slice when the rows are consecutive (the
     * first epoch), a gather otherwise.
     */
    public static NDArray rows(NDManager manager, NDArray source, long[] rows) {
        if (isRun(rows)) {
            return source.get(manager, new NDIndex().addSliceDim(rows[0], rows[0] + rows.length));
        }
        try (NDArray index = manager.create(rows)) {
            NDArray gathered = source.get(index);
            gathered.attach(manager);
            return gathered;
        }
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
