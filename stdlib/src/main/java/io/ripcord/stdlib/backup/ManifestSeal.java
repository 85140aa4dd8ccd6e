package io.ripcord.stdlib.backup;

import groovy.json.JsonOutput;
import io.ripcord.files.AtomicFile;
import io.ripcord.verb.VerbContext;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Authenticates manifests: an HMAC-SHA256 over the manifest's canonical JSON (keys sorted, the seal itself left
 * out), stored in the manifest as {@code seal: {alg, key, mac}}. The key is this home's ({@code manifest.key} under
 * $RIPCORD_HOME, made 0600 on first use) or one the runbook gives ({@code manifestKey: secret('NAME')}), so a
 * manifest brought from another machine is believed only by someone holding the key it was sealed with.
 */
final class ManifestSeal {

    static final String FIELD = "seal";
    static final String KEY_FILE = "manifest.key";
    private static final String ALG = "HMAC-SHA256";

    /** A sealing key; {@code id} (a hash of it, never the key) names it in manifests and messages. */
    record Key(String origin, byte[] bytes) {
        String id() {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    enum Verdict { SEALED_BY_KEY, UNSEALED, UNKNOWN_KEY, FORGED }

    /** What a check found: the verdict and the key id the manifest names (null when unsealed). */
    record Check(Verdict verdict, String keyId, Key key) {
    }

    private ManifestSeal() {
    }

    /** The key a manifest written now is sealed with: the runbook's when given, else this home's. */
    static Key sealing(VerbContext context, String manifestKey) throws IOException {
        return manifestKey != null ? fromSecret(manifestKey) : homeKey(context);
    }

    /** The keys a manifest may be checked with: the runbook's, and this home's. */
    static List<Key> checking(VerbContext context, String manifestKey) throws IOException {
        List<Key> keys = new ArrayList<>();
        if (manifestKey != null) {
            keys.add(fromSecret(manifestKey));
        }
        keys.add(homeKey(context));
        return keys;
    }

    static Key fromSecret(String value) {
        return new Key("manifestKey:", value.getBytes(StandardCharsets.UTF_8));
    }

    /** $RIPCORD_HOME (else ~/.ripcord)/manifest.key, created 0600 on first use; a racing creator's key wins, never two. */
    static Key homeKey(VerbContext context) throws IOException {
        Path file = context.home().resolve(KEY_FILE);
        if (!Files.exists(file)) {
            AtomicFile.createPrivateDirectory(file.getParent());
            Path temp = AtomicFile.tempFor(file);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            try (OutputStream out = AtomicFile.createPrivateFile(temp)) {
                out.write((HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            AtomicFile.fsync(temp);
            try {
                Files.createLink(file, temp); // link(2) never replaces: the first key made is the only one
                AtomicFile.fsyncDirectory(file.getParent());
            } catch (FileAlreadyExistsException e) {
                // another process made it first: use theirs
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            return new Key(file.toString(), HexFormat.of().parseHex(text));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a manifest key (64 hex digits); move it away and a new one is made", e);
        }
    }


    /** The manifest with its seal (replacing any older one). */
    static Map<String, Object> seal(Map<String, Object> manifest, Key key) {
        Map<String, Object> sealed = new LinkedHashMap<>(manifest);
        sealed.remove(FIELD);
        Map<String, Object> seal = new LinkedHashMap<>();
        seal.put("alg", ALG);
        seal.put("key", key.id());
        seal.put("mac", mac(sealed, key));
        sealed.put(FIELD, seal);
        return sealed;
    }

    static Check check(Map<String, Object> manifest, List<Key> keys) {
        if (!(manifest.get(FIELD) instanceof Map<?, ?> seal) || !ALG.equals(seal.get("alg")) || !(seal.get("mac") instanceof String mac)) {
            return new Check(Verdict.UNSEALED, null, null);
        }
        String keyId = String.valueOf(seal.get("key"));
        Map<String, Object> body = new LinkedHashMap<>(manifest);
        body.remove(FIELD);
        for (Key key : keys) {
            if (key.id().equals(keyId)) {
                boolean ok = MessageDigest.isEqual(mac(body, key).getBytes(StandardCharsets.US_ASCII), mac.getBytes(StandardCharsets.US_ASCII));
                return new Check(ok ? Verdict.SEALED_BY_KEY : Verdict.FORGED, keyId, key);
            }
        }
        return new Check(Verdict.UNKNOWN_KEY, keyId, null);
    }

    private static String mac(Map<String, Object> body, Key key) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key.bytes(), "HmacSHA256"));
            return HexFormat.of().formatHex(hmac.doFinal(canonical(body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * JSON with object keys sorted and integers written alike however they were parsed: the same manifest gives the
     * same text whether it was just built or read back from disk or from the catalog.
     */
    static String canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            StringBuilder out = new StringBuilder("{");
            sorted.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(JsonOutput.toJson(k)).append(':').append(canonical(v)));
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            list.forEach(v -> out.append(out.length() > 1 ? "," : "").append(canonical(v)));
            return out.append(']').toString();
        }
        if (value instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0) {
            return d.toBigInteger().toString();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger || value instanceof Short) {
            return value.toString();
        }
        return JsonOutput.toJson(value);
    }
}
