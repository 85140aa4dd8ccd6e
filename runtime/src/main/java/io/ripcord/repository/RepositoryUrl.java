package io.ripcord.repository;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a repository is, as {@code to:}/{@code from:} name it: a local directory, {@code s3://BUCKET[/PREFIX]} or
 * {@code sftp://USER@HOST[:PORT]/PATH}. Anything else with a scheme, and a local path that only looks like a URL
 * ({@code s3:/x}, which would otherwise become the directory {@code ./s3:/x}), is refused before anything runs.
 */
public record RepositoryUrl(Kind kind, String text, String host, String root) {

    public enum Kind { LOCAL, S3, SFTP }

    /** What to do about a refused one: said the same by check and by a run. */
    public static final String NEXT = "a repository is a directory, s3://BUCKET/PREFIX or sftp://USER@HOST/PATH (write ./NAME for a"
            + " local directory whose name has a ':')";

    /** A scheme at the start ({@code xyz:} followed by a slash): a URL, or a mistyped one. */
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):/.*");
    /** What S3 allows in a bucket name (3–63 of lower-case letters, digits, '.', '-'). */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** Thrown for a URL no store reads; the message says what was wrong and what is accepted. */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }
    }

    public static RepositoryUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new Invalid("a repository needs a place: a directory, s3://BUCKET/PREFIX or sftp://USER@HOST/PATH");
        }
        var scheme = SCHEME.matcher(text);
        if (!scheme.matches()) {
            return new RepositoryUrl(Kind.LOCAL, text, null, text);
        }
        String name = scheme.group(1).toLowerCase(Locale.ROOT);
        if (!text.startsWith(scheme.group(1) + "://")) {
            throw new Invalid("'" + text + "' looks like a URL with one slash; a local directory with a ':' in its first name is"
                    + " refused too (write ./" + text + " if you mean it), and a repository URL is " + name + "://…");
        }
        return switch (name) {
            case "s3" -> s3(text);
            case "sftp" -> sftp(text);
            case "file" -> new RepositoryUrl(Kind.LOCAL, text, null, Path.of(URI.create(text)).toString());
            default -> throw new Invalid("'" + text + "': no repository speaks " + name + "://; use a directory, s3://BUCKET/PREFIX"
                    + " or sftp://USER@HOST/PATH");
        };
    }

    private static RepositoryUrl s3(String text) {
        String rest = text.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("/+$", "");
        if (!BUCKET.matcher(bucket).matches()) {
            throw new Invalid("'" + text + "': '" + bucket + "' is not an S3 bucket name (3 to 63 lower-case letters, digits, '.' and '-')");
        }
        if (prefix.contains("//") || prefix.contains("..")) {
            throw new Invalid("'" + text + "': the prefix '" + prefix + "' has an empty or '..' part");
        }
        return new RepositoryUrl(Kind.S3, "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix), bucket, prefix);
    }

    private static RepositoryUrl sftp(String text) {
        try {
            URI uri = new URI(text);
            if (uri.getHost() == null || uri.getUserInfo() == null || uri.getPath() == null || uri.getPath().isEmpty()) {
                throw new Invalid("'" + text + "': an SFTP repository is sftp://USER@HOST[:PORT]/PATH");
            }
            if (uri.getUserInfo().contains(":")) {
                throw new Invalid("'" + text + "': no password in the URL; give identity: secret('NAME') or use the SSH agent");
            }
            return new RepositoryUrl(Kind.SFTP, text, uri.getHost(), uri.getPath());
        } catch (URISyntaxException e) {
            throw new Invalid("'" + text + "' is not a URL: " + e.getReason());
        }
    }

    public boolean remote() {
        return kind != Kind.LOCAL;
    }

    /** S3's bucket. */
    public String bucket() {
        return kind == Kind.S3 ? host : null;
    }

    @Override
    public String toString() {
        return text;
    }
}
