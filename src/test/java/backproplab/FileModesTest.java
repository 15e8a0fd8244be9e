package backproplab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import backproplab.results.RunLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's files are made as any new file is (the umask's mode), not owner-only as the temporary
 * files they are written through: a results folder shared with a group is readable to it.
 */
class FileModesTest {

    @TempDir
    Path tmp;

    @Test
    void aRunsFilesHaveTheModeOfAnyNewFile() throws Exception {
        Path out = tmp.resolve("results");
        Main.run(NothingLostTest.settings(out), quiet());
        Set<PosixFilePermission> plain = Files.getPosixFilePermissions(Files.createFile(tmp.resolve("plain.txt")));
        Path run = out.resolve("mlp-djl");
        for (String file : List.of(RunLayout.SUMMARY, RunLayout.METRICS, RunLayout.CURVES)) {
            assertEquals(plain, Files.getPosixFilePermissions(run.resolve(file)), file);
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
