package backproplab.config;

import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.nio.file.Path;

/**
 * Where a command reads CIFAR-10 from and writes its results to ({@code -Ddata}, {@code -Dout}),
 * parsed once from the command line; {@code ~/} is the user's home.
 *
 * @param data a local CIFAR-10 folder, or null to download
 * @param out the folder results go to ({@code <out>/<id>/...})
 */
public record Folders(Path data, Path out) {

    /** The results folder when -Dout is not given. */
    public static final String DEFAULT_OUT = "results";

    /** From the options' text: an empty or absent {@code data} downloads. */
    public static Folders parse(String data, String out) {
        if (out != null && out.isBlank()) {
            throw new UserError("bad value out=" + out + ": name a folder for the results");
        }
        return new Folders(data == null || data.isBlank() ? null : UserPath.parse(data.trim()),
                UserPath.parse(out == null ? DEFAULT_OUT : out.trim()));
    }

    /** The data folder as results show it; empty for the download. */
    public String dataShown() {
        return data == null ? "" : UserPath.shown(data);
    }

    /** The results folder as results show it. */
    public String outShown() {
        return UserPath.shown(out);
    }
}
