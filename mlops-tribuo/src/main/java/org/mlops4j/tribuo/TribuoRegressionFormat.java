package org.mlops4j.tribuo;

import org.tribuo.regression.Regressor;

/**
 * The {@code tribuo-regression} model format: a registered Tribuo regression model served on
 * feature maps, its answers read by {@link TribuoOutputs#regressor()}. Registered with
 * {@link java.util.ServiceLoader}, so configuration can name it (the Spring Boot starter's
 * {@code mlops.endpoints.<name>.format}).
 */
public final class TribuoRegressionFormat extends TribuoModelFormat<Regressor> {

    /** The format's name. */
    public static final String NAME = "tribuo-regression";

    /** For {@link java.util.ServiceLoader}. */
    public TribuoRegressionFormat() {
        super(NAME, Regressor.class, TribuoOutputs.regressor());
    }
}
