package backproplab.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings a run records (summary.json, checkpoint.json, a saved model's spec.json): its
 * experiment's, and the folders as the results show them.
 *
 * @param data {@code -Ddata} as the results show it
 * @param out {@code -Dout} as the results show it
 */
public record RecordedSettings(ExperimentSpec spec, String data, String out) {

    /** As the results write them: every setting by key, each written by its declaration, then data and out. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>(spec.asMap());
        m.put("data", data);
        m.put("out", out);
        return m;
    }
}
