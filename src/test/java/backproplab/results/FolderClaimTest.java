package backproplab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {

    @TempDir
    Path tmp;

    @Test
    void claimingEmptiesTheFolderOfOlderRunsAndItsOtherFolders() throws IOException {
        Path folder = tmp.resolve("batchnorm");
        Path other = tmp.resolve("batchnorm-manual");
        Files.createDirectories(folder.resolve("seed-43"));
        Files.writeString(folder.resolve("seed-43").resolve("metrics.csv"), "old");
        Files.writeString(folder.resolve("summary.json"), "old");
        Files.createDirectories(other);
        Files.writeString(other.resolve("metrics.csv"), "old");
        Files.writeString(tmp.resolve("next-to-it.txt"), "not the run's");
        try (FolderClaim claimed = FolderClaim.claim(folder, RunLayout.Kind.RUN, List.of(other), true)) {
            assertEquals(List.of(folder.resolve(FolderClaim.LOCK)), list(folder));
            assertEquals(List.of(), list(other));
        }
        assertEquals(List.of(), list(folder), "the lock file goes when the run ends");
        assertTrue(Files.exists(tmp.resolve("next-to-it.txt")), "nothing outside the run's folders is touched");
    }

    /**
     * The network a validation set selected is the run's, as its model is: put back from aside
     * when a kill interrupted its swap, and gone, with the analysis of it, when the run is made
     * again; a file of the user's beside them stays.
     */
    @Test
    void theSelectedNetworkAndItsAnalysisAreTheRunsFiles() throws IOException {
        Path folder = tmp.resolve("mlp-best");
        Path aside = folder.resolve(RunLayout.SELECTED_MODEL_PREVIOUS);
        Files.createDirectories(aside);
        Files.writeString(aside.resolve(RunLayout.MODEL_SPEC), "{}");
        RunLayout.recoverModels(folder, RunLayout.Kind.RUN);
        assertTrue(Files.exists(folder.resolve(RunLayout.SELECTED_MODEL).resolve(RunLayout.MODEL_SPEC)));
        assertFalse(Files.exists(aside));

        Files.createDirectories(folder.resolve(RunLayout.SELECTED_ANALYSIS));
        Files.writeString(folder.resolve(RunLayout.SELECTED_ANALYSIS).resolve(RunLayout.ANALYSIS), "{}");
        Files.writeString(folder.resolve("notes.txt"), "the user's");
        try (FolderClaim claimed = FolderClaim.claim(folder, RunLayout.Kind.RUN, List.of(), true)) {
            assertEquals(List.of(folder.resolve(FolderClaim.LOCK), folder.resolve("notes.txt")), list(folder));
        }
    }

    @Test
    void aSecondClaimWhileTheFirstIsHeldFailsNamingTheFolderAndTheOwner() {
        Path folder = tmp.resolve("mlp-djl");
        try (FolderClaim first = FolderClaim.claim(folder, RunLayout.Kind.RUN, List.of(), true)) {
            UserError e = assertThrows(UserError.class, () -> FolderClaim.claim(folder, RunLayout.Kind.RUN, List.of(), true));
            assertTrue(e.getMessage().contains("mlp-djl"), e.getMessage());
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
        }
        // Released: the next run takes it.
        FolderClaim.claim(folder, RunLayout.Kind.RUN, List.of(), true).close();
    }

    @Test
    void aLockLeftByAProcessThatIsGoneIsTakenOver() throws IOException {
        Path folder = tmp.resolve("convnet");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(FolderClaim.LOCK), "pid 999999999, started 2026-01-01T00:00:00Z\n");
        try (FolderClaim claimed = FolderClaim.claim(folder, RunLayout.Kind.RUN, List.of(), true)) {
            String owner = Files.readString(folder.resolve(FolderClaim.LOCK));
            assertTrue(owner.startsWith("pid " + ProcessHandle.current().pid()), owner);
        }
    }

    @Test
    void checkingWritabilityCreatesNothing() throws IOException {
        Path folder = tmp.resolve("out").resolve("mlp-numpy");
        RunLayout.checkWritable(folder, RunLayout.Kind.RUN);
        RunLayout.checkResultsFolder(tmp.resolve("out"));
        assertFalse(Files.exists(tmp.resolve("out")));
        Path file = Files.writeString(tmp.resolve("F"), "a file");
        UserError e = assertThrows(UserError.class, () -> RunLayout.checkResultsFolder(file.resolve("sub")));
        assertTrue(e.getMessage().contains("-Dout"), e.getMessage());
    }

    private static List<Path> list(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}
