package backproplab.data;

import java.util.Random;

/**
 * The course's batch order: the first epoch walks the training set in its stored order; when the
 * next batch would run past the end, the whole set is reshuffled (seeded) and the walk starts
 * again, so the tail of each epoch is dropped.
 */
public final class BatchStream {

    private final int batchSize;
    private final Random random;
    private final long[] order;
    private int position;
    private int epoch;

    public BatchStream(long size, int batchSize, long seed) {
        if (batchSize <= 0 || batchSize > size) {
            throw new IllegalArgumentException(
                    "batch size " + batchSize + " must be in 1.." + size);
        }
        this.batchSize = batchSize;
        this.random = new Random(seed);
        this.order = new long[Math.toIntExact(size)];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
    }

    /** Row indices of the next batch. */
    public long[] next() {
        if (position + batchSize > order.length) {
            shuffle();
            position = 0;
            epoch++;
        }
        long[] rows = new long[batchSize];
        System.arraycopy(order, position, rows, 0, batchSize);
        position += batchSize;
        return rows;
    }

    /** Number of reshuffles so far: 0 during the first, stored-order epoch. */
    public int epoch() {
        return epoch;
    }

    /** Fisher-Yates over the whole set. */
    private void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }
}
