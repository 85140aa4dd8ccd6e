package io.ripcord.stdlib.crypt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.XECPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;

/**
 * The age v1 header: the version line, one stanza per recipient ({@code -> X25519 SHARE} and the wrapped file key),
 * and the header MAC ({@code --- MAC}) over everything up to and including {@code ---}. Written for X25519
 * recipients; read strictly (canonical unpadded base64, 64-column body lines), as age's own parser does.
 */
final class AgeStanzas {

    static final String VERSION_LINE = "age-encryption.org/v1";
    static final String X25519_INFO = "age-encryption.org/v1/X25519";
    private static final int MAX_LINE = 4096;
    private static final int MAX_STANZAS = 1024;
    private static final int BODY_COLUMNS = 64;
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    /** One stanza as read: its arguments (type first) and body bytes. */
    record Stanza(List<String> args, byte[] body) {
    }

    /** A parsed header: its stanzas, the bytes the MAC covers and the MAC itself. */
    record Header(List<Stanza> stanzas, byte[] macInput, byte[] mac) {
    }

    private AgeStanzas() {
    }

    static byte[] x25519Salt(byte[] ephemeralShare, byte[] recipientKey) {
        byte[] salt = new byte[ephemeralShare.length + recipientKey.length];
        System.arraycopy(ephemeralShare, 0, salt, 0, ephemeralShare.length);
        System.arraycopy(recipientKey, 0, salt, ephemeralShare.length, recipientKey.length);
        return salt;
    }

    /** The complete header (with its MAC and final newline) wrapping fileKey for each recipient. */
    static byte[] write(byte[] fileKey, List<AgeRecipient> recipients) throws GeneralSecurityException {
        StringBuilder text = new StringBuilder(VERSION_LINE).append('\n');
        for (AgeRecipient recipient : recipients) {
            KeyPair ephemeral = KeyPairGenerator.getInstance("X25519").generateKeyPair();
            byte[] scalar = ((XECPrivateKey) ephemeral.getPrivate()).getScalar().orElseThrow();
            byte[] share = Primitives.x25519(scalar, Primitives.BASE_POINT);
            byte[] shared = Primitives.x25519(scalar, recipient.publicKey());
            byte[] wrapKey = Primitives.hkdf(shared, x25519Salt(share, recipient.publicKey()), X25519_INFO);
            byte[] body = Primitives.chacha(Cipher.ENCRYPT_MODE, wrapKey, new byte[12]).doFinal(fileKey);
            text.append("-> X25519 ").append(BASE64.encodeToString(share)).append('\n');
            appendBody(text, body);
        }
        text.append("---");
        byte[] macInput = text.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] mac = Primitives.hmac(Primitives.hkdf(fileKey, new byte[0], "header"), macInput);
        text.append(' ').append(BASE64.encodeToString(mac)).append('\n');
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void appendBody(StringBuilder text, byte[] body) {
        String encoded = BASE64.encodeToString(body);
        int at = 0;
        while (encoded.length() - at >= BODY_COLUMNS) {
            text.append(encoded, at, at + BODY_COLUMNS).append('\n');
            at += BODY_COLUMNS;
        }
        text.append(encoded, at, encoded.length()).append('\n'); // the last line is short, possibly empty
    }

    /** Reads the header from in, leaving in at the first payload byte. */
    static Header read(InputStream in) throws IOException {
        ByteArrayOutputStream macInput = new ByteArrayOutputStream();
        String version = readLine(in, macInput);
        if (version == null || !version.equals(VERSION_LINE)) {
            if (version != null && version.startsWith("-----BEGIN AGE ENCRYPTED FILE")) {
                throw new AgeFormatException("this is an ASCII-armored age file: Ripcord reads the binary format"
                        + " (age -d reads both)");
            }
            throw new AgeFormatException("not an age-encrypted file (its first line is not " + VERSION_LINE + ")");
        }
        List<Stanza> stanzas = new ArrayList<>();
        while (true) {
            int mark = macInput.size();
            String line = readLine(in, macInput);
            if (line == null) {
                throw new AgeFormatException("the age header is truncated (no '---' line)");
            }
            if (line.startsWith("--- ")) {
                byte[] covered = macInput.toByteArray();
                byte[] upToDashes = new byte[mark + 3];
                System.arraycopy(covered, 0, upToDashes, 0, upToDashes.length);
                byte[] mac = decodeStrict(line.substring(4));
                if (mac.length != 32) {
                    throw new AgeFormatException("the age header's MAC line is malformed");
                }
                return new Header(List.copyOf(stanzas), upToDashes, mac);
            }
            if (!line.startsWith("-> ") || stanzas.size() >= MAX_STANZAS) {
                throw new AgeFormatException("the age header is malformed (a line that is neither a stanza nor '---')");
            }
            List<String> args = List.of(line.substring(3).split(" ", -1));
            if (args.stream().anyMatch(String::isEmpty)) {
                throw new AgeFormatException("the age header is malformed (an empty stanza argument)");
            }
            stanzas.add(new Stanza(args, readBody(in, macInput)));
        }
    }

    private static byte[] readBody(InputStream in, ByteArrayOutputStream macInput) throws IOException {
        StringBuilder encoded = new StringBuilder();
        while (true) {
            String line = readLine(in, macInput);
            if (line == null || line.length() > BODY_COLUMNS) {
                throw new AgeFormatException("the age header is malformed (a stanza body line is missing or too long)");
            }
            encoded.append(line);
            if (line.length() < BODY_COLUMNS) {
                return decodeStrict(encoded.toString());
            }
        }
    }

    /** Canonical unpadded base64 only: a re-encoding must give the same text, as age's strict decoder demands. */
    static byte[] decodeStrict(String text) throws AgeFormatException {
        try {
            if (text.indexOf('=') >= 0) {
                throw new IllegalArgumentException("padding");
            }
            byte[] bytes = Base64.getDecoder().decode(text);
            if (!BASE64.encodeToString(bytes).equals(text)) {
                throw new IllegalArgumentException("not canonical");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new AgeFormatException("the age header is malformed (invalid base64)");
        }
    }

    /** One LF-terminated line of printable ASCII, also appended (with its LF) to sink; null at end of input. */
    private static String readLine(InputStream in, ByteArrayOutputStream sink) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            sink.write(b);
            if (b == '\n') {
                return line.toString();
            }
            if (b < 32 || b > 126 || line.length() >= MAX_LINE) {
                throw new AgeFormatException("not an age-encrypted file (binary data or an overlong line in its header)");
            }
            line.append((char) b);
        }
    }

    /** The file key that one of the identities unwraps from the header's X25519 stanzas, after checking its MAC. */
    static byte[] fileKey(Header header, List<AgeIdentity> identities) throws IOException {
        int x25519 = 0;
        for (Stanza stanza : header.stanzas()) {
            String type = stanza.args().get(0);
            if (type.equals("scrypt")) {
                throw new AgeFormatException("this file is encrypted with a passphrase (age -p); Ripcord reads only"
                        + " files encrypted to X25519 recipients — decrypt it with age -d");
            }
            if (!type.equals("X25519")) {
                continue; // another recipient type (or grease): not ours, but covered by the MAC
            }
            x25519++;
            byte[] share = stanza.args().size() == 2 ? decodeStrict(stanza.args().get(1)) : new byte[0];
            if (share.length != Primitives.KEY_SIZE || stanza.body().length != Primitives.KEY_SIZE) {
                throw new AgeFormatException("the age header is malformed (an X25519 stanza of the wrong size)");
            }
            for (AgeIdentity identity : identities) {
                byte[] fileKey = identity.unwrap(share, stanza.body());
                if (fileKey != null) {
                    checkMac(header, fileKey);
                    return fileKey;
                }
            }
        }
        throw new AgeFormatException.WrongIdentity("this file was not encrypted to the identity given ("
                + identities.stream().map(i -> i.recipient().toString()).toList() + "); it has " + x25519
                + " X25519 recipient(s). Use the identity whose public key was the backup's recipient");
    }

    private static void checkMac(Header header, byte[] fileKey) throws IOException {
        try {
            byte[] expected = Primitives.hmac(Primitives.hkdf(fileKey, new byte[0], "header"), header.macInput());
            if (!MessageDigest.isEqual(expected, header.mac())) {
                throw new AgeFormatException("the age header was changed after it was written (its MAC does not"
                        + " match): the file is not trusted");
            }
        } catch (GeneralSecurityException e) {
            throw new AgeFormatException("cannot check the age header's MAC: " + e.getMessage());
        }
    }
}
