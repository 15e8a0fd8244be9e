package backproplab.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import backproplab.Main;
import backproplab.config.Activation;
import backproplab.config.ExperimentSpec;
import backproplab.config.Network;
import backproplab.nn.NetworkBlock;
import backproplab.data.CifarData;
import backproplab.manual.LinearModule;
import backproplab.manual.ManualMlp;
import backproplab.report.Summary;
import backproplab.results.RunFolder;
import backproplab.saved.SavedModel;
import backproplab.util.UserError;
import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every kind of saved network loads into a fresh DJL model with plain DJL calls and gives the
 * outputs it gave when saved, bit for bit, and the test accuracy its run reported.
 */
class SavedModelTest {

    static final String FIXTURE = "src/test/resources/cifar10-fixture";

    @ParameterizedTest
    @CsvSource({
        "mlp-djl, ''",
        "mlp-deep-adam-wd-bn, builtin",
        "mlp-deep-adam-wd-bn, autograd",
        "mlp-deep-adam-wd-bn, manual",
        "convnet, ''",
        "mlp-numpy, ''"})
    void aSavedNetworkLoadsWithPlainDjlCallsAndGivesItsOutputsBitForBit(String id, String batchNorm,
            @TempDir Path out) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("exp", id, "data", FIXTURE, "steps", "4",
                "evalEvery", "2", "batchSize", "20", "evalBatchSize", "50", "out", out.toString()));
        if (!batchNorm.isEmpty()) {
            options.put("batchNorm", batchNorm);
        }
        if (id.startsWith("mlp-deep")) {
            options.put("hidden", "64,32");
        }
        Main.run(options, new PrintStream(new ByteArrayOutputStream()));
        Path folder = out.resolve(id).resolve(SavedModel.FOLDER);
        Map<String, String> settings = new Gson().fromJson(Files.readString(folder.resolve("spec.json")),
                new TypeToken<Map<String, String>>() {}.getType());
        Summary summary = Summary.read(new RunFolder(out.resolve(id)));
        try (NDManager manager = NDManager.newBaseManager();
                CifarData data = CifarData.load(manager, Path.of(FIXTURE));
                Model model = Model.newInstance(id)) {
            NDList check = NDList.decode(manager, Files.readAllBytes(folder.resolve("check.ndlist")));
            NDArray outputs;
            NDArray testOutputs;
            if (id.equals("mlp-numpy")) {
                // The hand-written MLP: its W and b in DJL's NDList encoding.
                NDList weights = NDList.decode(manager, Files.readAllBytes(folder.resolve(id + ".ndlist")));
                List<LinearModule> layers = new ArrayList<>();
                for (int i = 0; i < weights.size(); i += 2) {
                    layers.add(new LinearModule(weights.get(i), weights.get(i + 1)));
                }
                ManualMlp mlp = new ManualMlp(layers, ((Network.HandWrittenMlp) ExperimentSpec.ofSaved("spec.json",
                        settings).hyper().network()).activation());
                outputs = mlp.forward(check.get(0));
                testOutputs = mlp.forward(data.testImages());
            } else {
                ExperimentSpec spec = ExperimentSpec.ofSaved("spec.json", settings);
                model.setBlock(NetworkBlock.of(spec.hyper().network()));
                model.load(folder, id);
                ParameterStore store = new ParameterStore(manager, false);
                outputs = model.getBlock().forward(store, new NDList(check.get(0)), false).singletonOrThrow();
                testOutputs = model.getBlock().forward(store, new NDList(data.testImages()), false).singletonOrThrow();
            }
            assertArrayEquals(check.get(1).toFloatArray(), outputs.toFloatArray(), "outputs when saved, bit for bit");
            double accuracy = testOutputs.argMax(1).eq(data.testLabels()).countNonzero().getLong()
                    / (double) data.testSize();
            assertEquals(summary.finalTestAccuracy(), accuracy, 0, "the test accuracy the run reported");
        }
    }

    /**
     * A hand-written MLP trained with LeakyReLU (slope 0.5) is saved with its activation in
     * spec.json and loads with it: its outputs, bit for bit; the same weights with ReLU give others.
     */
    @Test
    void aSavedHandWrittenMlpLoadsWithItsActivation(@TempDir Path out) throws Exception {
        Main.run(Map.of("exp", "mlp-numpy", "data", FIXTURE, "steps", "4", "evalEvery", "2", "batchSize", "20",
                "evalBatchSize", "50", "activation", "leakyRelu", "negSlope", "0.5", "out", out.toString()),
                new PrintStream(new ByteArrayOutputStream()));
        Path folder = out.resolve("mlp-numpy").resolve(SavedModel.FOLDER);
        try (SavedModel.Loaded loaded = SavedModel.load(folder,
                s -> NetworkBlock.of(ExperimentSpec.ofSaved("spec", s).hyper().network()))) {
            assertEquals("leakyRelu", loaded.settings().get("activation"));
            assertEquals("0.5", loaded.settings().get("negSlope"));
            NDManager manager = loaded.model().getNDManager();
            NDList check = NDList.decode(manager, Files.readAllBytes(folder.resolve("check.ndlist")));
            float[] saved = check.get(1).toFloatArray();
            assertArrayEquals(saved, loaded.outputs(check.get(0)).toFloatArray(), "outputs when saved, bit for bit");
            NDList weights = NDList.decode(manager, Files.readAllBytes(folder.resolve("mlp-numpy.ndlist")));
            List<LinearModule> layers = new ArrayList<>();
            for (int i = 0; i < weights.size(); i += 2) {
                layers.add(new LinearModule(weights.get(i), weights.get(i + 1)));
            }
            float[] withRelu = new ManualMlp(layers, new Activation.Relu()).forward(check.get(0)).toFloatArray();
            assertFalse(Arrays.equals(saved, withRelu), "the activation changes the outputs");
        }
    }

    @ParameterizedTest
    @CsvSource({"spec.json", "check.ndlist"})
    void aFolderThatIsNotASavedModelIsRefusedInOneLine(String damaged, @TempDir Path out) throws Exception {
        Main.run(Map.of("exp", "mlp-djl", "data", FIXTURE, "steps", "2", "batchSize", "20", "out", out.toString()),
                new PrintStream(new ByteArrayOutputStream()));
        Path folder = out.resolve("mlp-djl").resolve(SavedModel.FOLDER);
        if (damaged.equals("spec.json")) {
            Files.delete(folder.resolve(damaged));
        } else {
            byte[] bytes = Files.readAllBytes(folder.resolve(damaged));
            bytes[bytes.length - 1] ^= 0x55;
            Files.write(folder.resolve(damaged), bytes);
        }
        UserError e = assertThrows(UserError.class,
                () -> SavedModel.load(folder, s -> NetworkBlock.of(ExperimentSpec.ofSaved("spec", s).hyper().network())));
        assertTrue(e.getMessage().contains("is not a saved model of this suite"), e.getMessage());
        // The option predict and analyse take, not -Dmodel (the network a run trains), which they refuse.
        assertTrue(e.getMessage().endsWith("; give -Dsaved=<out>/<id>/model, the model folder of a finished run"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
