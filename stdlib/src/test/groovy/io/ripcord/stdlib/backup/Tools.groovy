package io.ripcord.stdlib.backup

import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.Path
import java.security.MessageDigest

/** The standard tools, run for real, and tree comparison for restore specs. */
class Tools {

    /** Runs a shell command; returns [exit, stdout+stderr]. */
    static List sh(String command, Path dir = Path.of('.')) {
        def p = new ProcessBuilder('/bin/sh', '-c', command).directory(dir.toFile()).redirectErrorStream(true).start()
        String out = p.inputStream.text
        p.waitFor()
        [p.exitValue(), out]
    }

    static String sqlite(Path db, String sql) {
        def p = new ProcessBuilder('sqlite3', db.toString(), sql).redirectErrorStream(true).start()
        String out = p.inputStream.text
        p.waitFor()
        assert p.exitValue() == 0: out
        out.trim()
    }

    /** Path -> [type, mode, link target or content hash, mtime seconds] for every entry under root. */
    static Map<String, List> describeTree(Path root) {
        Map<String, List> out = new TreeMap<>()
        Files.walk(root).withCloseable { walk ->
            walk.filter { it != root }.forEach { p ->
                String rel = root.relativize(p).toString()
                int mode = (Files.getAttribute(p, 'unix:mode', LinkOption.NOFOLLOW_LINKS) as int) & 07777
                if (Files.isSymbolicLink(p)) {
                    out[rel] = ['link', Files.readSymbolicLink(p).toString()]
                } else if (Files.isDirectory(p)) {
                    out[rel] = ['dir', mode, Files.getLastModifiedTime(p).toMillis().intdiv(1000)]
                } else {
                    out[rel] = ['file', mode, MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(p)).encodeHex().toString(),
                                Files.getLastModifiedTime(p).toMillis().intdiv(1000)]
                }
            }
        }
        out
    }
}
