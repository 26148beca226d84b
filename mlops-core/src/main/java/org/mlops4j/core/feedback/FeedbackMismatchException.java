package org.mlops4j.core.feedback;

import org.mlops4j.core.MlopsException;

/**
 * Thrown when feedback cannot be used with the prediction it joined: a ground-truth value sent for a
 * classifier, or a label sent for answers a monitor cannot label (a Tribuo {@code Prediction}
 * without {@code TribuoOutputs.classifier()}, say). It names the prediction, the feedback and what
 * to configure, so that a misconfigured service fails loudly instead of reporting 0% accuracy.
 */
public class FeedbackMismatchException extends MlopsException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what does not fit, and how to fix it
     */
    public FeedbackMismatchException(String message) {
        super(message);
    }
}
