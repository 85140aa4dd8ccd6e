package io.ripcord.stdlib.crypt;

import java.io.IOException;

/**
 * An age file that cannot be decrypted (not age, a recipient type we do not read, no matching identity, a header or
 * chunk that fails its authentication, a truncated payload), or a key that does not parse. The message says which
 * and never contains key material.
 */
public class AgeFormatException extends IOException {

    public AgeFormatException(String message) {
        super(message);
    }

    /** The file is fine as far as can be told; it is for other recipients than the identities given. */
    public static final class WrongIdentity extends AgeFormatException {
        public WrongIdentity(String message) {
            super(message);
        }
    }
}
