package org.mlops4j.tracking;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque page tokens: an offset into a stably ordered result, base64-encoded. */
final class PageTokens {

    private static final String PREFIX = "offset:";

    private PageTokens() {
    }

    static String of(int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + offset).getBytes(StandardCharsets.US_ASCII));
    }

    static int offset(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            if (text.startsWith(PREFIX)) {
                int offset = Integer.parseInt(text.substring(PREFIX.length()));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // Reported below with the token itself.
        }
        throw new IllegalArgumentException("invalid page token '" + token + "': use a token returned by searchRuns");
    }
}
