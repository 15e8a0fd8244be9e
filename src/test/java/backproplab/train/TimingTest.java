package backproplab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimingTest {

    @Test
    void eachIntervalHoldsTheMeansOfItsOwnStepsPhaseByPhase() {
        Timing timing = new Timing();
        // 100 steps of 1 ms (0.2 forward, 0.3 backward, 0.1 update), then 100 of 3 ms, then 50 unfinished.
        for (int i = 0; i < 250; i++) {
            long scale = i < 100 ? 1 : 3;
            timing.onStep(i + 1, null, new StepTimes(200_000 * scale, 300_000 * scale, 100_000 * scale,
                    1_000_000 * scale));
        }
        List<Timing.Interval> intervals = timing.intervals();
        assertEquals(2, intervals.size(), "the 50 steps of an unfinished interval make none");
        assertEquals(new Timing.Interval(1.0, 0.2, 0.3, 0.1), rounded(intervals.get(0)));
        assertEquals(new Timing.Interval(3.0, 0.6, 0.9, 0.3), rounded(intervals.get(1)));
        assertEquals(250, timing.steps());
        assertEquals((100 * 1.0 + 150 * 3.0) / 250, timing.msPerStep(), 1e-9);
        assertEquals((100 * 0.3 + 150 * 0.9) / 250, timing.backwardMs(), 1e-9);
    }

    private static Timing.Interval rounded(Timing.Interval i) {
        return new Timing.Interval(round(i.stepMs()), round(i.forwardMs()), round(i.backwardMs()), round(i.updateMs()));
    }

    private static double round(double ms) {
        return Math.round(ms * 1e6) / 1e6;
    }
}
