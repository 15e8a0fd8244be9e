package backproplab.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -Dexp=compact: a results folder's event files keep every scalar, the settings and the session; no image, no histogram. */
class CompactEventsTest {

    @Test
    void everyScalarStaysAndNoPictureIsLeft(@TempDir Path tmp) throws IOException {
        Main.run(TensorBoardTest.shortRun(tmp), quiet());
        Path run = tmp.resolve("mlp-djl");
        TensorBoardView whole = new TensorBoardView(run);
        long before = Files.size(whole.files.get(0));

        Main.run(Map.of("exp", "compact", "out", tmp.toString()), quiet());
        TensorBoardView compact = new TensorBoardView(run);
        TensorBoardView.assertSameValues(whole, compact, List.of("figures/", "weights/", "gradients/"));
        assertTrue(compact.values.stream().noneMatch(v -> v.has(4) || v.has(5)), "no image, no histogram");
        assertTrue(compact.tags().containsAll(List.of("Loss/train", "layers/update_ratio/linear1", "settings",
                "_hparams_/session_end_info")), compact.tags().toString());
        long after = Files.size(compact.files.get(0));
        assertTrue(after < before / 4, before + " bytes, then " + after);

        byte[] compacted = Files.readAllBytes(compact.files.get(0));
        Main.run(Map.of("exp", "compact", "out", tmp.toString()), quiet());
        assertArrayEquals(compacted, Files.readAllBytes(compact.files.get(0)), "a compacted file is left as it is");
        assertEquals(List.of(0L), compact.starts);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
