package backproplab.manual;

import static backproplab.gradcheck.Numeric.array;
import static backproplab.gradcheck.Numeric.autograd;
import static backproplab.gradcheck.Numeric.differences;
import static backproplab.gradcheck.Numeric.evaluate;
import static backproplab.gradcheck.Numeric.gaussian;
import static backproplab.gradcheck.Numeric.values;
import static backproplab.manual.GradientCheck.assertRelativeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written activations after ReLU, in float64 on batches 1-19 of 1-99 features: the
 * forward is DJL's (the block the DJL MLP is built with), dx agrees with central differences of
 * the module's own forward within 1e-6 and with DJL autograd of DJL's operator within 1e-12.
 */
class ActivationModulesTest {

    @BeforeAll
    static void engine() {
        Engine.getInstance();
        JniUtils.setGradMode(false);
    }

    /** Each module with DJL's function of it; LeakyReLU at slopes a float holds exactly, as DJL's alpha is one. */
    static Stream<Arguments> modules() {
        return Stream.of(
                Arguments.of("LeakyReLU 0.25", (Supplier<ManualModule>) () -> new LeakyReluModule(0.25),
                        (Function<NDArray, NDArray>) x -> Activation.leakyRelu(x, 0.25f)),
                Arguments.of("LeakyReLU 2^-6", (Supplier<ManualModule>) () -> new LeakyReluModule(0.015625),
                        (Function<NDArray, NDArray>) x -> Activation.leakyRelu(x, 0.015625f)),
                Arguments.of("ELU", (Supplier<ManualModule>) EluModule::new,
                        (Function<NDArray, NDArray>) x -> Activation.elu(x, 1)),
                Arguments.of("Tanh", (Supplier<ManualModule>) TanhModule::new,
                        (Function<NDArray, NDArray>) Activation::tanh));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void forwardIsDjlsAndBackwardMatchesDifferencesAndAutograd(String name, Supplier<ManualModule> module,
            Function<NDArray, NDArray> djl) {
        Random random = new Random(44);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int repetition = 0; repetition < 10; repetition++) {
                int batch = 1 + random.nextInt(19);
                int features = 1 + random.nextInt(99);
                double[] x = awayFromZero(gaussian(random, batch * features, 1), random);
                double[] dout = gaussian(random, batch * features, 1);
                String where = String.format("%s, repetition %d (B=%d, n=%d): ", name, repetition, batch, features);

                double[] y;
                double[] dx;
                try (NDManager step = manager.newSubManager()) {
                    ManualModule m = module.get();
                    y = values(m.forward(array(step, x, batch, features)));
                    dx = values(m.backward(array(step, dout, batch, features)));
                    assertArrayEquals(values(djl.apply(array(step, x, batch, features))), y, 1e-15, where + "y");
                }
                double[][] inputs = {x};
                double[] numericDx = differences(inputs, 0, v -> evaluate(manager, s ->
                        module.get().forward(array(s, v[0], batch, features))), dout);
                double[] autogradDx = autograd(manager, inputs, new long[][] {{batch, features}},
                        a -> djl.apply(a.get(0)), dout, new long[] {batch, features})[0];

                long[] shape = {batch, features};
                assertRelativeError(where + "dx vs differences", shape, dx, numericDx, 1e-6);
                assertRelativeError(where + "dx vs autograd", shape, dx, autogradDx, 1e-12);
            }
        }
    }

    /** Redraws values within 1e-3 of the kink at 0, where x +- h would straddle it (h = 1e-5). */
    private static double[] awayFromZero(double[] x, Random random) {
        for (int i = 0; i < x.length; i++) {
            while (Math.abs(x[i]) <= 1e-3) {
                x[i] = random.nextGaussian();
            }
        }
        return x;
    }
}
