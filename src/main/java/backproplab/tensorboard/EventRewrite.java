package backproplab.tensorboard;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;

/** An event file's record with its summary's values rewritten one by one, by their field numbers. */
final class EventRewrite {

    private EventRewrite() {}

    /** What becomes of one {@code Summary.Value}: another value, or null to leave it out. */
    @FunctionalInterface
    interface Value {
        UnknownFieldSet rewritten(UnknownFieldSet value) throws IOException;
    }

    /**
     * The record with each of its summary's values rewritten; any other record as it was, and
     * null for a summary that no value is left in.
     */
    static byte[] values(byte[] record, Value rewrite) throws IOException {
        UnknownFieldSet event = UnknownFieldSet.parseFrom(record);
        if (!event.hasField(Events.EVENT_SUMMARY)) {
            return record;
        }
        UnknownFieldSet summary = UnknownFieldSet.parseFrom(
                event.getField(Events.EVENT_SUMMARY).getLengthDelimitedList().get(0));
        UnknownFieldSet.Field.Builder values = UnknownFieldSet.Field.newBuilder();
        int kept = 0;
        for (ByteString value : summary.getField(Events.SUMMARY_VALUE).getLengthDelimitedList()) {
            UnknownFieldSet rewritten = rewrite.rewritten(UnknownFieldSet.parseFrom(value));
            if (rewritten != null) {
                values.addLengthDelimited(rewritten.toByteString());
                kept++;
            }
        }
        if (kept == 0) {
            return null;
        }
        UnknownFieldSet rewritten = summary.toBuilder().clearField(Events.SUMMARY_VALUE)
                .addField(Events.SUMMARY_VALUE, values.build()).build();
        return event.toBuilder().clearField(Events.EVENT_SUMMARY).addField(Events.EVENT_SUMMARY,
                UnknownFieldSet.Field.newBuilder().addLengthDelimited(rewritten.toByteString()).build())
                .build().toByteArray();
    }

    /** The tag of a {@code Summary.Value}. */
    static String tag(UnknownFieldSet value) {
        return value.getField(Events.VALUE_TAG).getLengthDelimitedList().get(0).toStringUtf8();
    }
}
