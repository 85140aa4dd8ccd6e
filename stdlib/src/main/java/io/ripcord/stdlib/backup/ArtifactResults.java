package io.ripcord.stdlib.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** Backups in the journal are the path of their manifest; a resume reads the artifact back from it. */
final class ArtifactResults {

    private ArtifactResults() {
    }

    static Artifact restore(Object data) {
        Object manifest = data instanceof Map<?, ?> m ? m.get("manifest") : null;
        if (manifest == null) {
            return null;
        }
        try {
            return Artifact.read(Path.of(manifest.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("the backup journaled before is gone: " + manifest, e);
        }
    }
}
