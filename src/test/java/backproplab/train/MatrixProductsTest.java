package backproplab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatrixProductsTest {

    @Test
    void aStepsOperationsAreThreeProductsALayerAndTwoForTheFirst() {
        // 2 * 200 * (2 * 3072 * 100 + 3 * 100 * 10): the course's MLP
        assertEquals(0.24696, MatrixProducts.gflopPerStep(List.of(3072, 100, 10), 200), 1e-12);
        // 2 * 200 * (2 * 3072 * 1024 + 3 * (1024 * 2048 + 2048 * 2048 + 2048 * 4096 + 4096 * 10)): the deep MLPs
        assertEquals(20.1818112, MatrixProducts.gflopPerStep(List.of(3072, 1024, 2048, 2048, 4096, 10), 200), 1e-9);
    }

    @Test
    void everyProductOfEveryLayerIsTimedAndTheFirstMakesNoInputGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Floor<MatrixProducts.Layer> floor = MatrixProducts.measure(manager, List.of(8, 5, 3), 4, 3);
            assertEquals(2, floor.layers().size());
            MatrixProducts.Layer first = floor.layers().get(0);
            MatrixProducts.Layer second = floor.layers().get(1);
            assertEquals(List.of(8, 5, 5, 3), List.of(first.inputs(), first.outputs(), second.inputs(), second.outputs()));
            assertNull(first.inputGradientMs(), "nothing needs the images' gradient");
            assertNotNull(second.inputGradientMs());
            for (double ms : new double[] {first.forwardMs(), first.weightGradientMs(), second.forwardMs(),
                    second.weightGradientMs(), second.inputGradientMs()}) {
                assertTrue(ms > 0 && Double.isFinite(ms), "a product's time " + ms);
            }
            double sum = first.forwardMs() + first.weightGradientMs() + second.forwardMs() + second.weightGradientMs()
                    + second.inputGradientMs();
            assertEquals(sum, floor.msPerStep(), 1e-12);
            assertEquals(MatrixProducts.gflopPerStep(List.of(8, 5, 3), 4), floor.gflopPerStep(), 0);
            assertEquals(floor.gflopPerStep() / (sum / 1000), floor.gflopPerSecond(), 1e-9 * floor.gflopPerSecond());
            assertEquals(0, ((BaseNDManager) manager).getManagedArrays().size(), "the products' arrays are freed with their scope");
        }
    }

    @Test
    void aNetworkWithoutALayerOrARepeatIsRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> MatrixProducts.measure(manager, List.of(8), 4, 3));
            assertThrows(IllegalArgumentException.class, () -> MatrixProducts.measure(manager, List.of(8, 3), 4, 0));
        }
    }
}
