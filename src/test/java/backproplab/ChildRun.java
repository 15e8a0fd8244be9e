package backproplab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        Process child = start(jvmOptions, settings, log);
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
