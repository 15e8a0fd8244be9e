package backproplab.config;

/** The MLP's batch norm after each hidden linear layer ({@code -DbatchNorm}). */
public enum BatchNormKind implements Choice {
    NONE("none"),
    /** DJL's own block. */
    BUILTIN("builtin"),
    /** Section 3's block, differentiated by DJL's autograd. */
    AUTOGRAD("autograd"),
    /** Section 3's block, with the report's hand-derived backward spliced into autograd. */
    MANUAL("manual");

    private final String key;

    BatchNormKind(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
