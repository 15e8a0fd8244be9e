package backproplab.config;

import backproplab.util.UserError;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A setting's value that is one of a few names ({@code sgd}, {@code adam}): an enum that knows its
 * name, by default its constant's name in lower camel case ({@code LEAKY_RELU}: {@code leakyRelu}).
 */
public interface Choice {

    /** The enum constant's own name ({@code Enum.name}). */
    String name();

    /** The name a .properties file, -D and the saved settings use. */
    default String key() {
        String[] words = name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder key = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            key.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return key.toString();
    }

    /**
     * The constant named {@code text}.
     *
     * @throws UserError naming the setting, the value and the names there are
     */
    static <E extends Enum<E> & Choice> E parse(Class<E> type, String setting, String text) {
        for (E value : type.getEnumConstants()) {
            if (value.key().equals(text)) {
                return value;
            }
        }
        throw new UserError("bad value " + setting + "=" + text + ": one of " + names(type));
    }

    /** The names of {@code choices}, in their order, comma-separated: how a list of them is written. */
    static String keys(List<? extends Choice> choices) {
        return choices.stream().map(Choice::key).collect(Collectors.joining(","));
    }

    /** Every name, sorted, comma-separated: what an error lists. */
    static <E extends Enum<E> & Choice> String names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choice::key).sorted().collect(Collectors.joining(", "));
    }
}
