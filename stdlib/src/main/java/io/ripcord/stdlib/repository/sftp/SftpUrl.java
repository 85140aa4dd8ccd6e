package io.ripcord.stdlib.repository.sftp;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where an SFTP repository is: {@code sftp://USER@HOST[:PORT]/PATH}. The path is absolute on the server
 * ({@code sftp://backup@nas/srv/backups/app} is {@code /srv/backups/app}); {@code /~/backups} is relative to the
 * user's home directory. A password in the URL is refused: keys only, so no secret sits in a runbook's text.
 */
public record SftpUrl(String user, String host, int port, String path) {

    public static final int DEFAULT_PORT = 22;

    public static boolean isSftp(String text) {
        return text != null && text.startsWith("sftp://");
    }

    /** Parses the URL; the message of the IllegalArgumentException says what is wrong and the expected shape. */
    public static SftpUrl parse(String text) {
        String shape = " (expected sftp://USER@HOST[:PORT]/PATH, e.g. sftp://backup@backup.example.com/srv/backups/app)";
        if (!isSftp(text)) {
            throw new IllegalArgumentException("not an sftp:// URL: '" + text + "'" + shape);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid sftp:// URL: '" + text + "' (" + e.getReason() + ")" + shape);
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            throw new IllegalArgumentException("sftp:// URLs take no password (the URL ends up in logs and the"
                    + " journal): remove it and authenticate with a key (~/.ssh, or identity: secret('...'))");
        }
        if (userInfo == null || userInfo.isEmpty()) {
            throw new IllegalArgumentException("the sftp:// URL names no user: '" + text + "'" + shape);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("the sftp:// URL names no host: '" + text + "'" + shape);
        }
        String path = uri.getPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            throw new IllegalArgumentException("the sftp:// URL names no directory: '" + text + "'" + shape);
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("the sftp:// URL has a query or fragment: '" + text + "'" + shape);
        }
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.equals("/~")) {
            path = ".";
        } else if (path.startsWith("/~/")) {
            path = path.substring(3); // relative to the login directory
        }
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                throw new IllegalArgumentException("the sftp:// URL's path contains '..': '" + text + "'");
            }
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new SftpUrl(uri.getUserInfo(), host, uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), path);
    }

    /** The host as known_hosts names it: {@code host}, or {@code [host]:port} off port 22. */
    public String knownHostsName() {
        return port == DEFAULT_PORT ? host : "[" + host + "]:" + port; // OpenSSH writes IPv6 the same way
    }

    @Override
    public String toString() {
        String shownPath = path.startsWith("/") ? path : path.equals(".") ? "/~" : "/~/" + path;
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return "sftp://" + user + "@" + shownHost + (port == DEFAULT_PORT ? "" : ":" + port) + shownPath;
    }
}
