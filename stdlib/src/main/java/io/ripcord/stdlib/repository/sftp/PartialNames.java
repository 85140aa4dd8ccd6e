package io.ripcord.stdlib.repository.sftp;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The temporary name an upload is written under before it is committed: {@code .NAME.ripcord-partial~HOST~PID~RAND}
 * beside its final name. Hidden (a leading dot) and never listed; the writer's host and pid in it let the next run
 * tell a dead writer's leftover from a live upload.
 */
final class PartialNames {

    static final String MARK = ".ripcord-partial~";

    record Writer(String host, long pid) {
    }

    private PartialNames() {
    }

    static String forName(String name, String host, long pid) {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return "." + name + MARK + host.replace('~', '-') + "~" + pid + "~" + HexFormat.of().formatHex(random);
    }

    static boolean isPartial(String fileName) {
        return fileName.startsWith(".") && fileName.contains(MARK);
    }

    static Optional<Writer> writer(String fileName) {
        if (!isPartial(fileName)) {
            return Optional.empty();
        }
        String[] parts = fileName.substring(fileName.lastIndexOf(MARK) + MARK.length()).split("~");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Writer(parts[0], Long.parseLong(parts[1])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
