package backproplab.manual;

import static backproplab.gradcheck.Numeric.array;
import static backproplab.gradcheck.Numeric.gaussian;
import static backproplab.gradcheck.Numeric.oneHot;
import static backproplab.gradcheck.Numeric.values;
import static backproplab.manual.GradientCheck.assertClose;
import static backproplab.manual.GradientCheck.numeric;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ManualMlpTest {

    private static final int INPUTS = 7;
    private static final List<Integer> HIDDEN = List.of(5, 4);
    private static final int CLASSES = 3;
    private static final int BATCH = 6;

    /**
     * Every W and b of every layer vs central differences of the loss. An element passes with
     * relative error <= 1e-5 or, for gradients that are (nearly) zero, such as a hidden unit that
     * ReLU shuts for the whole batch, an absolute difference <= 1e-10, where the relative error
     * only measures rounding noise.
     */
    @Test
    void everyParameterGradientMatchesCentralDifferences() {
        Random random = new Random(48);
        double[] x = gaussian(random, BATCH * INPUTS, 1);
        double[] y = oneHot(random, BATCH, CLASSES);
        try (NDManager model = NDManager.newBaseManager()) {
            ManualMlp mlp = new ManualMlp(INPUTS, HIDDEN, CLASSES, model, DataType.FLOAT64);
            List<NDArray> parameters = new ArrayList<>();
            for (LinearModule linear : mlp.linearModules()) {
                parameters.add(linear.weight());
                parameters.add(linear.bias());
            }
            // Larger than the course's 1e-4 init, so that every layer's gradient is well above rounding.
            for (NDArray parameter : parameters) {
                parameter.set(gaussian(random, (int) parameter.size(), 0.5));
            }

            List<double[]> analytic = new ArrayList<>();
            try (NDManager step = model.newSubManager()) {
                CrossEntropyModule crossEntropy = new CrossEntropyModule();
                crossEntropy.forward(mlp.forward(array(step, x, BATCH, INPUTS)), array(step, y, BATCH, CLASSES));
                mlp.backward(crossEntropy.backward());
                for (LinearModule linear : mlp.linearModules()) {
                    analytic.add(values(linear.weightGradient()));
                    analytic.add(values(linear.biasGradient()));
                }
            }

            for (int i = 0; i < parameters.size(); i++) {
                NDArray parameter = parameters.get(i);
                double[] original = values(parameter);
                double[] numericGradient = numeric(original, perturbed -> {
                    parameter.set(perturbed);
                    return loss(mlp, model, x, y);
                });
                parameter.set(original);
                String name = String.format("layer %d %s", i / 2 + 1, i % 2 == 0 ? "dW" : "db");
                assertClose(name, parameter.getShape().getShape(), analytic.get(i), numericGradient, 1e-5, 1e-10);
            }
        }
    }

    /** Training stops the backward at the first layer's dW and db: the same values as the full backward. */
    @Test
    void backwardToParametersGivesTheFullBackwardsGradients() {
        Random random = new Random(11);
        double[] x = gaussian(random, BATCH * INPUTS, 1);
        double[] y = oneHot(random, BATCH, CLASSES);
        try (NDManager model = NDManager.newBaseManager(); NDManager step = model.newSubManager()) {
            ManualMlp mlp = new ManualMlp(INPUTS, HIDDEN, CLASSES, model, DataType.FLOAT64);
            for (LinearModule linear : mlp.linearModules()) {
                linear.weight().set(gaussian(random, (int) linear.weight().size(), 0.5));
            }
            List<double[]> full = new ArrayList<>();
            List<double[]> toParameters = new ArrayList<>();
            for (List<double[]> gradients : List.of(full, toParameters)) {
                CrossEntropyModule crossEntropy = new CrossEntropyModule();
                crossEntropy.forward(mlp.forward(array(step, x, BATCH, INPUTS)), array(step, y, BATCH, CLASSES));
                if (gradients == full) {
                    mlp.backward(crossEntropy.backward());
                } else {
                    mlp.backwardToParameters(crossEntropy.backward());
                }
                for (LinearModule linear : mlp.linearModules()) {
                    gradients.add(values(linear.weightGradient()));
                    gradients.add(values(linear.biasGradient()));
                }
            }
            for (int i = 0; i < full.size(); i++) {
                assertArrayEquals(full.get(i), toParameters.get(i), "gradient " + i);
            }
        }
    }

    /**
     * float32 training steps, each in its own sub-manager as the step loop runs them: the loss
     * stays finite, the weights change, and nothing is left behind in the model's manager.
     */
    @Test
    void trainingStepsLeaveOnlyTheParametersInTheModelManager() {
        try (NDManager model = NDManager.newBaseManager()) {
            ManualMlp mlp = new ManualMlp(20, List.of(8), CLASSES, model);
            ManualSgd sgd = new ManualSgd(mlp.linearModules(), 0.5);
            NDArray firstWeight = mlp.linearModules().get(0).weight();
            assertEquals(DataType.FLOAT32, firstWeight.getDataType());
            float[] before = firstWeight.toFloatArray();
            int arraysBefore = model.getManagedArrays().size();

            for (int i = 0; i < 3; i++) {
                try (NDManager step = model.newSubManager()) {
                    NDArray x = step.randomNormal(new Shape(BATCH, 20));
                    NDArray oneHot = step.create(new int[] {0, 1, 2, 0, 1, 2}).oneHot(CLASSES).toType(DataType.FLOAT32, false);
                    CrossEntropyModule crossEntropy = new CrossEntropyModule();
                    float loss = crossEntropy.forward(mlp.forward(x), oneHot).getFloat();
                    mlp.backward(crossEntropy.backward());
                    sgd.step();
                    assertTrue(Float.isFinite(loss), "loss at step " + i + " is " + loss);
                }
            }

            assertEquals(arraysBefore, model.getManagedArrays().size(),
                    "arrays left in the model's manager after the steps");
            assertFalse(Arrays.equals(before, firstWeight.toFloatArray()), "the steps did not change W");
        }
    }

    private static double loss(ManualMlp mlp, NDManager parent, double[] x, double[] y) {
        try (NDManager scratch = parent.newSubManager()) {
            NDArray probabilities = mlp.forward(array(scratch, x, BATCH, INPUTS));
            return new CrossEntropyModule().forward(probabilities, array(scratch, y, BATCH, CLASSES)).getDouble();
        }
    }
}
