package backproplab.report;

import backproplab.data.CifarData;
import backproplab.train.Confusion;
import java.util.List;
import java.util.stream.Collectors;

/** What a network learned, class by class, in a line: the pairs of classes it confuses most. */
public final class Analysis {

    private Analysis() {}

    /** "most confused: cat->dog 212, dog->cat 160, truck->automobile 98". */
    public static String mostConfused(Confusion confusion) {
        List<Confusion.Mistake> top = confusion.mostConfused(3);
        if (top.isEmpty()) {
            return "most confused: none, every test image is right";
        }
        return "most confused: " + top.stream()
                .map(m -> CifarData.CLASS_NAMES.get(m.truth()) + "->" + CifarData.CLASS_NAMES.get(m.predicted()) + " "
                        + m.count())
                .collect(Collectors.joining(", "));
    }
}
