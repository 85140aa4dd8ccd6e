package io.ripcord.stdlib.crypt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code encrypt: RECIPIENT} means for an artifact, in one place: the recipients, the stream that encrypts to
 * them, the manifest fields that say so and the restore-by-hand command. A value that fails to parse is refused at
 * once: there is no unencrypted fallback (WAL-G's CVE-2021-38599 uploaded plaintext when encryption was asked for).
 */
public record AgeEncryption(List<AgeRecipient> recipients) {

    /** The artifact file suffix age's own tools expect. */
    public static final String SUFFIX = ".age";
    /** The manifest's {@code encryption} value. */
    public static final String FORMAT = "age";

    public AgeEncryption {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("encryption needs at least one recipient");
        }
        recipients = List.copyOf(recipients);
    }

    /** From {@code encrypt:}'s value: one {@code age1…} recipient, or a list of them. */
    public static AgeEncryption of(Object encrypt) throws AgeFormatException {
        List<AgeRecipient> parsed = new ArrayList<>();
        for (Object each : encrypt instanceof Iterable<?> many ? many : List.of(String.valueOf(encrypt))) {
            parsed.add(AgeRecipient.parse(String.valueOf(each)));
        }
        if (parsed.isEmpty()) {
            throw new AgeFormatException("encrypt: names no recipient (give an age1… public key)");
        }
        return new AgeEncryption(parsed);
    }

    /** Encrypts what is written to the returned stream onto out; close it to write the final chunk. */
    public OutputStream encrypting(OutputStream out) throws IOException {
        return AgeEncryptingOutputStream.to(out, recipients);
    }

    /** Decrypts in with the identities in keyText (an age key file's text, as {@code secret(...)} gives it). */
    public static InputStream decrypting(InputStream in, String keyText) throws IOException {
        return AgeDecryptingInputStream.from(in, AgeIdentity.parseAll(keyText));
    }

    /** {@code encryption: age} and the recipients, for the artifact's manifest. */
    public Map<String, Object> manifestFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("encryption", FORMAT);
        fields.put("recipients", recipients.stream().map(AgeRecipient::toString).toList());
        return fields;
    }

    /**
     * The manifest's restore-by-hand line for an encrypted artifact: age decrypts to a pipe into what unpacks the
     * plain artifact ({@code tar -x}, {@code gunzip > db.sqlite}, {@code pg_restore -d DB}).
     */
    public static String restoreByHand(String artifactFileName, String unpack) {
        return "age -d -i key.txt " + artifactFileName + " | " + unpack;
    }
}
