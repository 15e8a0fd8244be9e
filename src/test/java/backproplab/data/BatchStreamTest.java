package backproplab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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

    @Test
    void consecutiveRowsGiveTheSameValuesAsAGather() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray source = table(manager);
            long[] rows = {3, 4, 5};
            NDArray batch = Batches.rows(manager, source, rows);
            NDArray gathered = source.get(manager.create(rows));
            assertEquals(new Shape(3, 4), batch.getShape());
            assertArrayEquals(gathered.toFloatArray(), batch.toFloatArray());
            assertArrayEquals(expectedRows(rows), batch.toFloatArray());
        }
    }

    @Test
    void shuffledRowsAreGatheredInTheGivenOrder() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray source = table(manager);
            long[] rows = {7, 2, 9, 0};
            NDArray batch = Batches.rows(manager, source, rows);
            assertEquals(new Shape(4, 4), batch.getShape());
            assertArrayEquals(expectedRows(rows), batch.toFloatArray());
        }
    }

    @Test
    void ascendingButNotConsecutiveRowsAreGathered() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray source = table(manager);
            for (long[] rows : new long[][] {{0, 2, 4}, {1, 2, 4}, {5, 6, 8, 9}, {9, 8, 7}}) {
                assertArrayEquals(expectedRows(rows), Batches.rows(manager, source, rows).toFloatArray(),
                        java.util.Arrays.toString(rows));
            }
        }
    }

    @Test
    void singleRow() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray batch = Batches.rows(manager, table(manager), new long[] {6});
            assertEquals(new Shape(1, 4), batch.getShape());
            assertArrayEquals(expectedRows(new long[] {6}), batch.toFloatArray());
        }
    }

    @Test
    void rowsOfAOneDimensionalLabelArray() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray labels = manager.create(new long[] {10, 11, 12, 13, 14, 15});
            assertArrayEquals(new long[] {12, 13}, Batches.rows(manager, labels, new long[] {2, 3}).toLongArray());
            assertArrayEquals(new long[] {15, 10, 13}, Batches.rows(manager, labels, new long[] {5, 0, 3}).toLongArray());
        }
    }

    @Test
    void batchesBelongToTheGivenManagerAndLeaveTheSourceAlive() {
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray source = table(root);
            NDArray slice;
            NDArray gather;
            try (NDManager step = root.newSubManager()) {
                slice = Batches.rows(step, source, new long[] {1, 2, 3});
                gather = Batches.rows(step, source, new long[] {3, 1});
                assertSame(step, slice.getManager());
                assertSame(step, gather.getManager());
            }
            assertTrue(slice.isReleased(), "a slice is freed with its step's manager");
            assertTrue(gather.isReleased(), "a gather is freed with its step's manager");
            assertFalse(source.isReleased());
            assertArrayEquals(expectedRows(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), source.toFloatArray());
        }
    }

    /** 10 rows of 4 values, row r holding r*10 + c. */
    private static NDArray table(NDManager manager) {
        return manager.create(expectedRows(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), new Shape(10, 4));
    }

    private static float[] expectedRows(long[] rows) {
        float[] values = new float[rows.length * 4];
        for (int i = 0; i < rows.length; i++) {
            for (int c = 0; c < 4; c++) {
                values[i * 4 + c] = rows[i] * 10 + c;
            }
        }
        return values;
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
