package backproplab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.results.SmallDisk;
import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The machine's own faults under a command, on a small tmpfs (root only, skipped elsewhere): a
 * full disk ends the command in one line, a read-only folder is refused before the run trains.
 */
class MachineFaultsTest {

    @TempDir
    Path tmp;

    /** A full disk ends the command as a refusal does: exit 2, one line that says what happened where. */
    @Test
    void aFullDiskEndsTheCommandInOneLine() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), "1m")) {
            disk.fill();
            Path out = disk.root().resolve("results");
            ChildRun failed = ChildRun.run(NothingLostTest.settings(out), tmp.resolve("child.log"));
            assertEquals(2, failed.exitCode(), failed.output());
            List<String> lines = failed.lines();
            String last = lines.get(lines.size() - 1);
            assertTrue(last.startsWith("error: no space left on the device that holds " + UserPath.shown(out)),
                    failed.output());
            assertTrue(last.endsWith("or write elsewhere with -Dout=DIR"), failed.output());
            assertEquals(1, lines.stream().filter(line -> line.startsWith("error: ")).count(), failed.output());
            assertFalse(failed.output().contains("Exception") || failed.output().contains("\tat "), failed.output());
        }
    }

    /**
     * A finished run whose folder (the results folder, the run's, or one the run writes in it) is
     * on a disk since mounted read-only: the same run again is refused in one line naming that
     * folder, before it trains (where the run's saves would fail at its end), every file as it was.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "mlp-djl", "mlp-djl/model"})
    void aReadOnlyFolderIsRefusedBeforeTheRunTrains(String readOnly) throws Exception {
        Path out = tmp.resolve("results");
        Main.run(NothingLostTest.settings(out), quiet());
        Path folder = out.resolve(readOnly);
        try (SmallDisk disk = SmallDisk.replacing(folder, tmp.resolve("aside"), "64m")) {
            disk.readOnly();
            Map<String, String> before = NothingLostTest.snapshot(out);

            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            UserError e = assertThrows(UserError.class,
                    () -> Main.run(NothingLostTest.settings(out), new PrintStream(printed, true, StandardCharsets.UTF_8)));
            assertTrue(e.getMessage().startsWith("cannot write results to " + UserPath.shown(folder) + ": it is not"
                    + " writable") && e.getMessage().endsWith("-Dout=DIR"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertFalse(printed.toString(StandardCharsets.UTF_8).contains("mlp-djl:"),
                    "refused before it trained: " + printed);
            assertEquals(before, NothingLostTest.snapshot(out));
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
