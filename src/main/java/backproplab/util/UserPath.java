package backproplab.util;

import java.nio.file.Path;

/**
 * Paths as a user types them and as results show them. A leading {@code ~/} means the user's
 * home, whether or not the shell expanded it. Shown in results and messages, a path is relative
 * to the working folder (the project) when it lies inside it, {@code ~/...} when it lies in the
 * user's home, absolute otherwise: committed results then name no machine's folders.
 */
public final class UserPath {

    private UserPath() {}

    /** The path a -D option names. */
    public static Path parse(String text) {
        if (text.equals("~") || text.startsWith("~/")) {
            return home().resolve(text.substring(Math.min(2, text.length())));
        }
        return Path.of(text);
    }

    /** How results and messages show {@code path}. */
    public static String shown(Path path) {
        return shown(path, Path.of("").toAbsolutePath(), home());
    }

    static String shown(Path path, Path workingFolder, Path home) {
        Path absolute = path.toAbsolutePath().normalize();
        if (absolute.startsWith(workingFolder) && !absolute.equals(workingFolder)) {
            return workingFolder.relativize(absolute).toString();
        }
        if (absolute.startsWith(home) && !absolute.equals(home)) {
            return "~/" + home.relativize(absolute);
        }
        return absolute.toString();
    }

    private static Path home() {
        return Path.of(System.getProperty("user.home"));
    }
}
