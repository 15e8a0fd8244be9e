package backproplab.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.Main;
import backproplab.util.UserError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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

    /** docs/options.md is what the declarations give, written anew by the command it names. */
    @Test
    void theOptionsPageIsTheDeclarationsMarkdown() throws IOException {
        String page = Files.readString(Path.of("docs/options.md"));
        assertEquals(Help.markdown(), page, "docs/options.md differs from the declarations; write it anew: "
                + Help.PAGE_COMMAND);
        for (Mode mode : Mode.values()) {
            assertTrue(page.contains("| `-Dexp=" + mode.usage() + "` | "), mode.usage());
        }
        for (Setting<?> setting : Settings.ALL) {
            assertTrue(page.contains("| `-D" + setting.key() + "` | "), setting.key());
        }
    }

    /** Help's Markdown, as -Dexp=help -Dformat=markdown prints it; any other format is refused. */
    @Test
    void helpPrintsMarkdownOnlyWhenAsked() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Main.run(Map.of("exp", "help", "format", "markdown"), new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertEquals(Help.markdown(), printed.toString(StandardCharsets.UTF_8));
        UserError error = assertThrows(UserError.class, () -> Options.of(Map.of("exp", "help", "format", "html")));
        assertEquals("bad value format=html: give text or markdown", error.getMessage());
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
        assertTrue(row.matches("  " + key + " +" + Pattern.quote(defaultShown) + " +"
                + Pattern.quote(description)), row);
    }
}
