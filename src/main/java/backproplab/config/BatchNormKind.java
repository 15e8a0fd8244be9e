package backproplab.config;

/** The MLP's batch norm after each hidden linear layer ({@code -DbatchNorm}). */
public enum BatchNormKind implements Choice {
    NONE,
    /** DJL's own block. */
    BUILTIN,
    /** Section 3's block, differentiated by DJL's autograd. */
    AUTOGRAD,
    /** Section 3's block, with the report's hand-derived backward spliced into autograd. */
    MANUAL
}
