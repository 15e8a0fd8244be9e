package backproplab.config;

import backproplab.util.UserError;
import java.util.function.Function;

/**
 * One experiment setting, declared once ({@link Settings}): its key, its default, what it does in
 * a line, how a value is read from text (checked: an error names the key and the value) and
 * written back as the results record it, and where an experiment holds it. From these come the
 * defaults, the parsing of .properties files and -D options, {@code -Dexp=help}, the settings a
 * run records, and the comparison a resume makes.
 *
 * @param <T> the value's type
 * @param key the name in a .properties file and after -D
 * @param defaultText the value when neither the experiment's file nor -D gives one
 * @param description what it does, in a line (help prints it)
 * @param details what docs/options.md adds after the description, in Markdown; empty for nothing
 * @param value where an experiment holds it; null where its network does not read it
 */
public record Setting<T>(String key, String defaultText, String description, String details, Reader<T> reader,
        Function<T, String> writer, Function<ExperimentSpec, T> value) {

    /** A setting that the line of its description says all of. */
    public Setting(String key, String defaultText, String description, Reader<T> reader, Function<T, String> writer,
            Function<ExperimentSpec, T> value) {
        this(key, defaultText, description, "", reader, writer, value);
    }

    /** This setting, with what docs/options.md says of it beyond its description. */
    Setting<T> explained(String markdown) {
        return new Setting<>(key, defaultText, description, markdown, reader, writer, value);
    }

    /** Reads a value from its text; a UserError names the key and the value. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(String key, String text);
    }

    /** The value {@code text} gives (trimmed). */
    public T read(String text) {
        return reader.read(key, text.trim());
    }

    /** The value as the results record it. */
    public String write(T typed) {
        return writer.apply(typed);
    }

    /**
     * {@code spec}'s value, as the results record it; the default for a setting its network does
     * not read (the ConvNet's hidden sizes), so that every run records every key.
     */
    public String writeOf(ExperimentSpec spec) {
        return write(valueOf(spec));
    }

    /** {@code spec}'s value as TensorBoard's hparams show it: a number as a number, anything else as written. */
    public Object hparamOf(ExperimentSpec spec) {
        T typed = valueOf(spec);
        return typed instanceof Number ? typed : write(typed);
    }

    private T valueOf(ExperimentSpec spec) {
        T typed = value.apply(spec);
        return typed == null ? read(defaultText) : typed;
    }

    /** A whole number, or a UserError that says what is expected. */
    static Reader<Integer> wholeNumber() {
        return (key, text) -> number(key, text, Integer::parseInt, "must be a whole number");
    }

    /** A whole number that may be past an int's range (checked further where it is used). */
    static Reader<Long> longNumber() {
        return (key, text) -> number(key, text, Long::parseLong, "must be a whole number");
    }

    /** true or false, or a UserError that says so. */
    static Reader<Boolean> trueOrFalse() {
        return (key, text) -> {
            if (!text.equals("true") && !text.equals("false")) {
                throw new UserError("bad value " + key + "=" + text + ": give true or false");
            }
            return text.equals("true");
        };
    }

    /** A number such as 2e-3, or a UserError that says so. */
    static Reader<Double> realNumber() {
        return (key, text) -> number(key, text, Double::parseDouble, "must be a number such as 2e-3");
    }

    private static <N> N number(String key, String text, Function<String, N> parser, String why) {
        try {
            return parser.apply(text);
        } catch (NumberFormatException e) {
            throw new UserError("bad value " + key + "=" + text + ": " + why);
        }
    }
}
