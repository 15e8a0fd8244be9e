package backproplab.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.util.UserError;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The learning rate at chosen steps against the closed forms of PyTorch's schedulers, stepped
 * once after each optimizer step (step t uses the scheduler's epoch t - 1): LinearLR from 1/W
 * over the W warm-up steps, then StepLR (base * gamma^floor(e / stepSize)) or CosineAnnealingLR
 * (min + (base - min) (1 + cos(pi e / T)) / 2, T the steps after the warm-up), e counted from the
 * first step after the warm-up, as SequentialLR chains them.
 */
class ScheduleTest {

    private static final double EXACT = 1e-15;

    @Test
    void aWarmUpRisesLinearlyToTheRateGivenThenHoldsIt() {
        Schedule warmup = new Schedule(Schedule.Kind.CONSTANT, 4, 1, 1, 0);
        double[] expected = {0.025, 0.05, 0.075, 0.1, 0.1, 0.1};
        for (int t = 1; t <= expected.length; t++) {
            assertEquals(expected[t - 1], warmup.at(t, 100, 0.1), EXACT, "step " + t);
        }
        assertTrue(Schedule.CONSTANT.constant());
        assertEquals(0.1, Schedule.CONSTANT.at(77, 100, 0.1), 0, "constant: the rate given, exactly");
    }

    @Test
    void aStepScheduleHalvesTheRateEveryDecayEverySteps() {
        Schedule step = new Schedule(Schedule.Kind.STEP, 0, 3, 0.5, 0);
        double[] expected = {1, 1, 1, 0.5, 0.5, 0.5, 0.25};
        for (int t = 1; t <= expected.length; t++) {
            assertEquals(expected[t - 1], step.at(t, 100, 1), EXACT, "step " + t);
        }
        // After a warm-up of 2 steps the decays count from the step after it.
        Schedule warmed = new Schedule(Schedule.Kind.STEP, 2, 3, 0.5, 0);
        double[] afterWarmup = {0.5, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25};
        for (int t = 1; t <= afterWarmup.length; t++) {
            assertEquals(afterWarmup[t - 1], warmed.at(t, 100, 1), EXACT, "step " + t);
        }
    }

    @Test
    void aCosineScheduleFallsFromTheRateToItsMinimumOverTheStepsLeft() {
        Schedule cosine = new Schedule(Schedule.Kind.COSINE, 0, 1, 1, 0.01);
        // 10 steps: the first at the rate given, the sixth half way down (cos(pi/2) = 0).
        assertEquals(0.1, cosine.at(1, 10, 0.1), EXACT);
        assertEquals(0.055, cosine.at(6, 10, 0.1), EXACT);
        assertEquals(0.01 + 0.09 * (1 + Math.cos(Math.PI * 9 / 10)) / 2, cosine.at(10, 10, 0.1), EXACT);
        // With 2 warm-up steps, the cosine spans the 8 after them: half way at their fifth.
        Schedule warmed = new Schedule(Schedule.Kind.COSINE, 2, 1, 1, 0);
        assertEquals(0.05, warmed.at(1, 10, 0.1), EXACT);
        assertEquals(0.1, warmed.at(3, 10, 0.1), EXACT);
        assertEquals(0.05, warmed.at(7, 10, 0.1), EXACT);
    }

    /** -Daugment: each augmentation once, in the order given, for every network; none by default. */
    @Test
    void augmentationsAreReadInOrderOnceEach() {
        ExperimentCatalog catalog = new ExperimentCatalog(Path.of("experiments"));
        assertEquals(List.of(Augmentation.CROP, Augmentation.FLIP),
                catalog.load("convnet", Map.of("augment", "crop, flip")).hyper().augment());
        assertEquals(List.of(), catalog.load("mlp-numpy", Map.of()).hyper().augment());
        assertEquals("flip", catalog.load("mlp-djl", Map.of("augment", "flip")).asMap().get("augment"));
        UserError twice = assertThrows(UserError.class, () -> catalog.load("mlp-djl", Map.of("augment", "flip,flip")));
        assertEquals("bad value augment=flip,flip: each augmentation once, e.g. flip,crop", twice.getMessage());
        UserError rotate = assertThrows(UserError.class, () -> catalog.load("mlp-djl", Map.of("augment", "rotate")));
        assertEquals("bad value augment=rotate: one of crop, flip", rotate.getMessage());
    }

    @Test
    void theSettingsMakeTheScheduleAndRefuseWhatItDoesNotRead() {
        ExperimentCatalog catalog = new ExperimentCatalog(Path.of("experiments"));
        ExperimentSpec spec = catalog.load("mlp-djl", Map.of("schedule", "step", "decayEvery", "500",
                "decayFactor", "0.1", "warmup", "50"));
        assertEquals(new Schedule(Schedule.Kind.STEP, 50, 500, 0.1, 0), spec.hyper().schedule());
        assertEquals(2e-3 * 0.1, spec.hyper().learningRateAt(551), EXACT);
        assertEquals(Schedule.CONSTANT, catalog.load("mlp-djl", Map.of()).hyper().schedule());
        UserError unread = assertThrows(UserError.class, () -> catalog.load("mlp-djl", Map.of("decayEvery", "5")));
        assertEquals("-DdecayEvery does not apply to experiment mlp-djl: its schedule (constant) does not read"
                + " decayEvery", unread.getMessage());
        UserError factor = assertThrows(UserError.class,
                () -> catalog.load("mlp-djl", Map.of("schedule", "step", "decayFactor", "2")));
        assertTrue(factor.getMessage().startsWith("bad value decayFactor=2.0"), factor.getMessage());
        UserError kind = assertThrows(UserError.class, () -> catalog.load("mlp-djl", Map.of("schedule", "linear")));
        assertTrue(kind.getMessage().startsWith("bad value schedule=linear: one of constant, cosine, step"),
                kind.getMessage());
    }
}
