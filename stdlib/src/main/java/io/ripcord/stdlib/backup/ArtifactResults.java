package io.ripcord.stdlib.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** Backups in the journal are the path of their manifest; a resume reads the artifact back from it. */
final class ArtifactResults {

    private ArtifactResults() {
    }

    static Map<String, Object> journal(Artifact artifact) {
        // a fixed order: Map.of iterates in an order that changes from one JVM start to the next, and the journal,
        // show --json and its golden files would with it
        Map<String, Object> result = new java.util.LinkedHashMap<>();
        result.put("backup", artifact.id());
        result.put("manifest", artifact.manifestFile().toString());
        return result;
    }

    /** The journaled backup read back; a manifest that now describes another backup is not taken for it. */
    static Artifact restore(Object data) {
        Object manifest = data instanceof Map<?, ?> m ? m.get("manifest") : null;
        if (manifest == null) {
            return null;
        }
        Artifact artifact;
        try {
            artifact = Artifact.read(Path.of(manifest.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("the backup journaled before is gone: " + manifest, e);
        }
        Object id = ((Map<?, ?>) data).get("backup");
        if (id != null && !id.equals(artifact.id())) {
            throw new UncheckedIOException(new IOException("the manifest " + manifest + " describes backup " + artifact.id()
                    + " now, but this run journaled it as " + id + ": the backup files were swapped or copied over"));
        }
        return artifact;
    }
}
