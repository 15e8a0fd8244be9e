package backproplab.results;

import static org.junit.jupiter.api.Assertions.assertThrows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import backproplab.train.EvalPoint;
import backproplab.util.Fault;
import backproplab.util.UserPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {

    /**
     * A full disk (a tmpfs filled to its last page) takes lines into the room left in the file's
     * last page until one crosses into a page it has no more of: that line, written in part, is
     * cut off again, and every line before it reads back.
     */
    @Test
    void aLineTheDiskCannotHoldIsCutOffAndEveryLineBeforeItReads(@TempDir Path tmp) throws Exception {
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), "1m")) {
            Path file = disk.root().resolve("metrics.csv");
            List<EvalPoint> written = new ArrayList<>();
            UncheckedIOException failure;
            try (MetricsCsv metrics = new MetricsCsv(file, false)) {
                for (int step = 1; step <= 3; step++) {
                    metrics.accept(point(step));
                    written.add(point(step));
                }
                disk.fill();
                failure = appendUntilTheDiskRefuses(metrics, written);
            }
            assertTrue(written.size() > 3, "lines went into the last page's room first: " + written.size());
            String words = Fault.of(failure).getMessage();
            assertTrue(words.startsWith("no space left on the device that holds " + UserPath.shown(file) + ":"), words);
            assertEquals(written, MetricsCsv.read(file));
            String text = Files.readString(file);
            assertTrue(text.endsWith("\n"), "the file ends with a whole line");
            assertTrue(text.length() + MetricsCsv.line(point(written.size() + 1), false).length() + 1 > SmallDisk.PAGE,
                    "the refused line did not fit the page");
        }
    }

    /** Lines appended until the disk refuses one (a page holds a hundred at most), those taken into {@code written}. */
    private static UncheckedIOException appendUntilTheDiskRefuses(MetricsCsv metrics, List<EvalPoint> written) {
        for (int step = written.size() + 1; step < 10_000; step++) {
            try {
                metrics.accept(point(step));
            } catch (UncheckedIOException e) {
                return e;
            }
            written.add(point(step));
        }
        return fail("the disk took every line");
    }

    /** Values the file's decimals hold exactly, so that a line reads back as the point it was. */
    private static EvalPoint point(int step) {
        return new EvalPoint(step, 2 + step / 64.0, 0.125, 2.5, (step % 64) / 64.0, step * 0.5, 512.5);
    }

    /**
     * A run with a validation set writes its two columns at the end, every other column where it
     * always is; both kinds of file read back to what was written, and a line of the other kind is
     * refused.
     */
    @Test
    void theValidationColumnsComeLastAndReadBack(@TempDir Path tmp) throws Exception {
        EvalPoint validated = new EvalPoint(200, 1.25, 0.5, 1.5, 0.45, 12.5, 900.5, new EvalPoint.Validation(1.375, 0.4375));
        Path file = tmp.resolve("metrics.csv");
        try (MetricsCsv metrics = new MetricsCsv(file, true)) {
            metrics.accept(validated);
        }
        assertEquals(List.of(MetricsCsv.HEADER + ",val_loss,val_acc",
                "200,1.250000,0.500000,1.500000,0.450000,12.500,900.5,1.375000,0.437500"), Files.readAllLines(file));
        assertEquals(List.of(validated), MetricsCsv.read(file));
        EvalPoint plain = new EvalPoint(200, 1.25, 0.5, 1.5, 0.45, 12.5, 900.5);
        Path other = tmp.resolve("plain.csv");
        try (MetricsCsv metrics = new MetricsCsv(other, false)) {
            metrics.accept(plain);
        }
        assertEquals(List.of(plain), MetricsCsv.read(other));
        Files.writeString(other, MetricsCsv.HEADER + "\n200,1.25,0.5,1.5,0.45,12.5,900.5,1.375,0.4375\n");
        IOException mixed = assertThrows(IOException.class, () -> MetricsCsv.read(other));
        assertTrue(mixed.getMessage().startsWith("line 2: not a metrics line"), mixed.getMessage());
    }
}
