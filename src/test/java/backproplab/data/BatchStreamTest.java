package backproplab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchStreamTest {

    @Test
    void firstEpochWalksTheStoredOrder() {
        BatchStream stream = new BatchStream(10, 3, 7);
        assertArrayEquals(new long[] {0, 1, 2}, stream.next());
        assertArrayEquals(new long[] {3, 4, 5}, stream.next());
        assertArrayEquals(new long[] {6, 7, 8}, stream.next());
        assertEquals(0, stream.epoch());
    }

    @Test
    void tailIsDroppedAndTheNextEpochIsAReshuffle() {
        BatchStream stream = new BatchStream(10, 3, 7);
        for (int i = 0; i < 3; i++) {
            stream.next();
        }
        List<long[]> epoch1 = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            epoch1.add(stream.next());
            assertEquals(1, stream.epoch(), "batch " + (4 + i) + " belongs to epoch 1");
        }
        Set<Long> seen = new HashSet<>();
        for (long[] batch : epoch1) {
            assertEquals(3, batch.length);
            for (long row : batch) {
                assertTrue(row >= 0 && row < 10, "row " + row + " out of range");
                assertTrue(seen.add(row), "row " + row + " repeated within epoch 1");
            }
        }
        assertEquals(9, seen.size());
        assertFalse(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L).equals(flatten(epoch1)),
                "epoch 1 must not repeat the stored order");
        stream.next();
        assertEquals(2, stream.epoch(), "the 7th batch starts epoch 2");
    }

    @Test
    void everyEpochsBatchesAreDisjoint() {
        int size = 10;
        int batch = 3;
        BatchStream stream = new BatchStream(size, batch, 123);
        for (int epoch = 0; epoch < 20; epoch++) {
            Set<Long> seen = new HashSet<>();
            for (int b = 0; b < size / batch; b++) {
                for (long row : stream.next()) {
                    assertTrue(row >= 0 && row < size);
                    assertTrue(seen.add(row), "row " + row + " repeated in epoch " + epoch);
                }
                assertEquals(epoch, stream.epoch());
            }
        }
    }

    @Test
    void batchSizeEqualToSizeGivesTheWholeSetEachTime() {
        BatchStream stream = new BatchStream(5, 5, 1);
        assertArrayEquals(new long[] {0, 1, 2, 3, 4}, stream.next());
        for (int i = 1; i <= 4; i++) {
            long[] rows = stream.next().clone();
            assertEquals(i, stream.epoch());
            java.util.Arrays.sort(rows);
            assertArrayEquals(new long[] {0, 1, 2, 3, 4}, rows);
        }
    }

    @Test
    void sameSeedGivesTheSameSequence() {
        assertEquals(flatten(take(new BatchStream(10, 3, 42), 50)), flatten(take(new BatchStream(10, 3, 42), 50)));
    }

    @Test
    void differentSeedGivesADifferentSequence() {
        List<Long> a = flatten(take(new BatchStream(10, 3, 42), 50));
        List<Long> b = flatten(take(new BatchStream(10, 3, 43), 50));
        assertEquals(a.subList(0, 9), b.subList(0, 9), "the first epoch is the stored order whatever the seed");
        assertFalse(a.equals(b));
    }

    @Test
    void batchSizeOutOfRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new BatchStream(10, 11, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatchStream(10, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatchStream(10, -3, 1));
    }

    private static List<long[]> take(BatchStream stream, int batches) {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            out.add(stream.next());
        }
        return out;
    }

    private static List<Long> flatten(List<long[]> batches) {
        List<Long> all = new ArrayList<>();
        for (long[] b : batches) {
            for (long r : b) {
                all.add(r);
            }
        }
        return all;
    }
}
