package backproplab.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A failure of the machine under a file the suite reads or writes (no space left, a read-only
 * place, an I/O error), told in words as one line that names the path: Main prints it as
 * {@code error: ...} and exits 2, like a refusal, without a stack trace.
 */
public final class Fault extends RuntimeException {

    private Fault(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The fault that {@code failure} is, or null when it is none: a failure is a fault when an
     * I/O exception is among its causes. Its path is the one {@link #at} named where the suite
     * wrote, else the one the file system reported.
     */
    public static Fault of(Throwable failure) {
        if (failure instanceof Fault fault) {
            return fault;
        }
        Path named = null;
        Path reported = null;
        IOException io = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Named at) {
                // The outermost: where the suite was writing (not its half-written copy beside it).
                named = named == null ? at.path : named;
            } else if (t instanceof IOException e) {
                reported = reported == null && e instanceof FileSystemException fs && fs.getFile() != null
                        ? Path.of(fs.getFile()) : reported;
                io = e;
            }
        }
        Path path = named != null ? named : reported;
        return io == null ? null : new Fault(words(path, io), failure);
    }

    /** {@code e}, met while writing or reading {@code path}, as a fault (the path {@code e} names, if it names one). */
    public static Fault of(Path path, IOException e) {
        return of(at(path, e));
    }

    /**
     * {@code e}, met while writing or reading {@code path}, as an exception that names the path: an
     * error of the disk itself ("No space left on device") comes without one.
     */
    public static IOException at(Path path, IOException e) {
        if (e instanceof Named) {
            return e;
        }
        return new Named(path, e);
    }

    /** The same, unchecked, for code that cannot throw IOException. */
    public static UncheckedIOException unchecked(Path path, IOException e) {
        return new UncheckedIOException(at(path, e));
    }

    /**
     * What happened, in words: the cause as the operating system names it, turned into what it
     * means for the path ("no space left on the device that holds results/mlp-djl/summary.json").
     */
    static String words(Path path, IOException e) {
        String where = path == null ? "a file" : UserPath.shown(path);
        String reason = reason(e).toLowerCase(Locale.ROOT);
        if (reason.contains("no space left")) {
            return "no space left on the device that holds " + where + ": free some space and run the command"
                    + " again, or write elsewhere with -Dout=DIR";
        }
        if (reason.contains("quota")) {
            return "the disk quota is used up on the device that holds " + where + ": free some space and run"
                    + " the command again, or write elsewhere with -Dout=DIR";
        }
        if (reason.contains("read-only file system")) {
            return where + " is on a read-only file system: write elsewhere with -Dout=DIR";
        }
        if (e instanceof AccessDeniedException || reason.contains("permission denied")) {
            return "permission denied: " + where + " cannot be written: make it writable, or write elsewhere with"
                    + " -Dout=DIR";
        }
        if (reason.contains("input/output error")) {
            return "an input/output error on the device that holds " + where + " (the disk or its connection is"
                    + " failing): check the device, then run the command again";
        }
        return path == null ? "an input/output failure: " + UserError.firstLine(reason(e))
                : "an input/output failure at " + where + " (" + UserError.firstLine(reason(e)) + ")";
    }

    /** The operating system's words for the failure, wherever the exception keeps them. */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** An I/O exception with the path it happened at; its cause is the file system's own. */
    private static final class Named extends FileSystemException {

        private final Path path;

        Named(Path path, IOException cause) {
            super(path.toString(), null, reason(cause));
            this.path = path;
            initCause(cause);
        }
    }
}
