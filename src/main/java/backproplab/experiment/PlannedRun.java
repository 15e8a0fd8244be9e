package backproplab.experiment;

import backproplab.config.ExperimentSpec;
import backproplab.results.RunFolder;

/**
 * One training into one folder, planned before anything is written: an experiment's run, or one of
 * its seeds, of section 3's batch norms, of a sweep's points.
 *
 * @param start how it starts, decided from what its folder holds
 * @param command the command that makes its files again
 */
record PlannedRun(ExperimentSpec spec, RunFolder folder, RunStart start, String command) {}
