package io.ripcord.stdlib.backup;

import groovy.json.JsonSlurper;
import io.ripcord.stdlib.repository.ObjectStore;
import io.ripcord.stdlib.repository.Repositories;
import io.ripcord.stdlib.repository.Repository;
import io.ripcord.stdlib.repository.RepositoryException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The backups a repository holds, read from its manifests alone ({@code ripcord backups --repo URL}): what a new
 * machine with an empty journal sees of what a dead one shipped. Only complete backups (those with a manifest) are
 * listed; an artifact without its manifest is an interrupted copy, not a backup.
 */
public final class RepositoryListing {

    /**
     * One backup as its manifest describes it; {@code sealedWith} is the id of the key its manifest was sealed with;
     * {@code object} is the object holding its bytes ({@code file}, or {@code file.age} for an encrypted copy), and
     * {@code bodyPresent} says whether that object is in the repository.
     */
    public record Listed(String id, String kind, String source, long size, String sha256, Instant created, String file, boolean safetyCopy,
                         String sealedWith, String object, boolean encrypted, boolean bodyPresent) {
    }

    private RepositoryListing() {
    }

    /** Newest first. */
    public static List<Listed> list(Repository repository, Map<String, String> env) throws RepositoryException {
        try (ObjectStore store = Repositories.open(repository, env)) {
            List<ObjectStore.Entry> entries = store.list("");
            java.util.Set<String> keys = new java.util.HashSet<>();
            entries.forEach(e -> keys.add(e.key()));
            List<Listed> out = new ArrayList<>();
            for (ObjectStore.Entry entry : entries) {
                if (!entry.key().endsWith(Artifact.MANIFEST_SUFFIX) || entry.key().contains("/")) {
                    continue;
                }
                Map<?, ?> m;
                try (InputStream in = store.open(entry.key())) {
                    m = new JsonSlurper().parseText(new String(in.readAllBytes(), StandardCharsets.UTF_8)) instanceof Map<?, ?> map ? map : null;
                } catch (RuntimeException e) {
                    continue; // not JSON: not ours
                }
                if (m == null || !(m.get("artifact") instanceof Map<?, ?> a) || !(m.get("source") instanceof Map<?, ?> s) || m.get("id") == null) {
                    continue;
                }
                String file = String.valueOf(a.get("file"));
                // an encrypted copy's bytes are the envelope's object (NAME.age), never NAME itself
                String object = m.get(EncryptedCopy.ENVELOPE) instanceof Map<?, ?> envelope && envelope.get("file") instanceof String sealed ? sealed : null;
                boolean encrypted = object != null;
                object = encrypted ? object : file;
                out.add(new Listed(String.valueOf(m.get("id")), String.valueOf(m.get("kind")), String.valueOf(s.get("id")),
                        ((Number) a.get("size")).longValue(), a.get("sha256") == null ? null : String.valueOf(a.get("sha256")), Instant.parse(String.valueOf(m.get("created"))), file,
                        Boolean.TRUE.equals(m.get("safetyCopy")), m.get("seal") instanceof Map<?, ?> seal ? String.valueOf(seal.get("key")) : null,
                        object, encrypted, keys.contains(object)));
            }
            out.sort(Comparator.comparing(Listed::created).reversed());
            return out;
        } catch (RepositoryException e) {
            throw e;
        } catch (IOException e) {
            throw new RepositoryException(RepositoryException.Reason.FAILED, "cannot read the backups in " + repository + ": " + e.getMessage(),
                    "check the repository, then try again", e);
        }
    }
}
