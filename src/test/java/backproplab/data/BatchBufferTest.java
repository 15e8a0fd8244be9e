package backproplab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchBufferTest {

    @Test
    void rowsAreCopiedInTheGivenOrderAndMatchALibtorchGather() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray source = table(manager);
            for (long[] rows : new long[][] {{3, 4, 5}, {7, 2, 9}, {0, 2, 4}, {9, 8, 7}, {6, 6, 6}}) {
                BatchBuffer buffer = new BatchBuffer(manager, source, rows.length);
                try (NDManager step = manager.newSubManager()) {
                    NDArray batch = buffer.fill(step, rows);
                    assertEquals(new Shape(rows.length, 4), batch.getShape(), Arrays.toString(rows));
                    assertArrayEquals(expectedRows(rows), batch.toFloatArray(), Arrays.toString(rows));
                    assertArrayEquals(source.get(step.create(rows)).toFloatArray(), batch.toFloatArray());
                }
            }
        }
    }

    @Test
    void eachFillReplacesThePreviousBatch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BatchBuffer buffer = new BatchBuffer(manager, table(manager), 2);
            try (NDManager step = manager.newSubManager()) {
                assertArrayEquals(expectedRows(new long[] {1, 8}), buffer.fill(step, new long[] {1, 8}).toFloatArray());
            }
            try (NDManager step = manager.newSubManager()) {
                assertArrayEquals(expectedRows(new long[] {5, 0}), buffer.fill(step, new long[] {5, 0}).toFloatArray());
            }
        }
    }

    @Test
    void imagesOfSeveralAxesAndInt64Labels() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] values = new float[5 * 3 * 2 * 2];
            for (int i = 0; i < values.length; i++) {
                values[i] = i;
            }
            NDArray images = manager.create(values, new Shape(5, 3, 2, 2));
            NDArray labels = manager.create(new long[] {10, 11, 12, 13, 14});
            BatchBuffer imageBuffer = new BatchBuffer(manager, images, 2);
            BatchBuffer labelBuffer = new BatchBuffer(manager, labels, 2);
            try (NDManager step = manager.newSubManager()) {
                NDArray batch = imageBuffer.fill(step, new long[] {4, 1});
                assertEquals(new Shape(2, 3, 2, 2), batch.getShape());
                float[] expected = new float[24];
                System.arraycopy(values, 48, expected, 0, 12);
                System.arraycopy(values, 12, expected, 12, 12);
                assertArrayEquals(expected, batch.toFloatArray());
                NDArray labelBatch = labelBuffer.fill(step, new long[] {4, 1});
                assertEquals(DataType.INT64, labelBatch.getDataType());
                assertArrayEquals(new long[] {14, 11}, labelBatch.toLongArray());
            }
        }
    }

    @Test
    void aCopiedBatchOutlivesItsStepWhatTheStepComputedDoesNot() {
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray source = table(root);
            BatchBuffer buffer = new BatchBuffer(root, source, 3);
            NDArray batch;
            NDArray computed;
            try (NDManager step = root.newSubManager()) {
                batch = buffer.fill(step, new long[] {3, 1, 2});
                assertSame(step, batch.getManager());
                computed = batch.mul(2);
                assertSame(step, computed.getManager());
            }
            assertTrue(computed.isReleased(), "an array computed from the batch is freed with its step");
            assertFalse(batch.isReleased(), "the batch array is kept for the next step");
            assertSame(root, batch.getManager());
            assertFalse(source.isReleased());
            assertArrayEquals(expectedRows(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), source.toFloatArray());
        }
    }

    @Test
    void consecutiveRowsAreASliceFreedWithItsStep() {
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray source = table(root);
            BatchBuffer buffer = new BatchBuffer(root, source, 3);
            NDArray slice;
            try (NDManager step = root.newSubManager()) {
                slice = buffer.fill(step, new long[] {4, 5, 6});
                assertSame(step, slice.getManager());
                assertArrayEquals(expectedRows(new long[] {4, 5, 6}), slice.toFloatArray());
            }
            assertTrue(slice.isReleased());
            assertFalse(source.isReleased());
            assertArrayEquals(expectedRows(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), source.toFloatArray());
        }
    }

    @Test
    void aWrongRowCountOrARowOutsideTheSourceIsRefusedAndTheBatchKept() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BatchBuffer buffer = new BatchBuffer(manager, table(manager), 2);
            try (NDManager step = manager.newSubManager()) {
                NDArray batch = buffer.fill(step, new long[] {3, 4});
                assertThrows(IllegalArgumentException.class, () -> buffer.fill(step, new long[] {1, 2, 3}));
                assertThrows(IllegalArgumentException.class, () -> buffer.fill(step, new long[] {1}));
                assertThrows(IndexOutOfBoundsException.class, () -> buffer.fill(step, new long[] {1, 10}));
                assertThrows(IndexOutOfBoundsException.class, () -> buffer.fill(step, new long[] {-1, 2}));
                assertArrayEquals(expectedRows(new long[] {3, 4}), batch.toFloatArray());
            }
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
}
