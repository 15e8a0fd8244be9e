package backproplab.config;

import backproplab.util.UserError;

/**
 * How an experiment is named and placed in the report: nothing here changes what it trains.
 *
 * @param title what the experiment is, for listings and chart titles
 * @param figure the report section and figure it reproduces, e.g. "2, Fig. 3"
 * @param reportAccuracy the report's test accuracy for it, as the report gives it (empty: none)
 * @param section the report section (1-4), for ordering and titles
 */
public record Presentation(String title, String figure, String reportAccuracy, int section) {

    public Presentation {
        if (section < 1 || section > 4) {
            throw new UserError("bad value section=" + section + ": the report has sections 1 to 4");
        }
    }

    /** Where the report has this experiment, as every title and listing says it: "section 2, Fig. 3". */
    public String reportLabel() {
        return "section " + figure;
    }
}
