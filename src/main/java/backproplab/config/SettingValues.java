package backproplab.config;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * An experiment's settings as text, key by key, read through their declarations; it keeps which
 * keys were read, so that a setting given to a network that does not read it can be refused.
 */
final class SettingValues {

    private final Map<String, String> texts;
    private final Set<String> read = new LinkedHashSet<>();

    /** @param texts every setting's text, by key */
    SettingValues(Map<String, String> texts) {
        this.texts = texts;
    }

    /** {@code setting}'s value, read as its declaration says. */
    <T> T get(Setting<T> setting) {
        read.add(setting.key());
        return setting.read(texts.get(setting.key()));
    }

    /** The keys read so far. */
    Set<String> read() {
        return Set.copyOf(read);
    }
}
