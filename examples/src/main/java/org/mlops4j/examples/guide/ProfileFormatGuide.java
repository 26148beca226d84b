package org.mlops4j.examples.guide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code of the snippet of {@code docs/monitoring.md}'s "The binary form", kept here so that it
 * compiles with every build; {@code ProfileFormatGuideTest} runs it and checks what it did.
 */
public final class ProfileFormatGuide {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileFormatGuide.class);

    private ProfileFormatGuide() {
    }

    /**
     * Guide "The binary form": saves a reference profile in its compact binary form, loads it back,
     * and refuses a damaged file.
     *
     * @param reference the profile to save
     * @param file where to save it
     * @return the profile loaded back
     * @throws IOException if the file cannot be written or read
     */
    public static ReferenceProfile saveAndLoad(ReferenceProfile reference, Path file) throws IOException {
        // tag::profile-binary[]
        Files.write(file, reference.toBytes());                        // magic, version, sketches' own bytes, CRC-32
        ReferenceProfile loaded = ReferenceProfile.fromBytes(Files.readAllBytes(file));
        LOG.debug("{} bytes as binary, {} as JSON", reference.toBytes().length, reference.toJson().length());
        try {
            byte[] damaged = Files.readAllBytes(file);
            damaged[damaged.length / 2] ^= 1;                          // one flipped bit
            ReferenceProfile.fromBytes(damaged);
        } catch (IllegalArgumentException e) {
            LOG.warn("refused: {}", e.getMessage());                   // "... corrupt or truncated: checksum ..."
        }
        // end::profile-binary[]
        return loaded;
    }
}
