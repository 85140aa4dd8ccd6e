package io.ripcord.stdlib.backup;

import io.ripcord.RipcordVersion;
import io.ripcord.stdlib.storage.AtomicFile;
import io.ripcord.stdlib.storage.Compression;
import io.ripcord.stdlib.storage.HashingOutputStream;
import io.ripcord.stdlib.storage.Progress;
import io.ripcord.verb.VerbContext;
import org.apache.commons.io.output.CloseShieldOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one artifact of a target into a directory: the consistent snapshot (SQLite), archive (directory) or copy
 * (file), compressed, hashed in the same pass, written atomically, then its manifest. Used by {@code backup} and by
 * {@code restore} for its safety copy, so both are the same kind of artifact.
 */
final class BackupWriter {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private BackupWriter() {
    }

    record Written(long size, String sha256, TreeArchive.Contents contents) {
    }

    static Artifact write(BackupTarget target, Path dir, Compression compression, boolean safetyCopy, VerbContext context)
            throws IOException, SQLException {
        Files.createDirectories(dir);
        int leftovers = AtomicFile.removeLeftovers(dir);
        if (leftovers > 0) {
            context.output().info("removed " + leftovers + " temporary file(s) an interrupted backup left in " + dir);
        }
        Instant created = Instant.now();
        String id = target.stem() + "-" + STAMP.format(created) + "-" + String.format("%04x", RANDOM.nextInt(0x10000))
                + (safetyCopy ? "-safety" : "");
        Path file = dir.resolve(id + target.extension() + compression.suffix());
        Written written;
        if (target instanceof BackupTarget.Sqlite sqlite) {
            written = writeSqlite(sqlite, dir, file, compression, context);
        } else if (target instanceof BackupTarget.Dir tree) {
            written = writeTree(tree, file, compression, context);
        } else {
            written = writeFile((BackupTarget.File) target, file, compression, context);
        }
        Artifact artifact = new Artifact(id, target, file, written.size(), written.sha256(), compression, created,
                manifest(id, target, file, written, compression, created, safetyCopy, context));
        artifact.writeManifest();
        return artifact;
    }

    private static Written writeSqlite(BackupTarget.Sqlite target, Path dir, Path file, Compression compression, VerbContext context)
            throws IOException, SQLException {
        Path copy = AtomicFile.tempFor(dir.resolve(target.stem() + ".snapshot"));
        try {
            SqliteSnapshot.copy(target.path(), copy);
            Progress progress = new Progress(context.output(), "compressed", Files.size(copy));
            return compressed(file, compression, out -> {
                try (InputStream in = Files.newInputStream(copy)) {
                    copyWithProgress(in, out, progress);
                }
                return null;
            });
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private static Written writeTree(BackupTarget.Dir target, Path file, Compression compression, VerbContext context) throws IOException {
        Progress progress = new Progress(context.output(), "archived", TreeArchive.totalBytes(target.path()));
        return compressed(file, compression, out -> TreeArchive.write(target.path(), out, progress, context.output()));
    }

    private static Written writeFile(BackupTarget.File target, Path file, Compression compression, VerbContext context) throws IOException {
        Progress progress = new Progress(context.output(), "copied", Files.size(target.path()));
        return compressed(file, compression, out -> {
            try (InputStream in = Files.newInputStream(target.path())) {
                copyWithProgress(in, out, progress);
            }
            return null;
        });
    }

    private interface Content {
        TreeArchive.Contents write(OutputStream out) throws IOException;
    }

    private static Written compressed(Path file, Compression compression, Content content) throws IOException {
        return AtomicFile.write(file, raw -> {
            HashingOutputStream hashed = new HashingOutputStream(raw);
            TreeArchive.Contents contents;
            try (OutputStream out = compression.compress(CloseShieldOutputStream.wrap(hashed))) {
                contents = content.write(out);
            }
            return new Written(hashed.count(), hashed.sha256(), contents);
        });
    }

    static void copyWithProgress(InputStream in, OutputStream out, Progress progress) throws IOException {
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            progress.advance(n);
        }
    }

    private static Map<String, Object> manifest(String id, BackupTarget target, Path file, Written written, Compression compression,
                                                Instant created, boolean safetyCopy, VerbContext context) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("id", target.id());
        source.put("path", target.path().toString());
        Map<String, Object> artifact = new LinkedHashMap<>();
        artifact.put("file", file.getFileName().toString());
        artifact.put("size", written.size());
        artifact.put("sha256", written.sha256());
        artifact.put("compression", compression.id());
        artifact.put("format", switch (target.kind()) {
            case "sqlite" -> "sqlite3 database";
            case "dir" -> "tar (POSIX/PAX)";
            default -> "the file as is";
        });
        Map<String, Object> tools = new LinkedHashMap<>();
        tools.put("ripcord", RipcordVersion.get());
        tools.put("java", Runtime.version().toString());
        if (target instanceof BackupTarget.Sqlite) {
            tools.put("sqlite", SqliteSnapshot.sqliteVersion());
        }
        Map<String, Object> runbook = new LinkedHashMap<>();
        runbook.put("name", context.run().runbook());
        runbook.put("version", context.run().version());
        runbook.put("run", context.run().runId());
        runbook.put("step", context.step());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "ripcord-manifest/1");
        m.put("id", id);
        m.put("kind", target.kind());
        m.put("created", created.toString());
        m.put("safetyCopy", safetyCopy);
        m.put("source", source);
        m.put("artifact", artifact);
        if (written.contents() != null) {
            TreeArchive.Contents c = written.contents();
            m.put("contents", Map.of("files", c.files(), "directories", c.directories(), "symlinks", c.symlinks(), "bytes", c.bytes()));
        }
        m.put("tools", tools);
        m.put("runbook", runbook);
        m.put("restoreByHand", restoreCommand(target, file, compression));
        return m;
    }

    /** The exact shell command that restores this artifact without Ripcord (stop the service first). */
    static String restoreCommand(BackupTarget target, Path file, Compression compression) {
        String art = ShellQuote.of(file);
        String dest = ShellQuote.of(target.path());
        String tmp = ShellQuote.of(target.path() + ".restoring");
        return switch (target.kind()) {
            case "sqlite" -> compression.catCommand + " " + art + " > " + tmp + " && sqlite3 " + tmp + " 'PRAGMA integrity_check'"
                    + " && rm -f " + ShellQuote.of(target.path() + "-wal") + " " + ShellQuote.of(target.path() + "-shm")
                    + " && mv " + tmp + " " + dest;
            case "dir" -> "mkdir -p " + dest + " && " + compression.catCommand + " " + art + " | tar -xpf - -C " + dest;
            default -> compression.catCommand + " " + art + " > " + tmp + " && mv " + tmp + " " + dest;
        };
    }
}
