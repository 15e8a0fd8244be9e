package backproplab.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExperimentSpecTest {

    private static final Activation RELU = new Activation.Relu();

    // ---- ExperimentSpec.parse ----

    @Test
    void emptySettingsGiveTheDefaults() {
        ExperimentSpec spec = ExperimentSpec.parse("demo", "test", Map.of());
        assertEquals("demo", spec.id());
        assertEquals("", spec.shown().title());
        assertEquals("", spec.shown().figure());
        assertEquals(2, spec.shown().section());
        assertEquals(new Network.Mlp(List.of(100), RELU, BatchNormKind.NONE, List.of(), new Optimizer.Sgd(2e-3, 0)),
                spec.hyper().network());
        assertEquals(1500, spec.hyper().steps());
        assertEquals(200, spec.hyper().batchSize());
        assertEquals(100, spec.hyper().evalEvery());
        assertEquals(1000, spec.hyper().evalBatchSize());
        assertEquals(42L, spec.hyper().seed());
    }

    @Test
    void givenValuesAreParsedAndTrimmed() {
        ExperimentSpec spec = ExperimentSpec.parse("demo", "test", Map.of(
                "hidden", " 1024, 2048 ",
                "optimizer", "adam",
                "learningRate", "1e-4",
                "weightDecay", "5e-4",
                "steps", " 7 ",
                "batchNorm", "builtin",
                "seed", " 3 ",
                "section", "3"));
        assertEquals(new Network.Mlp(List.of(1024, 2048), RELU, BatchNormKind.BUILTIN, List.of(),
                new Optimizer.Adam(1e-4, 5e-4)), spec.hyper().network());
        assertEquals(7, spec.hyper().steps());
        assertEquals(3L, spec.hyper().seed());
        assertEquals(3, spec.shown().section());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "steps|0",
        "steps|-5",
        "steps|abc",
        "steps|1.5",
        "learningRate|0",
        "learningRate|-1",
        "learningRate|NaN",
        "learningRate|Infinity",
        "learningRate|fast",
        "weightDecay|-1",
        "weightDecay|Infinity",
        "momentum|-0.1",
        "momentum|1",
        "momentum|NaN",
        "momentum|slow",
        "hidden|100,,x",
        "hidden|0",
        "hidden|100,-1",
        "batchSize|0",
        "evalEvery|0",
        "evalBatchSize|0",
        "section|0",
        "section|5",
        "seed|abc",
        "seed|-3",
        "seed|4294967296",
        "optimizer|rmsprop",
        "model|foo",
        "batchNorm|foo",
        "activation|sigmoid",
    })
    void badValueIsAnErrorNamingKeyAndValue(String key, String value) {
        UserError e = assertThrows(UserError.class, () -> ExperimentSpec.parse("demo", "test", Map.of(key, value)));
        // Numbers may be echoed as parsed (0 -> 0.0), so the key=value text is a prefix of what is shown.
        assertTrue(e.getMessage().contains(key + "=" + value), e.getMessage());
    }

    /** A network holds only what it reads: a file's value for anything else is refused unless it is the default. */
    @Test
    void aFileValueTheNetworkDoesNotReadIsAnErrorUnlessItIsTheDefault() {
        UserError adam = assertThrows(UserError.class, () -> ExperimentSpec.parse("demo", "demo.properties",
                Map.of("model", "manual-mlp", "optimizer", "adam")));
        assertEquals("demo.properties: optimizer=adam does not apply to experiment demo: its network (manual-mlp, activation=relu)"
                + " does not read optimizer", adam.getMessage());
        UserError hidden = assertThrows(UserError.class, () -> ExperimentSpec.parse("demo", "demo.properties",
                Map.of("model", "convnet", "hidden", "10")));
        assertTrue(hidden.getMessage().contains("does not read hidden"), hidden.getMessage());
        // The default, written in any way, is what a network that does not read it would have anyway.
        ExperimentSpec spec = ExperimentSpec.parse("demo", "demo.properties",
                Map.of("model", "manual-mlp", "weightDecay", "0.0", "optimizer", "sgd"));
        assertEquals(new Network.HandWrittenMlp(List.of(100), RELU, 2e-3, 0, false), spec.hyper().network());
        assertEquals("0.0", spec.asMap().get("weightDecay"), "recorded as every run records it");
    }

    /** Momentum is SGD's: Adam and the hand-written MLP's plain SGD refuse it as any setting they do not read. */
    @Test
    void momentumAndNesterovAreReadBySgdAlone() {
        ExperimentCatalog catalog = new ExperimentCatalog(Path.of("experiments"));
        assertEquals(new Optimizer.Sgd(2e-3, 0, 0.9, false),
                ((Network.Optimized) catalog.load("mlp-djl", Map.of("momentum", "0.9")).hyper().network()).optimizer());
        UserError adam = assertThrows(UserError.class, () -> catalog.load("mlp-deep-adam", Map.of("momentum", "0.9")));
        assertEquals("-Dmomentum does not apply to experiment mlp-deep-adam: its network (mlp, activation=relu,"
                + " optimizer=adam) does not read momentum", adam.getMessage());
        UserError nesterovAdam = assertThrows(UserError.class,
                () -> catalog.load("mlp-deep-adam", Map.of("nesterov", "true")));
        assertTrue(nesterovAdam.getMessage().startsWith("-Dnesterov does not apply"), nesterovAdam.getMessage());
        // Section 1's hand-written SGD has both.
        assertEquals(new Network.HandWrittenMlp(List.of(100), RELU, 2e-3, 0.9, true),
                catalog.load("mlp-numpy", Map.of("momentum", "0.9", "nesterov", "true")).hyper().network());
        UserError alone = assertThrows(UserError.class, () -> catalog.load("mlp-djl", Map.of("nesterov", "true")));
        assertEquals("bad value nesterov=true: Nesterov momentum needs a momentum: give -Dmomentum=0.9, say",
                alone.getMessage());
        UserError notBoolean = assertThrows(UserError.class,
                () -> catalog.load("mlp-djl", Map.of("momentum", "0.9", "nesterov", "yes")));
        assertEquals("bad value nesterov=yes: give true or false", notBoolean.getMessage());
        UserError file = assertThrows(UserError.class, () -> ExperimentSpec.parse("demo", "demo.properties",
                Map.of("optimizer", "adam", "momentum", "0.5")));
        assertEquals("demo.properties: momentum=0.5 does not apply to experiment demo: its network (mlp,"
                + " activation=relu, optimizer=adam) does not read momentum", file.getMessage());
        assertEquals("0.0", ExperimentSpec.parse("demo", "test", Map.of("optimizer", "adam", "momentum", "0"))
                .asMap().get("momentum"), "the default, as every run records it");
    }

    /** -Dactivation picks the MLPs' activation; only LeakyReLU reads -DnegSlope, and every run records both. */
    @Test
    void theActivationAndLeakyRelusSlope() {
        ExperimentSpec leaky = ExperimentSpec.parse("demo", "test", Map.of("activation", "leakyRelu", "negSlope", "0.1"));
        assertEquals(new Network.Mlp(List.of(100), new Activation.LeakyRelu(0.1), BatchNormKind.NONE, List.of(),
                new Optimizer.Sgd(2e-3, 0)), leaky.hyper().network());
        assertEquals("leakyRelu", leaky.asMap().get("activation"));
        assertEquals("0.1", leaky.asMap().get("negSlope"));
        assertEquals(new Activation.LeakyRelu(0.02), ((Network.Mlp) ExperimentSpec.parse("demo", "test",
                Map.of("activation", "leakyRelu")).hyper().network()).activation(), "the course's slope by default");
        ExperimentSpec tanh = ExperimentSpec.parse("demo", "test", Map.of("model", "manual-mlp", "activation", "tanh"));
        assertEquals(new Network.HandWrittenMlp(List.of(100), new Activation.Tanh(), 2e-3, 0, false), tanh.hyper().network());
        assertEquals("0.02", tanh.asMap().get("negSlope"), "recorded as its default, which tanh does not read");
        assertEquals(tanh.hyper(), ExperimentSpec.ofSaved("spec.json", tanh.asMap()).hyper(),
                "read back from what a run records");
        assertEquals(List.of("relu", "leakyRelu", "elu", "tanh"),
                Activations.every().stream().map(a -> a.kind().key()).toList(), "one of each kind, in order");
        assertEquals(List.of(Activation.Kind.values()), Activations.every().stream().map(Activation::kind).toList());
    }

    /** A bad activation or slope is refused in one line naming the key, the value and what would do. */
    @Test
    void aBadActivationOrSlopeIsRefusedInOneLine() {
        assertEquals("bad value activation=sigmoid: one of elu, leakyRelu, relu, tanh", assertThrows(UserError.class,
                () -> ExperimentSpec.parse("demo", "test", Map.of("activation", "sigmoid"))).getMessage());
        for (String slope : List.of("-0.1", "1", "NaN", "Infinity")) {
            UserError e = assertThrows(UserError.class, () -> ExperimentSpec.parse("demo", "test",
                    Map.of("activation", "leakyRelu", "negSlope", slope)));
            assertTrue(e.getMessage().matches("bad value negSlope=[^ ]+: must be at least 0 and below 1"), e.getMessage());
        }
        assertEquals("bad value negSlope=steep: must be a number such as 2e-3", assertThrows(UserError.class,
                () -> ExperimentSpec.parse("demo", "test", Map.of("activation", "leakyRelu", "negSlope", "steep")))
                .getMessage());
        UserError relu = assertThrows(UserError.class, () -> ExperimentSpec.parse("demo", "demo.properties",
                Map.of("negSlope", "0.1")));
        assertEquals("demo.properties: negSlope=0.1 does not apply to experiment demo: its network (mlp, activation=relu,"
                + " optimizer=sgd) does not read negSlope", relu.getMessage());
    }

    @Test
    void unknownKeyIsAnErrorNamingKeyAndSource() {
        UserError e = assertThrows(UserError.class,
                () -> ExperimentSpec.parse("demo", "some.properties", Map.of("stpes", "10")));
        assertTrue(e.getMessage().contains("'stpes'"), e.getMessage());
        assertTrue(e.getMessage().contains("some.properties"), e.getMessage());
        assertTrue(e.getMessage().contains("steps"), "lists the known keys: " + e.getMessage());
    }

    @Test
    void badIdIsAnError() {
        UserError e = assertThrows(UserError.class, () -> ExperimentSpec.parse("../x", "test", Map.of()));
        assertTrue(e.getMessage().contains("id=../x"), e.getMessage());
    }

    @Test
    void blankOutIsAnError() {
        UserError e = assertThrows(UserError.class, () -> Folders.parse(null, " "));
        assertTrue(e.getMessage().contains("out="), e.getMessage());
    }

    @Test
    void asMapRoundTripsThroughParse() {
        ExperimentSpec spec = ExperimentSpec.parse("demo", "test", Map.of(
                "hidden", "64,32", "optimizer", "adam", "learningRate", "3e-4", "steps", "9", "title", "T"));
        assertEquals(spec, ExperimentSpec.parse("demo", "again", spec.asMap()));
        assertEquals("64,32", spec.asMap().get("hidden"));
    }

    @Test
    void copiesKeepEveryOtherValue() {
        ExperimentSpec spec = ExperimentSpec.parse("demo", "test", Map.of("steps", "9", "learningRate", "3e-4",
                "compareBatchNorms", "builtin,autograd,manual"));
        ExperimentSpec seed = spec.withSeed(7);
        assertEquals(7, seed.hyper().seed());
        assertEquals(spec.hyper().withSeed(42), spec.hyper(), "the default seed, back");
        assertEquals(spec.withId("other"), new ExperimentSpec("other", spec.shown(), spec.hyper()));
        ExperimentSpec manual = spec.withBatchNorm(BatchNormKind.MANUAL);
        assertEquals("demo-manual", manual.id());
        assertEquals(new Network.Mlp(List.of(100), RELU, BatchNormKind.MANUAL, List.of(), new Optimizer.Sgd(3e-4, 0)),
                manual.hyper().network(), "one of the comparison's runs, with its batch norm, compares nothing");
        assertEquals(9, manual.hyper().steps());
        UserError e = assertThrows(UserError.class, () -> spec.withSeed(-2));
        assertTrue(e.getMessage().contains("seed=-2"), e.getMessage());
    }

    @Test
    void savedSettingsGiveTheExperimentBackWithoutItsFolders() {
        ExperimentSpec spec = ExperimentSpec.parse("demo", "test", Map.of("hidden", "64,32"));
        Map<String, String> saved = Options.of(Map.of("data", "~/cifar", "out", "/tmp/out")).recorded(spec).asMap();
        assertEquals("~/cifar", saved.get("data"));
        assertEquals("/tmp/out", saved.get("out"));
        saved.put("name", "demo");
        assertEquals(spec, ExperimentSpec.ofSaved("spec.json", saved));
    }

    // ---- ExperimentCatalog ----

    @TempDir
    Path folder;

    private void write(String id, String... lines) throws IOException {
        Files.write(folder.resolve(id + ".properties"), List.of(lines));
    }

    /** Three experiments whose id order is the reverse of their report order. */
    private ExperimentCatalog threeExperiments() throws IOException {
        write("a-late", "section=3", "figure=3, Fig. 1", "title=Third");
        write("b-middle", "section=2", "figure=2, Fig. 7", "title=Second", "steps=20");
        write("c-early", "section=2", "figure=2, Fig. 3", "title=First");
        Files.writeString(folder.resolve("notes.txt"), "not an experiment");
        return new ExperimentCatalog(folder);
    }

    @Test
    void allIsSortedBySectionThenFigure() throws IOException {
        List<String> ids = threeExperiments().all().stream().map(ExperimentSpec::id).toList();
        assertEquals(List.of("c-early", "b-middle", "a-late"), ids);
    }

    @Test
    void loadReadsTheFile() throws IOException {
        ExperimentSpec spec = threeExperiments().load("b-middle", Map.of());
        assertEquals("Second", spec.shown().title());
        assertEquals("2, Fig. 7", spec.shown().figure());
        assertEquals(20, spec.hyper().steps());
        assertEquals(200, spec.hyper().batchSize(), "keys the file leaves out keep their defaults");
    }

    @Test
    void unknownIdIsAnErrorListingKnownIds() throws IOException {
        ExperimentCatalog catalog = threeExperiments();
        UserError e = assertThrows(UserError.class, () -> catalog.load("zzz", Map.of()));
        assertTrue(e.getMessage().contains("unknown experiment 'zzz'"), e.getMessage());
        for (String id : List.of("a-late", "b-middle", "c-early")) {
            assertTrue(e.getMessage().contains(id), e.getMessage());
        }
    }

    @Test
    void idThatIsAPathIsUnknown() throws IOException {
        ExperimentCatalog catalog = threeExperiments();
        Files.createDirectory(folder.resolve("sub"));
        Files.write(folder.resolve("sub/inner.properties"), List.of("section=2"));
        UserError e = assertThrows(UserError.class, () -> catalog.load("sub/inner", Map.of()));
        assertTrue(e.getMessage().contains("unknown experiment"), e.getMessage());
    }

    @Test
    void unknownKeyInAFileIsAnErrorNamingFileAndKey() throws IOException {
        write("typo", "section=2", "stpes=10");
        UserError e = assertThrows(UserError.class, () -> new ExperimentCatalog(folder).load("typo", Map.of()));
        assertTrue(e.getMessage().contains(folder.resolve("typo.properties").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'stpes'"), e.getMessage());
    }

    @Test
    void badValueInAFileIsAnErrorNamingKeyAndValue() throws IOException {
        write("bad", "section=2", "optimizer=rmsprop");
        UserError e = assertThrows(UserError.class, () -> new ExperimentCatalog(folder).load("bad", Map.of()));
        assertTrue(e.getMessage().contains("optimizer=rmsprop"), e.getMessage());
    }

    @Test
    void overridesReplaceFileValues() throws IOException {
        ExperimentSpec spec = threeExperiments().load("b-middle", Map.of("steps", "5", "optimizer", "adam"));
        assertEquals(5, spec.hyper().steps());
        assertEquals(Optimizer.Kind.ADAM, ((Network.Optimized) spec.hyper().network()).optimizer().kind());
        assertEquals("Second", spec.shown().title(), "values not overridden come from the file");
    }

    @Test
    void unknownOverrideKeyIsAnError() throws IOException {
        ExperimentCatalog catalog = threeExperiments();
        UserError e = assertThrows(UserError.class, () -> catalog.load("b-middle", Map.of("stpes", "5")));
        assertTrue(e.getMessage().contains("'stpes'"), e.getMessage());
        assertTrue(e.getMessage().contains("-D"), e.getMessage());
    }

    @Test
    void listingShowsEachIdAndFigure() throws IOException {
        String listing = threeExperiments().listing();
        for (String[] idFigure : new String[][] {
                {"a-late", "3, Fig. 1"}, {"b-middle", "2, Fig. 7"}, {"c-early", "2, Fig. 3"}}) {
            assertTrue(listing.contains(idFigure[0]), listing);
            assertTrue(listing.contains(idFigure[1]), listing);
        }
        assertTrue(listing.indexOf("c-early") < listing.indexOf("b-middle"), "report order: " + listing);
        assertTrue(listing.indexOf("b-middle") < listing.indexOf("a-late"), "report order: " + listing);
        assertFalse(listing.contains("notes"), listing);
    }

    @Test
    void missingFolderIsAnError() {
        UserError e = assertThrows(UserError.class, () -> new ExperimentCatalog(folder.resolve("nope")).all());
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void realCatalogHasMlpDjlAsTheReportDescribesIt() {
        ExperimentSpec spec = new ExperimentCatalog(Path.of("experiments")).load("mlp-djl", Map.of());
        assertEquals("mlp-djl", spec.id());
        assertEquals(2, spec.shown().section());
        assertEquals(new Network.Mlp(List.of(100), RELU, BatchNormKind.NONE, List.of(), new Optimizer.Sgd(2e-3, 0)),
                spec.hyper().network());
        assertEquals(1500, spec.hyper().steps());
        assertEquals(200, spec.hyper().batchSize());
        assertEquals(100, spec.hyper().evalEvery());
    }

    @Test
    void realCatalogLoadsEveryFile() {
        List<ExperimentSpec> all = new ExperimentCatalog(Path.of("experiments")).all();
        assertTrue(all.stream().anyMatch(s -> s.id().equals("mlp-djl")));
    }
}
