package io.ripcord.stdlib.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A block as one complete gzip member: header, raw deflate data, CRC-32 and length. A concatenation of gzip members
 * is a valid gzip file (RFC 1952 section 2.2): gzip -t, gzip -dc, tar -z and Java's GZIPInputStream read it whole.
 */
final class GzipMember implements FrameCodec {

    @Override
    public byte[] compress(byte[] data, int length) {
        ByteArrayOutputStream member = new ByteArrayOutputStream(length / 2 + 64);
        member.write(new byte[]{0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3}, 0, 10); // deflate, no name, Unix
        Deflater deflater = new Deflater(6, true);
        try {
            deflater.setInput(data, 0, length);
            deflater.finish();
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                member.write(buffer, 0, n);
            }
        } finally {
            deflater.end();
        }
        CRC32 crc = new CRC32();
        crc.update(data, 0, length);
        writeIntLE(member, (int) crc.getValue());
        writeIntLE(member, length);
        return member.toByteArray();
    }

    @Override
    public byte[] decompress(byte[] member, int index) throws IOException {
        if (member.length < 18 || (member[0] & 0xff) != 0x1f || (member[1] & 0xff) != 0x8b || member[2] != 8 || member[3] != 0) {
            throw new IOException("gzip member " + index + " does not start with the header Ripcord writes");
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(member, 10, member.length - 18);
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
            byte[] buffer = new byte[1 << 16];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IOException("gzip member " + index + " is cut short");
                }
                out.write(buffer, 0, n);
            }
            byte[] data = out.toByteArray();
            CRC32 crc = new CRC32();
            crc.update(data);
            int t = member.length - 8;
            if (crc.getValue() != readIntLE(member, t) || (data.length & 0xffffffffL) != readIntLE(member, t + 4)) {
                throw new IOException("gzip member " + index + " fails its CRC-32 or length check");
            }
            return data;
        } catch (DataFormatException e) {
            throw new IOException("gzip member " + index + " is damaged: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static void writeIntLE(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    private static long readIntLE(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }
}
