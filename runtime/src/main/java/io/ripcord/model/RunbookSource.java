package io.ripcord.model;

import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The text of a runbook file and how it is named in messages ({@code displayPath}: the path as the user typed it).
 * {@code sha256} is over the normalized text (LF line ends, no trailing blanks), so a CRLF checkout or an editor
 * stripping whitespace does not count as a change.
 */
public record RunbookSource(Path path, String displayPath, String text, String sha256) {

    public static RunbookSource read(Path path, String displayPath) {
        try {
            String text = Files.readString(path, StandardCharsets.UTF_8);
            return of(path, displayPath, text);
        } catch (IOException e) {
            throw new RunbookException(Problem.of(ProblemCode.FILE_NOT_READABLE,
                    "cannot read runbook " + displayPath + ": " + describe(e), null)
                    .withNext("check the path; `ripcord check FILE` takes a .groovy runbook file"));
        }
    }

    public static RunbookSource of(Path path, String displayPath, String text) {
        return new RunbookSource(path, displayPath, text, sha256(normalize(text)));
    }

    /** The file name alone, which Groovy uses as the script's source name in stack frames. */
    public String fileName() {
        return path.getFileName().toString();
    }

    public static String normalize(String text) {
        String lf = text.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder out = new StringBuilder(lf.length());
        for (String line : lf.split("\n", -1)) {
            out.append(line.stripTrailing()).append('\n');
        }
        return out.toString().strip() + "\n";
    }

    public static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    private static String describe(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
