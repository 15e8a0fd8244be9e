package backproplab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.diagnostics.ActivationStats;
import backproplab.diagnostics.Diagnostics;
import backproplab.diagnostics.ParameterStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnosticsCsvTest {

    @Test
    void writtenAndReadBack(@TempDir Path tmp) throws IOException {
        Diagnostics d = new Diagnostics(
                List.of(new ParameterStats(1, "linear1", 0.5, 1e-4, 2.5, 3e-3, 0.125),
                        new ParameterStats(1, "linear2", 1, 2, 3, 4, Double.POSITIVE_INFINITY),
                        new ParameterStats(10, "linear1", 0.75, 1e-4, 1.5, 3e-3, Double.NaN)),
                List.of(new ActivationStats(1, "relu1", 0.25, 0.5, 0.5, 0.125),
                        new ActivationStats(10, "relu1", 0.25, 0.5, 1, 1)));
        Path file = tmp.resolve("diagnostics.csv");
        DiagnosticsCsv.write(file, d);
        List<String> lines = Files.readAllLines(file);
        assertEquals(DiagnosticsCsv.HEADER, lines.get(0));
        assertEquals("1,linear1,5.000000e-01,1.000000e-04,2.500000e+00,3.000000e-03,1.250000e-01,,,,", lines.get(1));
        assertEquals("1,relu1,,,,,,2.500000e-01,5.000000e-01,0.500000,0.125000", lines.get(3));
        assertEquals("10,linear1", lines.get(4).substring(0, 10), "step by step: step 1's layers, then step 10's");
        assertEquals(d, DiagnosticsCsv.read(file));
        assertEquals(List.of(1, 10), d.steps());
        assertEquals(List.of(10), d.last().steps());
        assertEquals(List.of(1), d.upTo(9).steps());
    }

    @Test
    void aDamagedLineIsNamed(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("diagnostics.csv");
        Files.writeString(file, DiagnosticsCsv.HEADER + "\n1,linear1,x,,,,,,,,\n");
        IOException e = assertThrows(IOException.class, () -> DiagnosticsCsv.read(file));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
