package backproplab.results;

import backproplab.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Makes sure a results folder can be written before any training starts. */
public final class OutputFolder {

    private OutputFolder() {}

    public static Path prepare(Path folder) {
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".write-check", ".tmp");
            Files.delete(probe);
            return folder;
        } catch (IOException | SecurityException e) {
            throw new UserError("cannot write results to " + folder.toAbsolutePath()
                    + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "): choose another folder with -Dout=DIR");
        }
    }
}
