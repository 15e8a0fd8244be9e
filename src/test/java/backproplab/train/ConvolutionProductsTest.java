package backproplab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import backproplab.nn.ConvNet;
import backproplab.nn.ConvNet.Convolution;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConvolutionProductsTest {

    @Test
    void theConvNetsConvolutionsSeeImagesHalvedByEachPool() {
        assertEquals(List.of(new Convolution(3, 64, 32), new Convolution(64, 128, 16), new Convolution(128, 256, 8),
                new Convolution(256, 256, 8), new Convolution(256, 512, 4), new Convolution(512, 512, 4),
                new Convolution(512, 512, 2), new Convolution(512, 512, 2)), ConvNet.convolutions());
    }

    @Test
    void aStepsOperationsAreThreeConvolutionsALayerAndTwoForTheFirst() {
        // 2 * B * side^2 * out * in * 9 each: forward, weight gradient, input gradient (none for the first)
        double expected = 2.0 * 32 * 9 * (2 * 32 * 32 * 64 * 3 + 3 * (16 * 16 * 128 * 64 + 8 * 8 * 256 * 128
                + 8 * 8 * 256 * 256 + 4 * 4 * 512 * 256 + 4 * 4 * 512 * 512 + 2 * 2 * 512 * 512 + 2 * 2 * 512 * 512))
                / 1e9;
        assertEquals(expected, ConvolutionProducts.gflopPerStep(ConvNet.convolutions(), 32), 1e-12);
    }

    @Test
    void everyConvolutionIsTimedForwardAndBackward() {
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Convolution> convolutions = List.of(new Convolution(2, 3, 4), new Convolution(3, 5, 2));
            Floor<ConvolutionProducts.Layer> floor = ConvolutionProducts.measure(manager, convolutions, 2, 3);
            assertEquals(2, floor.layers().size());
            double sum = 0;
            for (ConvolutionProducts.Layer layer : floor.layers()) {
                assertTrue(layer.forwardMs() > 0 && Double.isFinite(layer.forwardMs()), "forward " + layer);
                assertTrue(layer.backwardMs() > 0 && Double.isFinite(layer.backwardMs()), "backward " + layer);
                sum += layer.forwardMs() + layer.backwardMs();
            }
            ConvolutionProducts.Layer first = floor.layers().get(0);
            ConvolutionProducts.Layer second = floor.layers().get(1);
            assertEquals(List.of(2, 3, 4, 3, 5, 2), List.of(first.inputs(), first.outputs(), first.side(),
                    second.inputs(), second.outputs(), second.side()));
            assertEquals(sum, floor.msPerStep(), 1e-12);
            assertEquals(ConvolutionProducts.gflopPerStep(convolutions, 2), floor.gflopPerStep(), 0);
            assertEquals(0, ((BaseNDManager) manager).getManagedArrays().size(),
                    "the arrays are freed with their scope");
        }
    }

    @Test
    void noConvolutionOrNoRepeatIsRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> ConvolutionProducts.measure(manager, List.of(), 4, 3));
            assertThrows(IllegalArgumentException.class,
                    () -> ConvolutionProducts.measure(manager, List.of(new Convolution(1, 1, 2)), 4, 0));
        }
    }
}
