package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns an MLflow error response ({@code {"error_code": ..., "message": ...}}) into an exception:
 * {@code INVALID_PARAMETER_VALUE} into an {@link IllegalArgumentException} (the caller sent
 * something MLflow refuses), everything else into an {@link MlflowRequestException} that callers
 * translate where the code has a closer meaning ({@code RESOURCE_DOES_NOT_EXIST} for a run, a model
 * or a lookup; {@code RESOURCE_ALREADY_EXISTS} for get-or-create).
 */
final class MlflowErrors {

    /** The start of MLflow's message when a param is logged again with a different value. */
    static final String PARAM_CHANGE = "Changing param values is not allowed";
    /** How MLflow's SQL store starts refusing writes to a deleted run or experiment, after its id. */
    static final String NOT_ACTIVE = "must be in the 'active' state";

    /** The start of MLflow's message when a registered model has no such alias. */
    static final String MISSING_ALIAS = "Registered model alias ";

    private static final int MAX_MESSAGE = 1000;

    private MlflowErrors() {
    }

    /**
     * Maps one error response.
     *
     * @param json the mapper
     * @param endpoint the method and path
     * @param status the HTTP status
     * @param body the response body, JSON or not
     * @param attempts how many attempts were made
     * @return the exception to throw
     */
    static RuntimeException of(ObjectMapper json, String endpoint, int status, byte[] body, int attempts) {
        String code = "HTTP_" + status;
        String message = abbreviate(new String(body, StandardCharsets.UTF_8).strip());
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.hasNonNull("error_code")) {
                code = node.get("error_code").asText();
                message = abbreviate(node.path("message").asText(""));
            }
        } catch (IOException e) {
            // Not JSON (a proxy's HTML page, a plain-text 401): the text itself is the message.
        }
        if (status == 401 || status == 403) {
            message = message + " (check the configured MlflowAuth)";
        }
        if (attempts > 1) {
            message = message + " (after " + attempts + " attempts)";
        }
        MlflowRequestException error = new MlflowRequestException(endpoint, status, code, message, null);
        if (MlflowRequestException.INVALID_PARAMETER_VALUE.equals(code)) {
            return new IllegalArgumentException("MLflow refused " + endpoint + ": " + message, error);
        }
        return error;
    }

    /**
     * Tells whether an exception is MLflow refusing to change a param's value.
     *
     * @param e an exception from a log-batch request
     * @return true for MLflow's param-change refusal
     */
    static boolean isParamChange(IllegalArgumentException e) {
        return e.getCause() instanceof MlflowRequestException && e.getMessage() != null
                && e.getMessage().contains(PARAM_CHANGE);
    }

    /**
     * Tells whether an exception is MLflow refusing a write to a deleted run or experiment: HTTP
     * 400 {@code INVALID_PARAMETER_VALUE}, {@code The experiment <id> must be in the 'active' state}.
     *
     * @param e an exception from a write
     * @return true for MLflow's refusal of a non-active run or experiment
     */
    static boolean isNotActive(IllegalArgumentException e) {
        return e.getCause() instanceof MlflowRequestException && e.getMessage() != null
                && e.getMessage().contains(NOT_ACTIVE);
    }

    /**
     * Tells whether an exception is MLflow saying a registered model has no such alias. MLflow
     * 2.x answers that with HTTP 400 {@code INVALID_PARAMETER_VALUE} and the message
     * {@code Registered model alias <alias> not found.} (not 404), whether or not the model exists;
     * a 404 {@code RESOURCE_DOES_NOT_EXIST} counts too, as other servers and versions may send it.
     *
     * @param e an exception from an alias lookup
     * @return true when the alias (or its model) does not exist
     */
    static boolean isMissingAlias(RuntimeException e) {
        if (e instanceof MlflowRequestException m) {
            return m.isNotFound();
        }
        if (e instanceof IllegalArgumentException && e.getCause() instanceof MlflowRequestException m) {
            return MlflowRequestException.INVALID_PARAMETER_VALUE.equals(m.errorCode())
                    && m.serverMessage().startsWith(MISSING_ALIAS) && m.serverMessage().contains(" not found");
        }
        return false;
    }

    private static String abbreviate(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "...";
    }
}
