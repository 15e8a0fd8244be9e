package backproplab.util;

/**
 * A mistake the user can fix (bad option, missing data, unwritable folder). Main prints its message
 * as one line and exits non-zero, without a stack trace.
 */
public class UserError extends RuntimeException {

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }

    /** The first line of a library's message (Gson's add a line with a link), for a one-line error. */
    public static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
