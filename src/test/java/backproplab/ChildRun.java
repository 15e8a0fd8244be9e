package backproplab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The suite's command in a child JVM, as a user runs it: its exit code and what it printed. */
record ChildRun(int exitCode, String output) {

    /** Starts {@code backproplab.Main} with these -D settings; its output goes to {@code log}. */
    static Process start(Map<String, String> settings, Path log) throws IOException {
        return start(List.of(), settings, log);
    }

    /** The same, with options of the JVM (its memory, say). */
    static Process start(List<String> jvmOptions, Map<String, String> settings, Path log) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                "-Djava.awt.headless=true", "-Dai.djl.offline=true"));
        command.addAll(jvmOptions);
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("backproplab.Main");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Runs the command to its end (two minutes at most). */
    static ChildRun run(Map<String, String> settings, Path log) throws IOException, InterruptedException {
        return run(List.of(), settings, log);
    }

    /** The same, with options of the JVM. */
    static ChildRun run(List<String> jvmOptions, Map<String, String> settings, Path log)
            throws IOException, InterruptedException {
        return ended(start(jvmOptions, settings, log), log);
    }

    /**
     * Starts the command, to be held at the named moment ({@code backproplab.util.HaltPoint}) for as
     * long as {@code holdFile} exists; returns once it is held there.
     */
    static Process startHeld(Map<String, String> settings, String moment, Path holdFile, Path log)
            throws IOException, InterruptedException {
        Files.writeString(holdFile, "");
        Map<String, String> held = new LinkedHashMap<>(settings);
        held.put("backproplab.holdAt", moment);
        held.put("backproplab.holdFile", holdFile.toString());
        Process child = start(held, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains("held at " + moment)) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                child.destroyForcibly();
                throw new AssertionError("never held at " + moment + ": " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        return child;
    }

    /** Waits for a child to end (two minutes at most): its exit code and what it printed. */
    static ChildRun ended(Process child, Path log) throws IOException, InterruptedException {
        boolean ended = child.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly();
        }
        assertTrue(ended, "the child did not end: " + Files.readString(log));
        return new ChildRun(child.exitValue(), Files.readString(log));
    }

    /** The lines the suite printed (the JVM's own notes on incubator modules left out). */
    List<String> lines() {
        return output.lines().filter(line -> !line.startsWith("WARNING: Using incubator modules")).toList();
    }
}
