package backproplab.tensorboard;

import backproplab.diagnostics.Histogram;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The messages of TensorBoard's event files, encoded by the field numbers of its protos
 * ({@code tensorboard/compat/proto/event.proto}, {@code summary.proto}, {@code tensor.proto}, and
 * the hparams plugin's {@code api.proto} and {@code plugin_data.proto}). Each method names the
 * message it builds; only the fields the suite writes are here.
 */
final class Events {

    private Events() {}

    /** What {@code Event.file_version} says first in every file: the version that reads session logs. */
    static final String FILE_VERSION = "brain.Event:2";

    // Event
    private static final int EVENT_WALL_TIME = 1;
    private static final int EVENT_STEP = 2;
    private static final int EVENT_FILE_VERSION = 3;
    static final int EVENT_SUMMARY = 5;
    private static final int EVENT_SESSION_LOG = 7;
    // SessionLog
    private static final int SESSION_LOG_STATUS = 1;
    private static final int SESSION_LOG_START = 1;
    // Summary, Summary.Value
    static final int SUMMARY_VALUE = 1;
    static final int VALUE_TAG = 1;
    private static final int VALUE_SIMPLE_VALUE = 2;
    static final int VALUE_IMAGE = 4;
    static final int VALUE_HISTO = 5;
    private static final int VALUE_TENSOR = 8;
    private static final int VALUE_METADATA = 9;
    // SummaryMetadata, SummaryMetadata.PluginData
    private static final int METADATA_PLUGIN_DATA = 1;
    private static final int PLUGIN_NAME = 1;
    private static final int PLUGIN_CONTENT = 2;
    // Summary.Image
    private static final int IMAGE_HEIGHT = 1;
    private static final int IMAGE_WIDTH = 2;
    private static final int IMAGE_COLORSPACE = 3;
    private static final int IMAGE_ENCODED = 4;
    // HistogramProto
    private static final int HISTO_MIN = 1;
    private static final int HISTO_MAX = 2;
    private static final int HISTO_NUM = 3;
    private static final int HISTO_SUM = 4;
    private static final int HISTO_SUM_SQUARES = 5;
    private static final int HISTO_BUCKET_LIMIT = 6;
    private static final int HISTO_BUCKET = 7;
    // TensorProto, TensorShapeProto
    private static final int TENSOR_DTYPE = 1;
    private static final int TENSOR_SHAPE = 2;
    private static final int TENSOR_STRING_VAL = 8;
    private static final int SHAPE_DIM = 2;
    private static final int DIM_SIZE = 1;
    private static final int DT_FLOAT = 1;
    private static final int DT_STRING = 7;

    /** {@code Event} with a {@code file_version}: the first record of every file. */
    static byte[] fileVersion(double wallTime) {
        return new Proto().float64(EVENT_WALL_TIME, wallTime).string(EVENT_FILE_VERSION, FILE_VERSION).toByteArray();
    }

    /**
     * {@code Event} with a {@code SessionLog} START: at a file's first step; in the file a resumed
     * run writes, it tells TensorBoard to drop what earlier files hold from this step on.
     */
    static byte[] sessionStart(double wallTime, long step) {
        return new Proto().float64(EVENT_WALL_TIME, wallTime).int64(EVENT_STEP, step)
                .message(EVENT_SESSION_LOG, new Proto().int32(SESSION_LOG_STATUS, SESSION_LOG_START)).toByteArray();
    }

    /** {@code Event} with a {@code Summary} of {@code values} (each a {@code Summary.Value}). */
    static byte[] summary(double wallTime, long step, List<Proto> values) {
        Proto summary = new Proto();
        values.forEach(v -> summary.message(SUMMARY_VALUE, v));
        return new Proto().float64(EVENT_WALL_TIME, wallTime).int64(EVENT_STEP, step).message(EVENT_SUMMARY, summary)
                .toByteArray();
    }

    /** A scalar, as {@code simple_value} (float32, what PyTorch's SummaryWriter writes). */
    static Proto scalar(String tag, double value) {
        return new Proto().string(VALUE_TAG, tag).float32(VALUE_SIMPLE_VALUE, (float) value);
    }

    /** A histogram, as {@code HistogramProto} (TensorBoard turns it into its buckets of left, right, count). */
    static Proto histogram(String tag, Histogram h) {
        Proto histo = new Proto().float64(HISTO_MIN, h.min()).float64(HISTO_MAX, h.max()).float64(HISTO_NUM, h.count())
                .float64(HISTO_SUM, h.sum()).float64(HISTO_SUM_SQUARES, h.sumOfSquares())
                .packedFloat64(HISTO_BUCKET_LIMIT, h.bucketLimits()).packedFloat64(HISTO_BUCKET, h.bucketCounts());
        return new Proto().string(VALUE_TAG, tag).message(VALUE_HISTO, histo);
    }

    /**
     * A PNG file's bytes as they are (its colours exact), with the size and the colour space its
     * header gives.
     *
     * @throws IllegalArgumentException when {@code png} does not start as a PNG file does
     */
    static Proto image(String tag, byte[] png) {
        ByteBuffer header = ByteBuffer.wrap(png);
        if (png.length < 26 || header.getLong(0) != PNG_SIGNATURE || header.getInt(12) != IHDR) {
            throw new IllegalArgumentException(tag + ": not a PNG file");
        }
        // Summary.Image's colour spaces by PNG's colour types (grey, RGB, palette, grey and alpha, RGBA).
        int colorspace = switch (png[25]) {
            case 0 -> 1;
            case 4 -> 2;
            case 6 -> 4;
            default -> 3;
        };
        Proto image = new Proto().int32(IMAGE_HEIGHT, header.getInt(20)).int32(IMAGE_WIDTH, header.getInt(16))
                .int32(IMAGE_COLORSPACE, colorspace).bytes(IMAGE_ENCODED, png);
        return new Proto().string(VALUE_TAG, tag).message(VALUE_IMAGE, image);
    }

    /** A PNG file's first 8 bytes, and the type of its first chunk, big-endian. */
    private static final long PNG_SIGNATURE = 0x89504E470D0A1A0AL;
    private static final int IHDR = 0x49484452;

    /** Markdown text, for the text plugin: a string tensor of one element. */
    static Proto text(String tag, String markdown) {
        Proto tensor = new Proto().int32(TENSOR_DTYPE, DT_STRING)
                .message(TENSOR_SHAPE, new Proto().message(SHAPE_DIM, new Proto().int64(DIM_SIZE, 1)))
                .bytes(TENSOR_STRING_VAL, markdown.getBytes(StandardCharsets.UTF_8));
        return new Proto().string(VALUE_TAG, tag).message(VALUE_METADATA, plugin("text", new byte[0]))
                .message(VALUE_TENSOR, tensor);
    }

    /**
     * A value of the hparams plugin: its data in the metadata, with the empty float tensor
     * TensorBoard itself gives such values.
     */
    static Proto hparams(String tag, byte[] pluginData) {
        Proto empty = new Proto().int32(TENSOR_DTYPE, DT_FLOAT)
                .message(TENSOR_SHAPE, new Proto().message(SHAPE_DIM, new Proto().int64(DIM_SIZE, 0)));
        return new Proto().string(VALUE_TAG, tag).message(VALUE_METADATA, plugin("hparams", pluginData))
                .message(VALUE_TENSOR, empty);
    }

    private static Proto plugin(String name, byte[] content) {
        Proto data = new Proto().string(PLUGIN_NAME, name);
        if (content.length > 0) {
            data.bytes(PLUGIN_CONTENT, content);
        }
        return new Proto().message(METADATA_PLUGIN_DATA, data);
    }

    /** The hparams plugin's records ({@code HParamsPluginData}, version 0). */
    static final class HParams {

        private HParams() {}

        static final String EXPERIMENT_TAG = "_hparams_/experiment";
        static final String SESSION_START_TAG = "_hparams_/session_start_info";
        static final String SESSION_END_TAG = "_hparams_/session_end_info";

        // HParamsPluginData
        private static final int DATA_VERSION = 1;
        private static final int DATA_EXPERIMENT = 2;
        private static final int DATA_SESSION_START = 3;
        private static final int DATA_SESSION_END = 4;
        // Experiment, HParamInfo, MetricInfo, MetricName
        private static final int EXPERIMENT_DESCRIPTION = 1;
        private static final int EXPERIMENT_TIME_CREATED = 3;
        private static final int EXPERIMENT_HPARAM_INFOS = 4;
        private static final int EXPERIMENT_METRIC_INFOS = 5;
        private static final int HPARAM_NAME = 1;
        private static final int HPARAM_TYPE = 4;
        private static final int HPARAM_DIFFERS = 7;
        private static final int TYPE_STRING = 1;
        private static final int TYPE_FLOAT64 = 3;
        private static final int METRIC_NAME = 1;
        private static final int METRIC_DISPLAY_NAME = 3;
        private static final int METRIC_NAME_TAG = 2;
        // SessionStartInfo (its map of google.protobuf.Value), SessionEndInfo
        private static final int START_HPARAMS = 1;
        private static final int START_TIME = 5;
        private static final int ENTRY_KEY = 1;
        private static final int ENTRY_VALUE = 2;
        private static final int VALUE_NUMBER = 2;
        private static final int VALUE_STRING = 3;
        private static final int END_STATUS = 1;
        private static final int END_TIME = 2;

        /** {@code Status} of a session's end. */
        static final int STATUS_SUCCESS = 1;
        static final int STATUS_FAILURE = 2;

        /**
         * The experiment: which hyperparameters the sessions have (a number or a string each, by
         * the types of {@code hparams}' values), which of them differ between sessions (the
         * dashboard shows those first, five at most, until others are ticked), and which scalar
         * tags are its metrics.
         */
        static byte[] experiment(String description, double timeCreated, Map<String, Object> hparams,
                Set<String> differ, Map<String, String> metrics) {
            Proto experiment = new Proto().string(EXPERIMENT_DESCRIPTION, description)
                    .float64(EXPERIMENT_TIME_CREATED, timeCreated);
            hparams.forEach((name, value) -> experiment.message(EXPERIMENT_HPARAM_INFOS, new Proto()
                    .string(HPARAM_NAME, name).int32(HPARAM_TYPE, value instanceof Number ? TYPE_FLOAT64 : TYPE_STRING)
                    .bool(HPARAM_DIFFERS, differ.contains(name))));
            metrics.forEach((tag, shown) -> experiment.message(EXPERIMENT_METRIC_INFOS, new Proto()
                    .message(METRIC_NAME, new Proto().string(METRIC_NAME_TAG, tag)).string(METRIC_DISPLAY_NAME, shown)));
            return pluginData(DATA_EXPERIMENT, experiment);
        }

        /** One session (a run) and its hyperparameters' values. */
        static byte[] sessionStart(double startTime, Map<String, Object> hparams) {
            Proto start = new Proto();
            hparams.forEach((name, value) -> start.message(START_HPARAMS, new Proto().string(ENTRY_KEY, name)
                    .message(ENTRY_VALUE, value instanceof Number n ? new Proto().float64(VALUE_NUMBER, n.doubleValue())
                            : new Proto().string(VALUE_STRING, value.toString()))));
            start.float64(START_TIME, startTime);
            return pluginData(DATA_SESSION_START, start);
        }

        static byte[] sessionEnd(double endTime, int status) {
            return pluginData(DATA_SESSION_END, new Proto().int32(END_STATUS, status).float64(END_TIME, endTime));
        }

        private static byte[] pluginData(int field, Proto record) {
            return new Proto().int32(DATA_VERSION, 0).message(field, record).toByteArray();
        }
    }
}
