package backproplab.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.util.UserError;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void onlyRunOptionsAndSettingsAreRead() {
        Properties p = new Properties();
        p.setProperty("exp", "mlp-djl");
        p.setProperty("bench", "5");
        p.setProperty("steps", "9");
        p.setProperty("java.version", "17");
        p.setProperty("user.dir", "/somewhere");
        assertEquals(Map.of("exp", "mlp-djl", "bench", "5", "steps", "9"), Options.fromSystem(p));
    }

    @Test
    void aMistypedOptionEndsTheRunNamingTheOptionItMeant() {
        Properties p = new Properties();
        p.setProperty("exp", "mlp-djl");
        p.setProperty("learnignRate", "0.1");
        UserError e = assertThrows(UserError.class, () -> Options.fromSystem(p));
        assertEquals("unknown option learnignRate; did you mean learningRate?", e.getMessage());
    }

    @Test
    void typosOfEveryKindAreCaught() {
        for (String[] typo : new String[][] {
                {"step", "steps"}, {"batchsize", "batchSize"}, {"evalEvry", "evalEvery"}, {"seedz", "seeds"},
                {"hiden", "hidden"}, {"bacthNorm", "batchNorm"}}) {
            Properties p = new Properties();
            p.setProperty(typo[0], "1");
            UserError e = assertThrows(UserError.class, () -> Options.fromSystem(p), typo[0]);
            assertTrue(e.getMessage().endsWith("did you mean " + typo[1] + "?"), e.getMessage());
        }
    }

    @Test
    void mavensAndJavasOwnOptionsPass() {
        Properties p = new Properties();
        for (String key : List.of("style.color", "maven.repo.local", "skipTests", "test", "DJL_CACHE_DIR",
                "ai.djl.offline", "java.awt.headless", "user.home", "file.encoding", "skip", "offline",
                "interactiveMode", "sha1", "revision", "PYTORCH_LIBRARY_PATH", "line.separator", "path.separator",
                "os.name", "sun.java.command", "jdk.debug", "exec.mainClass")) {
            p.setProperty(key, "x");
        }
        assertEquals(Map.of(), Options.fromSystem(p));
    }

    @Test
    void anOptionFarFromEveryNameEndsTheRunListingTheOptions() {
        for (String unknown : List.of("epochs", "lr", "dampening", "Steps_Count")) {
            Properties p = new Properties();
            p.setProperty("exp", "mlp-djl");
            p.setProperty(unknown, "5");
            UserError e = assertThrows(UserError.class, () -> Options.fromSystem(p), unknown);
            String start = "unknown option " + unknown + "; the options are ";
            String end = " and sweep.<key>=A,B,... (docs/options.md)";
            assertTrue(e.getMessage().startsWith(start) && e.getMessage().endsWith(end), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            String listed = e.getMessage().substring(start.length(), e.getMessage().length() - end.length());
            assertEquals(Options.known(), List.of(listed.split(", ")));
            assertTrue(listed.contains("learningRate") && listed.contains("image"), listed);
        }
    }

    @Test
    void anEmptyImageNameIsABadValue() {
        for (String images : List.of(",a.png", "a.png,,b.png", "a.png,", " , a.png")) {
            UserError e = assertThrows(UserError.class, () -> Options.of(Map.of("exp", "predict", "image", images)));
            assertTrue(e.getMessage().startsWith("bad value image=" + images + ": a name between commas is empty;"),
                    e.getMessage());
        }
        assertEquals(List.of("a.png", "photos"), Options.of(Map.of("exp", "predict", "image", "a.png, photos")).images());
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(0, Options.editDistance("steps", "steps"));
        assertEquals(1, Options.editDistance("step", "steps"));
        assertEquals(2, Options.editDistance("learnignRate", "learningRate"));
        assertEquals(3, Options.editDistance("abc", "xyz"));
    }

    @Test
    void runOptionsAreParsed() {
        Options o = Options.of(Map.of("exp", "convnet", "bench", "20", "seeds", "3", "steps", "9"));
        assertEquals("convnet", o.exp());
        assertEquals(20, o.bench());
        assertEquals(3, o.seeds());
        assertEquals(Map.of("steps", "9"), o.settings());
        UserError e = assertThrows(UserError.class, () -> Options.of(Map.of("exp", "x", "seeds", "0")));
        assertEquals("bad value seeds=0: give the number of seeds to run, e.g. -Dseeds=3", e.getMessage());
    }

    @Test
    void benchEvalsNeedsABenchmarkAndIsRecorded() {
        Options o = Options.of(Map.of("exp", "convnet", "bench", "20", "benchEvals", "true"));
        assertTrue(o.benchEvals());
        assertEquals(Options.MVN + " -Dexp=convnet -Dbench=20 -DbenchEvals=true", o.command("convnet"));
        assertFalse(Options.of(Map.of("exp", "convnet", "bench", "20")).benchEvals());
        UserError e = assertThrows(UserError.class, () -> Options.of(Map.of("exp", "convnet", "benchEvals", "true")));
        assertEquals("-DbenchEvals=true times a benchmark's evaluations: give the steps too, e.g."
                + " -Dbench=5000 -DbenchEvals=true", e.getMessage());
    }

    /**
     * A command's option is one shell word: as it is when the shell takes each of its characters
     * literally (the committed commands stay as they were), else in single quotes.
     */
    @Test
    void anOptionIsWrittenAsItIsOnlyWhenTheShellReadsItSo() {
        for (String plain : List.of("-Ddata=~/.cache/cifar10-bin", "-Dsweep.learningRate=5e-4,1e-3", "-Dshard=1/6",
                "-Dtitle=A_b+c@d%e:f", "-Dtitle=")) {
            assertEquals(plain, Options.shellWord(plain));
        }
        for (String special : List.of(" ", "\n", "\t", "\"", "$", ";", "*", "?", "`", "\\", "!", "&", "|", "<", "(",
                "[", "{", "#", "é")) {
            String word = "-Dtitle=a" + special + "b";
            assertEquals("'" + word + "'", Options.shellWord(word), special);
        }
        assertEquals("'~/a'", Options.shellWord("~/a"), "a word beginning with ~ is the shell's home");
        assertEquals("''", Options.shellWord(""));
        assertEquals("'-Dtitle=it'\\''s'", Options.shellWord("-Dtitle=it's"));
        Options o = Options.of(Map.of("exp", "mlp-djl", "title", "my run", "out", "/data/my results", "steps", "9"));
        assertEquals(Options.MVN + " -Dexp=mlp-djl '-Dtitle=my run' -Dsteps=9 '-Dout=/data/my results'",
                o.command("mlp-djl"));
    }
}
