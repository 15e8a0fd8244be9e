package backproplab.config;

import java.util.List;
import java.util.function.Function;

/** {@code -Dexp=help}: every option with its default and what it does, from their declarations, grouped. */
public final class Help {

    private Help() {}

    /** The whole text, ready to print. */
    public static String text() {
        StringBuilder text = new StringBuilder(Options.MVN + " -Dexp=<id> [-Dkey=value ...]\n");
        text.append("\nwhat to run, and how (-Dkey=value):\n");
        table(text, RunOption.ALL, RunOption::key, RunOption::defaultShown, RunOption::description);
        text.append("\nwhat an experiment trains (the default below, unless experiments/<id>.properties sets it):\n");
        table(text, Settings.TRAINING, Setting::key, Help::shownDefault, Setting::description);
        text.append("\nhow an experiment is named in the report (no number changes):\n");
        table(text, Settings.PRESENTATION, Setting::key, Help::shownDefault, Setting::description);
        text.append("\n-D").append(Options.SWEEP).append("<key>=A,B,...  trains every value of a setting (several keys:"
                + " every combination)\n");
        return text.toString();
    }

    private static String shownDefault(Setting<?> setting) {
        return setting.defaultText().isEmpty() ? "(none)" : setting.defaultText();
    }

    /** One row per entry, key and default in columns as wide as their longest. */
    private static <T> void table(StringBuilder text, List<T> entries, Function<T, String> key,
            Function<T, String> defaultShown, Function<T, String> description) {
        int keyWidth = entries.stream().mapToInt(e -> key.apply(e).length()).max().orElse(0);
        int defaultWidth = entries.stream().mapToInt(e -> defaultShown.apply(e).length()).max().orElse(0);
        String row = "  %-" + keyWidth + "s  %-" + defaultWidth + "s  %s%n";
        for (T entry : entries) {
            text.append(String.format(row, key.apply(entry), defaultShown.apply(entry), description.apply(entry)));
        }
    }
}
