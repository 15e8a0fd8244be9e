package backproplab.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A resume compares settings by their typed values, as their declarations read them. */
class SettingsTest {

    @Test
    void settingsThatReadAsTheSameValueAreNoDifference() {
        Map<String, String> recorded = Map.of("learningRate", "2e-3", "hidden", "100, 50", "model", "mlp",
                "seed", "42", "out", "results", "data", "a");
        Map<String, String> now = Map.of("learningRate", "0.002", "hidden", "100,50", "model", "mlp",
                "seed", "43", "out", "elsewhere", "data", "b");
        // Map.of has no order: the differences are compared as a set.
        assertEquals(Set.of("seed: 42 in the checkpoint, 43 now", "data: a in the checkpoint, b now"),
                Set.copyOf(Settings.differences(recorded, now, List.of("out"))));
    }

    @Test
    void aValueThatNoLongerReadsIsADifferenceNotAnError() {
        assertEquals(List.of("batchNorm: batchy in the checkpoint, none now"),
                Settings.differences(Map.of("batchNorm", "batchy"), Map.of("batchNorm", "none"), List.of()));
    }

    @Test
    void aSettingOnOneSideOnlyIsComparedWithItsDefaultAnyOtherKeyWithNothing() {
        // A run recorded before a setting was declared trained with what its default does.
        assertEquals(List.of(), Settings.differences(Map.of(), Map.of("weightDecay", "0.0"), List.of()));
        assertEquals(List.of("weightDecay: 0 in the checkpoint, 1e-4 now"),
                Settings.differences(Map.of(), Map.of("weightDecay", "1e-4"), List.of()));
        assertEquals(List.of("data:  in the checkpoint, /cifar now"),
                Settings.differences(Map.of(), Map.of("data", "/cifar"), List.of()));
    }

    /**
     * A list's items joined by '+' (how a sweep's value, whose values commas separate, gives a
     * list) read as those joined by commas; "none" is no augmentation, as an empty text is.
     */
    @Test
    void aListJoinedByPlusIsTheListJoinedByCommas() {
        assertEquals(List.of(1024, 512, 256), Settings.HIDDEN.read("1024+512+256"));
        assertEquals(Settings.HIDDEN.read("1024,512,256"), Settings.HIDDEN.read("1024+512+256"));
        assertEquals(List.of(Augmentation.FLIP, Augmentation.CROP), Settings.AUGMENT.read("flip+crop"));
        assertEquals(List.of(), Settings.AUGMENT.read("none"));
        assertEquals(List.of(), Settings.AUGMENT.read(""));
        assertEquals(List.of(), Settings.differences(Map.of("augment", "flip,crop"), Map.of("augment", "flip+crop"),
                List.of()), "the same augmentations, written either way");
    }
}
