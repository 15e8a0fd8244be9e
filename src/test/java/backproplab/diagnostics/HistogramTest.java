package backproplab.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class HistogramTest {

    /** 0..29 and 30: 30 buckets of width 1, the largest value in the last (edges closed on the left). */
    @Test
    void bucketsWorkedOutByHand() {
        float[] values = new float[31];
        for (int i = 0; i <= 30; i++) {
            values[i] = i;
        }
        Histogram h = Histogram.of(FloatBuffer.wrap(values));
        assertEquals(0, h.min());
        assertEquals(30, h.max());
        assertEquals(31, h.count());
        assertEquals(465, h.sum());
        assertEquals(9455, h.sumOfSquares());
        double[] counts = new double[30];
        java.util.Arrays.fill(counts, 1);
        counts[29] = 2;
        assertArrayEquals(counts, h.bucketCounts());
        assertEquals(1, h.bucketLimits()[0]);
        assertEquals(30, h.bucketLimits()[29]);
    }

    @Test
    void nonFiniteValuesAreLeftOutAndAConstantIsOneBucket() {
        Histogram h = Histogram.of(FloatBuffer.wrap(new float[] {2, Float.NaN, 2, Float.POSITIVE_INFINITY}));
        assertEquals(2, h.count());
        assertArrayEquals(new double[] {2}, h.bucketLimits());
        assertArrayEquals(new double[] {2}, h.bucketCounts());
        assertNull(Histogram.of(FloatBuffer.wrap(new float[] {Float.NaN})));
    }
}
