package io.ripcord.stdlib.crypt;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * BIP 173 Bech32 (not Bech32m), the text form of age keys: {@code age1…} recipients and {@code AGE-SECRET-KEY-1…}
 * identities. Without the 90-character limit of BIP 173, as age does.
 */
final class Bech32 {

    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    record Decoded(String hrp, byte[] data) {
    }

    private Bech32() {
    }

    static String encode(String hrp, byte[] data, boolean upperCase) {
        String lowHrp = hrp.toLowerCase(Locale.ROOT);
        byte[] values = convertBits(data, 8, 5, true);
        byte[] checksum = checksum(lowHrp, values);
        StringBuilder out = new StringBuilder(lowHrp).append('1');
        for (byte v : values) {
            out.append(CHARSET.charAt(v));
        }
        for (byte v : checksum) {
            out.append(CHARSET.charAt(v));
        }
        String text = out.toString();
        return upperCase ? text.toUpperCase(Locale.ROOT) : text;
    }

    /** Decodes a Bech32 string; null when it is not valid Bech32 (the callers word the error for their kind of key). */
    static Decoded decode(String text) {
        if (!text.equals(text.toLowerCase(Locale.ROOT)) && !text.equals(text.toUpperCase(Locale.ROOT))) {
            return null; // mixed case is invalid
        }
        String lower = text.toLowerCase(Locale.ROOT);
        int separator = lower.lastIndexOf('1');
        if (separator < 1 || separator + 7 > lower.length()) {
            return null;
        }
        String hrp = lower.substring(0, separator);
        for (char c : hrp.toCharArray()) {
            if (c < 33 || c > 126) {
                return null;
            }
        }
        byte[] values = new byte[lower.length() - separator - 1];
        for (int i = 0; i < values.length; i++) {
            int v = CHARSET.indexOf(lower.charAt(separator + 1 + i));
            if (v < 0) {
                return null;
            }
            values[i] = (byte) v;
        }
        if (polymod(expand(hrp, values)) != 1) {
            return null;
        }
        byte[] payload = new byte[values.length - 6];
        System.arraycopy(values, 0, payload, 0, payload.length);
        byte[] data = convertBits(payload, 5, 8, false);
        return data == null ? null : new Decoded(hrp, data);
    }

    private static byte[] checksum(String hrp, byte[] values) {
        byte[] withZeros = new byte[values.length + 6];
        System.arraycopy(values, 0, withZeros, 0, values.length);
        int mod = polymod(expand(hrp, withZeros)) ^ 1;
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
        }
        return out;
    }

    private static byte[] expand(String hrp, byte[] values) {
        int n = hrp.length();
        byte[] out = new byte[2 * n + 1 + values.length];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (hrp.charAt(i) >> 5);
            out[n + 1 + i] = (byte) (hrp.charAt(i) & 31);
        }
        System.arraycopy(values, 0, out, 2 * n + 1, values.length);
        return out;
    }

    private static int polymod(byte[] values) {
        int chk = 1;
        for (byte v : values) {
            int top = chk >>> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (int i = 0; i < 5; i++) {
                if (((top >>> i) & 1) != 0) {
                    chk ^= GENERATOR[i];
                }
            }
        }
        return chk;
    }

    private static byte[] convertBits(byte[] in, int from, int to, boolean pad) {
        int acc = 0;
        int bits = 0;
        int maxv = (1 << to) - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : in) {
            int value = b & 0xff;
            if ((value >>> from) != 0) {
                return null;
            }
            acc = (acc << from) | value;
            bits += from;
            while (bits >= to) {
                bits -= to;
                out.write((acc >>> bits) & maxv);
            }
        }
        if (pad) {
            if (bits > 0) {
                out.write((acc << (to - bits)) & maxv);
            }
        } else if (bits >= from || ((acc << (to - bits)) & maxv) != 0) {
            return null;
        }
        return out.toByteArray();
    }
}
