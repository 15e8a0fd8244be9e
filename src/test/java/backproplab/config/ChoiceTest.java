package backproplab.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The names of every choice, as experiments' files, -D options and every recorded run spell them:
 * made from the constants' names, so a renamed constant must not rename what runs recorded.
 */
class ChoiceTest {

    @Test
    void everyChoiceKeepsTheNameRunsRecorded() {
        assertEquals(List.of("manual-mlp", "mlp", "convnet"), keys(Network.Kind.values()));
        assertEquals(List.of("none", "builtin", "autograd", "manual"), keys(BatchNormKind.values()));
        assertEquals(List.of("sgd", "adam"), keys(Optimizer.Kind.values()));
        assertEquals(List.of("relu", "leakyRelu", "elu", "tanh"), keys(Activation.Kind.values()));
        assertEquals(List.of("constant", "step", "cosine"), keys(Schedule.Kind.values()));
        assertEquals(List.of("course", "pytorch", "kaiming"), keys(Init.values()));
        assertEquals(List.of("flip", "crop"), keys(Augmentation.values()));
    }

    @Test
    void aNameIsReadBackAsItsConstant() {
        assertEquals(Activation.Kind.LEAKY_RELU, Choice.parse(Activation.Kind.class, "activation", "leakyRelu"));
        assertEquals(Network.Kind.MANUAL_MLP, Choice.parse(Network.Kind.class, "model", "manual-mlp"));
    }

    private static List<String> keys(Choice[] choices) {
        return Arrays.stream(choices).map(Choice::key).toList();
    }
}
