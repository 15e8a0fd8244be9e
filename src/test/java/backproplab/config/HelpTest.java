package backproplab.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** -Dexp=help lists every option the suite reads, with its default and description, from their declarations. */
class HelpTest {

    @Test
    void helpListsEveryOptionOnceWithItsDefaultAndDescription() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        assertEquals(List.of(), Main.run(Map.of("exp", "help"), new PrintStream(printed, true, StandardCharsets.UTF_8)));
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        for (RunOption option : RunOption.ALL) {
            assertOneRow(lines, option.key(), option.defaultShown(), option.description());
        }
        for (Setting<?> setting : Settings.ALL) {
            assertOneRow(lines, setting.key(), setting.defaultText().isEmpty() ? "(none)" : setting.defaultText(),
                    setting.description());
        }
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("-Dsweep.<key>=A,B,...")), "the sweeps' option");
    }

    /** The options help lists are the ones the command line takes, each declared once. */
    @Test
    void theDeclarationsAreTheOptionsTheCommandLineReads() {
        List<String> declared = Stream.concat(RunOption.ALL.stream().map(RunOption::key),
                Settings.ALL.stream().map(Setting::key)).toList();
        assertEquals(Options.known(), declared);
        assertEquals(declared.size(), declared.stream().distinct().count(), "no key declared twice");
        assertEquals(Settings.ALL.stream().map(Setting::key).toList(), List.copyOf(ExperimentSpec.DEFAULTS.keySet()));
    }

    private static void assertOneRow(List<String> lines, String key, String defaultShown, String description) {
        List<String> rows = lines.stream().filter(line -> line.startsWith("  " + key + " ")).toList();
        assertEquals(1, rows.size(), key + ": " + rows);
        String row = rows.get(0);
        assertTrue(row.matches("  " + key + " +" + java.util.regex.Pattern.quote(defaultShown) + " +"
                + java.util.regex.Pattern.quote(description)), row);
    }
}
