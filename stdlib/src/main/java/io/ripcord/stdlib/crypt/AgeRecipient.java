package io.ripcord.stdlib.crypt;

import java.util.Arrays;
import java.util.Locale;

/**
 * An age X25519 recipient, the public half of a key pair: {@code age1} and 58 Bech32 characters, what
 * {@code age-keygen} prints as "public key". Anyone may see it; only the identity's holder can decrypt.
 */
public final class AgeRecipient {

    static final String HRP = "age";

    private final byte[] publicKey;

    AgeRecipient(byte[] publicKey) {
        this.publicKey = publicKey.clone();
    }

    /** Parses an {@code age1…} recipient; a clear error for anything else (an ssh key, an identity pasted by mistake). */
    public static AgeRecipient parse(String text) throws AgeFormatException {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.startsWith("AGE-SECRET-KEY-")) {
            throw new AgeFormatException("this is an age identity (a secret key), not a recipient: encrypt to its"
                    + " public key (age-keygen -y key.txt prints it) and keep the identity secret");
        }
        if (trimmed.startsWith("ssh-")) {
            throw new AgeFormatException("SSH recipients are not supported; use an age X25519 recipient (age1…,"
                    + " from age-keygen)");
        }
        Bech32.Decoded decoded = Bech32.decode(trimmed);
        if (decoded == null && trimmed.length() == 62 && trimmed.startsWith(HRP + "1")) {
            throw new AgeFormatException("not an age X25519 recipient: '" + abbreviate(trimmed) + "' has the length of one, but fails"
                    + " its checksum: a character was changed or mistyped in copying; copy it again from age-keygen's 'public key:' line");
        }
        if (decoded == null || !decoded.hrp().equals(HRP) || decoded.data().length != Primitives.KEY_SIZE
                || !trimmed.equals(trimmed.toLowerCase(Locale.ROOT))) {
            throw new AgeFormatException("not an age X25519 recipient: '" + abbreviate(trimmed)
                    + "' (expected age1 and 58 more characters, as age-keygen prints after 'public key:')");
        }
        return new AgeRecipient(decoded.data());
    }

    byte[] publicKey() {
        return publicKey.clone();
    }

    private static String abbreviate(String text) {
        return text.length() <= 16 ? text : text.substring(0, 12) + "…";
    }

    @Override
    public String toString() {
        return Bech32.encode(HRP, publicKey, false);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AgeRecipient r && Arrays.equals(publicKey, r.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }
}
