package io.ripcord.stdlib.postgres;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The passwords {@code postgres(..., password: secret('X'))} was given in this process, by server and user. A
 * backup read back from its manifest (by lastBackup, or on resume) knows its server and user but never a password:
 * it finds it here, because evaluating the runbook again constructs the same target. Never written anywhere.
 */
final class PostgresLogins {

    private static final Map<String, String> PASSWORDS = new ConcurrentHashMap<>();

    private PostgresLogins() {
    }

    static void remember(String host, int port, String user, String password) {
        if (password != null) {
            PASSWORDS.put(key(host, port, user), password);
        }
    }

    static String find(String host, int port, String user) {
        return PASSWORDS.get(key(host, port, user));
    }

    private static String key(String host, int port, String user) {
        return user + "@" + host + ":" + port;
    }
}
