package org.mlops4j.tribuo;

import org.tribuo.classification.Label;

/**
 * The {@code tribuo-classification} model format: a registered Tribuo classifier served on feature
 * maps, its answers read by {@link TribuoOutputs#classifier()}. Registered with
 * {@link java.util.ServiceLoader}, so configuration can name it (the Spring Boot starter's
 * {@code mlops.endpoints.<name>.format}).
 */
public final class TribuoClassificationFormat extends TribuoModelFormat<Label> {

    /** The format's name. */
    public static final String NAME = "tribuo-classification";

    /** For {@link java.util.ServiceLoader}. */
    public TribuoClassificationFormat() {
        super(NAME, Label.class, TribuoOutputs.classifier());
    }
}
