package backproplab.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.Random;

/**
 * The course's batch order: the first epoch walks the training set in its stored order; when the
 * next batch would run past the end, the whole set is reshuffled (seeded) and the walk starts
 * again, so the tail of each epoch is dropped.
 */
public final class BatchStream {

    private final int batchSize;
    private Random random;
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

    /**
     * Where the stream is: the position in the current order, the epoch, the order itself and the
     * random generator's state (serialized), all that the batches still to come depend on.
     */
    public record State(int position, int epoch, long[] order, byte[] random) {}

    public State state() {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(random);
            out.flush();
            return new State(position, epoch, order.clone(), bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Continues from a saved state, as if the stream had never stopped. */
    public void restore(State state) {
        if (state.order().length != order.length) {
            throw new IllegalArgumentException("a stream over " + state.order().length + " rows cannot continue one over "
                    + order.length);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(state.random()))) {
            // Nothing but a Random is read back from a checkpoint file.
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter("java.util.Random;!*"));
            Random saved = (Random) in.readObject();
            // Random's seed cannot be set to a mid-sequence state from outside: take the saved generator.
            random = saved;
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new IllegalArgumentException("not a saved random state: " + e.getMessage(), e);
        }
        System.arraycopy(state.order(), 0, order, 0, order.length);
        position = state.position();
        epoch = state.epoch();
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
