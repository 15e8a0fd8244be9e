package backproplab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.report.Summary;
import backproplab.results.SmallDisk;
import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
            ChildRun failed = ChildRun.run(settings(out), tmp.resolve("child.log"));
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
     * The disk fills while the run trains (held before its metrics file is opened, the disk filled,
     * then let go): the run ends in one line with exit 2, as it does when the disk is full from the
     * start, and the folder it leaves takes the same command again once there is room.
     */
    @Test
    void aDiskThatFillsWhileTheRunTrainsEndsItInOneLine() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), "16m")) {
            Path out = disk.root().resolve("results");
            Path hold = Files.createFile(tmp.resolve("hold"));
            Map<String, String> held = settings(out);
            held.put("backproplab.holdAt", "training");
            held.put("backproplab.holdFile", hold.toString());
            Path log = tmp.resolve("child.log");
            Process child = ChildRun.start(held, log);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!Files.readString(log).contains("held at training") && child.isAlive()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertTrue(child.isAlive(), "held: " + Files.readString(log));
                disk.fill();
                Files.delete(hold);
                assertTrue(child.waitFor(120, TimeUnit.SECONDS), Files.readString(log));
            } finally {
                child.destroyForcibly();
                child.waitFor(60, TimeUnit.SECONDS);
            }
            ChildRun failed = new ChildRun(child.exitValue(), Files.readString(log));
            assertEquals(2, failed.exitCode(), failed.output());
            String last = failed.lines().get(failed.lines().size() - 1);
            assertTrue(last.startsWith("error: no space left on the device that holds "
                    + UserPath.shown(out.resolve("mlp-djl"))), failed.output());
            assertFalse(failed.output().contains("Exception") || failed.output().contains("\tat "), failed.output());

            // What the line says to do: with space freed, the same command runs.
            Files.delete(disk.root().resolve("filler"));
            Main.run(settings(out), quiet());
            assertEquals(6, Summary.read(out.resolve("mlp-djl")).stepsDone());
        }
    }

    /**
     * A finished run whose folder (the results folder, the run's, or one the run writes in it) is
     * on a disk since mounted read-only: the same run again is refused in one line naming that
     * folder, before it trains (where the run's saves would fail at its end), every file as it was.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "mlp-djl", "mlp-djl/model", "mlp-djl/tensorboard"})
    void aReadOnlyFolderIsRefusedBeforeTheRunTrains(String readOnly) throws Exception {
        Path out = tmp.resolve("results");
        Main.run(settings(out), quiet());
        Path folder = out.resolve(readOnly);
        try (SmallDisk disk = onSmallDisk(folder)) {
            disk.readOnly();
            Map<String, String> before = NothingLostTest.snapshot(out);

            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            UserError e = assertThrows(UserError.class,
                    () -> Main.run(settings(out), new PrintStream(printed, true, StandardCharsets.UTF_8)));
            assertTrue(e.getMessage().startsWith("cannot write results to " + UserPath.shown(folder) + ": it is not"
                    + " writable") && e.getMessage().endsWith("-Dout=DIR"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertFalse(printed.toString(StandardCharsets.UTF_8).contains("mlp-djl:"),
                    "refused before it trained: " + printed);
            assertEquals(before, NothingLostTest.snapshot(out));
        }
    }

    /** {@code folder}'s files moved onto a small disk mounted in its place. */
    private SmallDisk onSmallDisk(Path folder) throws Exception {
        Path aside = tmp.resolve("aside");
        Files.move(folder, aside);
        Files.createDirectory(folder);
        SmallDisk disk = SmallDisk.mount(folder, "64m");
        try (Stream<Path> walk = Files.walk(aside)) {
            for (Path from : walk.toList()) {
                Path to = folder.resolve(aside.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException | RuntimeException e) {
            disk.close();
            throw e;
        }
        return disk;
    }

    /** NothingLostTest's short mlp-djl run into {@code out}. */
    private static Map<String, String> settings(Path out) {
        Map<String, String> settings = new HashMap<>(NothingLostTest.SHORT);
        settings.put("out", out.toString());
        return settings;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
