package org.mlops4j.tracking.mlflow;

/** An MLflow error response the fake server sends: an HTTP status and {@code {error_code, message}}. */
final class FakeApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String code;

    FakeApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static FakeApiError invalid(String message) {
        return new FakeApiError(400, "INVALID_PARAMETER_VALUE", message);
    }

    static FakeApiError notFound(String message) {
        return new FakeApiError(404, "RESOURCE_DOES_NOT_EXIST", message);
    }

    static FakeApiError exists(String message) {
        return new FakeApiError(400, "RESOURCE_ALREADY_EXISTS", message);
    }
}
