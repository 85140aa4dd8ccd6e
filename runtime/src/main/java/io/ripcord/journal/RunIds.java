package io.ripcord.journal;

import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Run ids an operator can read and type: when it started (UTC) and four random hex digits, {@code 20261121-054912-7f3a}. */
public final class RunIds {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    public static String next() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(FORMAT) + "-" + String.format("%04x", RANDOM.nextInt(0x10000));
    }

    /** A lease's fencing token: unguessable, never reused. */
    static String token() {
        return java.util.UUID.randomUUID().toString();
    }
}
