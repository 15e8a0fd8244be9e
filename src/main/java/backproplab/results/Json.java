package backproplab.results;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** JSON files of the results folder, through Gson. */
public final class Json {

    // NaN (an accuracy never measured) is written as NaN rather than failing the run.
    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().disableHtmlEscaping().create();

    private Json() {}

    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.write(file, (GSON.toJson(value) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public static Gson gson() {
        return GSON;
    }
}
