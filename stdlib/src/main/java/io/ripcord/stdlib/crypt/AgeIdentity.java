package io.ripcord.stdlib.crypt;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Cipher;

/**
 * An age X25519 identity, the secret half: {@code AGE-SECRET-KEY-1…}. Parsed from a key file's text (age-keygen's
 * output: comments and one key per line) so {@code identity: secret('age-key')} can hold the file as is. Its
 * {@link #toString} shows only the public recipient, so the secret cannot leak through a log line.
 */
public final class AgeIdentity {

    static final String HRP = "age-secret-key-";

    private final byte[] scalar;
    private final AgeRecipient recipient;

    private AgeIdentity(byte[] scalar) throws GeneralSecurityException {
        this.scalar = scalar.clone();
        this.recipient = new AgeRecipient(Primitives.x25519(scalar, Primitives.BASE_POINT));
    }

    /** A new random identity (what age-keygen does). */
    public static AgeIdentity generate() {
        byte[] scalar = new byte[Primitives.KEY_SIZE];
        new SecureRandom().nextBytes(scalar);
        try {
            return new AgeIdentity(scalar);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is not available in this JDK", e);
        }
    }

    /** Every identity in a key file's text (blank lines and # comments skipped); at least one, or a clear error. */
    public static List<AgeIdentity> parseAll(String keyFileText) throws AgeFormatException {
        List<AgeIdentity> identities = new ArrayList<>();
        int lineNumber = 0;
        for (String line : (keyFileText == null ? "" : keyFileText).split("\r?\n")) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            identities.add(parseOne(trimmed, lineNumber));
        }
        if (identities.isEmpty()) {
            throw new AgeFormatException("no age identity in the key text (expected a line AGE-SECRET-KEY-1…, as"
                    + " age-keygen writes)");
        }
        return List.copyOf(identities);
    }

    private static AgeIdentity parseOne(String line, int lineNumber) throws AgeFormatException {
        Bech32.Decoded decoded = line.startsWith("AGE-SECRET-KEY-1") ? Bech32.decode(line) : null;
        if (decoded == null || !decoded.hrp().equals(HRP) || decoded.data().length != Primitives.KEY_SIZE) {
            // never quote the line: it may be a secret with a typo in it
            throw new AgeFormatException("line " + lineNumber + " of the key text is not an age X25519 identity"
                    + " (expected AGE-SECRET-KEY-1 and 58 more characters; SSH and plugin identities are not read)");
        }
        try {
            return new AgeIdentity(decoded.data());
        } catch (GeneralSecurityException e) {
            throw new AgeFormatException("line " + lineNumber + " of the key text is not a usable X25519 key");
        }
    }

    public AgeRecipient recipient() {
        return recipient;
    }

    /** The key file line, AGE-SECRET-KEY-1…: only for writing a key file; never print it. */
    public String secretText() {
        return Bech32.encode(HRP, scalar, true);
    }

    /** The file key wrapped in this stanza, or null when the stanza is for another recipient. */
    byte[] unwrap(byte[] ephemeralShare, byte[] wrappedKey) {
        try {
            byte[] shared = Primitives.x25519(scalar, ephemeralShare);
            byte[] wrapKey = Primitives.hkdf(shared, AgeStanzas.x25519Salt(ephemeralShare, recipient.publicKey()),
                    AgeStanzas.X25519_INFO);
            return Primitives.chacha(Cipher.DECRYPT_MODE, wrapKey, new byte[12]).doFinal(wrappedKey);
        } catch (GeneralSecurityException e) {
            return null; // not ours: the tag does not match (or the share is a low-order point)
        }
    }

    @Override
    public String toString() {
        return "AgeIdentity[" + recipient + "]";
    }
}
