package backproplab.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import backproplab.manual.ManualModule;
import backproplab.manual.ReluModule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** -Dexp=gradcheck passes the suite's code and finds a deliberate bug in it. */
class GradCheckTest {

    @Test
    void theSuitesHandWrittenGradientsPass() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        assertTrue(GradCheck.run(HandWritten.AS_IT_IS, new PrintStream(printed, true, StandardCharsets.UTF_8)));
        String table = printed.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("19 gradients checked") && table.contains("none wrong"), table);
        for (String module : List.of("Linear", "ReLU", "LeakyReLU", "ELU", "Tanh", "SoftMax", "CrossEntropy", "MLP",
                "BatchNorm")) {
            assertTrue(table.contains("\n" + module + " "), module + " in\n" + table);
        }
    }

    /**
     * A ReLU whose backward flips the sign of the gradient it passes on: its row is wrong, and so
     * are the MLP's gradients that pass back through one ReLU (dW2, db2; those through two, dW1,
     * db1 and dx, have the sign flipped twice, and dW3, db3 through none); the others are right.
     */
    @Test
    void aFlippedSignInReluBackwardIsWrong() {
        HandWritten flipped = new HandWritten() {
            @Override
            public ManualModule relu() {
                ReluModule relu = new ReluModule();
                return new ManualModule() {
                    @Override
                    public NDArray forward(NDArray x) {
                        return relu.forward(x);
                    }

                    @Override
                    public NDArray backward(NDArray dout) {
                        return relu.backward(dout).neg();
                    }
                };
            }
        };
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        assertFalse(GradCheck.run(flipped, new PrintStream(printed, true, StandardCharsets.UTF_8)));
        try (NDManager manager = NDManager.newBaseManager()) {
            for (GradCheck.Row row : GradCheck.rows(flipped, manager)) {
                boolean relu = row.module().equals("ReLU");
                boolean throughOneRelu = row.module().equals("MLP") && List.of("dW2", "db2").contains(row.quantity());
                assertEquals(relu || throughOneRelu, row.verdict().equals("WRONG"), row.toString());
                if (relu) {
                    // -a against a: |a - (-a)| / max(|a|, |a|) = 2 wherever the gradient is not 0.
                    assertEquals(2, row.vsDifferences(), 1e-6);
                    assertEquals(2, row.vsAutograd(), 1e-12);
                }
            }
        }
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("3 WRONG"));
    }

    /**
     * A LeakyReLU, ELU or tanh whose backward forgets its derivative (it passes dout on as it is):
     * its row is wrong, and no other (the MLP is built with ReLU).
     */
    @ParameterizedTest
    @ValueSource(strings = {"LeakyReLU", "ELU", "Tanh"})
    void anActivationWhoseBackwardForgetsItsDerivativeIsWrongAlone(String module) {
        HandWritten forgetful = new HandWritten() {
            @Override
            public ManualModule leakyRelu() {
                return module.equals("LeakyReLU") ? forgetsItsDerivative(HandWritten.super.leakyRelu())
                        : HandWritten.super.leakyRelu();
            }

            @Override
            public ManualModule elu() {
                return module.equals("ELU") ? forgetsItsDerivative(HandWritten.super.elu()) : HandWritten.super.elu();
            }

            @Override
            public ManualModule tanh() {
                return module.equals("Tanh") ? forgetsItsDerivative(HandWritten.super.tanh()) : HandWritten.super.tanh();
            }
        };
        try (NDManager manager = NDManager.newBaseManager()) {
            for (GradCheck.Row row : GradCheck.rows(forgetful, manager)) {
                assertEquals(row.module().equals(module), row.verdict().equals("WRONG"), row.toString());
            }
        }
    }

    /** {@code module} with a backward that returns dout unchanged, as if its derivative were 1 everywhere. */
    private static ManualModule forgetsItsDerivative(ManualModule module) {
        return new ManualModule() {
            @Override
            public NDArray forward(NDArray x) {
                return module.forward(x);
            }

            @Override
            public NDArray backward(NDArray dout) {
                return dout;
            }
        };
    }

    @Test
    void theRelativeErrorIsCs231nsDefinition() {
        assertEquals(0, Numeric.error(new double[] {0, 1}, new double[] {0, 1}));
        assertEquals(0.5, Numeric.error(new double[] {1, 2}, new double[] {1, 1}), 1e-15);
        assertEquals(Double.POSITIVE_INFINITY, Numeric.error(new double[] {Double.NaN}, new double[] {1}));
        assertEquals("good", new GradCheck.Row("m", "q", 1e-8, 0).verdict());
        assertEquals("acceptable", new GradCheck.Row("m", "q", 1e-6, 0).verdict());
        assertEquals("suspect", new GradCheck.Row("m", "q", 1e-3, 0).verdict());
        assertEquals("WRONG", new GradCheck.Row("m", "q", 0, 2e-2).verdict());
    }
}
