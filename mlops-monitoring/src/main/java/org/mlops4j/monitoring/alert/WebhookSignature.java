package org.mlops4j.monitoring.alert;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The {@link WebhookConfig#SIGNATURE_HEADER} value: {@code sha256=} and HMAC-SHA256 of the body in hex. */
final class WebhookSignature {

    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {
    }

    /**
     * Signs the exact body bytes.
     *
     * @param secret the key, whose UTF-8 bytes are used
     * @param body the bytes sent
     * @return {@code sha256=} followed by 64 lowercase hex digits
     */
    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            // Every Java platform has HmacSHA256, and any non-empty key is valid for it.
            throw new IllegalStateException("cannot compute " + ALGORITHM, e);
        }
    }
}
