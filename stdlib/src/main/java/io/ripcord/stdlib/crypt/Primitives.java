package io.ripcord.stdlib.crypt;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The age format's primitives on the JDK's providers: X25519 on raw 32-byte strings, HKDF-SHA-256, ChaCha20-Poly1305. */
final class Primitives {

    static final int KEY_SIZE = 32;
    static final int TAG_SIZE = 16;
    /** X25519's base point u = 9, little-endian: X25519(scalar, BASE_POINT) is the public key of scalar. */
    static final byte[] BASE_POINT = new byte[KEY_SIZE];

    static {
        BASE_POINT[0] = 9;
    }

    private Primitives() {
    }

    /** RFC 7748 X25519(scalar, u) on little-endian byte strings; throws when the result is all zero (a low-order u). */
    static byte[] x25519(byte[] scalar, byte[] u) throws GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance("XDH");
        PrivateKey privateKey = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar.clone()));
        PublicKey publicKey = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, decodeU(u)));
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        agreement.init(privateKey);
        agreement.doPhase(publicKey, true);
        return agreement.generateSecret(); // the JDK refuses an all-zero shared secret, as age requires
    }

    private static BigInteger decodeU(byte[] littleEndian) {
        byte[] bigEndian = new byte[KEY_SIZE];
        for (int i = 0; i < KEY_SIZE; i++) {
            bigEndian[i] = littleEndian[KEY_SIZE - 1 - i];
        }
        bigEndian[0] &= 0x7f; // RFC 7748: the top bit of the last byte is ignored
        return new BigInteger(1, bigEndian);
    }

    /** RFC 5869 HKDF-SHA-256 producing 32 bytes; an empty salt is HashLen zero bytes, as the RFC says. */
    static byte[] hkdf(byte[] ikm, byte[] salt, String info) throws GeneralSecurityException {
        byte[] prk = hmac(salt.length == 0 ? new byte[KEY_SIZE] : salt, ikm);
        byte[] infoBytes = info.getBytes(StandardCharsets.US_ASCII);
        byte[] block = new byte[infoBytes.length + 1];
        System.arraycopy(infoBytes, 0, block, 0, infoBytes.length);
        block[infoBytes.length] = 1;
        return hmac(prk, block);
    }

    static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    static Cipher chacha(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
        cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        return cipher;
    }
}
