package io.ripcord.stdlib.backup;

import io.ripcord.RipcordVersion;
import io.ripcord.files.AtomicFile;
import io.ripcord.units.Counted;
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
import java.util.List;
import java.util.Map;

/**
 * Writes one artifact of a target into a directory: the consistent snapshot (SQLite), archive (directory) or copy
 * (file), compressed, hashed in the same pass, written atomically, then its manifest. Used by {@code backup} and by
 * {@code restore} for its safety copy, so both are the same kind of artifact.
 */
public final class BackupWriter {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private BackupWriter() {
    }

    /** {@code frames}: the compressed length of each gzip member or zstd frame, in order (null when stored as is). */
    record Written(long size, String sha256, TreeArchive.Contents contents, java.util.List<Long> frames) {
        Written(long size, String sha256, TreeArchive.Contents contents) {
            this(size, sha256, contents, null);
        }
    }

    /** A full backup: what {@code restore} takes as its safety copy ({@code safetyCopy} true) before it replaces anything. */
    public static Artifact write(BackupTarget target, Path dir, Compression compression, boolean safetyCopy, VerbContext context)
            throws IOException, SQLException, io.ripcord.verb.VerbFailure {
        return write(target, dir, compression, safetyCopy, Options.WHOLE, context);
    }

    /**
     * How a backup call shapes its artifact: {@code incremental} (directories) takes only what changed since the newest
     * full backup; {@code dump} is a server's dump options; {@code manifestKey} seals the manifest instead of this
     * home's key; {@code selection} leaves out what {@code exclude:} names (directories); {@code quiesced} names the
     * services stopped for the copy (the manifest records them).
     */
    record Options(boolean incremental, ServerTarget.DumpOptions dump, String manifestKey, TreeSelection selection, List<String> quiesced) {
        static final Options WHOLE = new Options(false, ServerTarget.DumpOptions.DEFAULT, null, TreeSelection.ALL, List.of());
    }

    /**
     * {@code incremental} (directories): only the files that changed since the newest full backup in {@code dir}, plus
     * every directory and symlink and the list of what was deleted; restoring it restores that full backup first.
     * The manifest is sealed with {@code manifestKey} (a secret's value) when given, else with this home's key.
     */
    static Artifact write(BackupTarget target, Path dir, Compression compression, boolean safetyCopy, Options options,
                          VerbContext context) throws IOException, SQLException, io.ripcord.verb.VerbFailure {
        ServerTarget.DumpOptions dumpOptions = options.dump();
        Files.createDirectories(dir);
        int leftovers = AtomicFile.removeLeftovers(dir);
        if (leftovers > 0) {
            context.output().info("removed " + leftovers + " temporary file(s) an interrupted backup left in " + dir);
        }
        Instant created = Instant.now();
        String id = target.stem() + "-" + STAMP.format(created) + "-" + String.format("%04x", RANDOM.nextInt(0x10000))
                + (safetyCopy ? "-safety" : "");
        String extension = target instanceof ServerTarget server ? server.extension(dumpOptions) : target.extension();
        Path file = dir.resolve(id + extension + compression.suffix());
        // until the manifest is written, a sweep after this process died deletes what it wrote under the id
        Path pending = markPending(dir, id);
        try {
            Written written;
            Map<String, Object> extra = new LinkedHashMap<>();
            ServerTarget.Dump dump = null;
            if (target instanceof ServerTarget server) {
                Path temp = AtomicFile.tempFor(file);
                try {
                    dump = server.dump(temp, file, id, compression, dumpOptions, context);
                    written = writeDump(dump, temp, file, compression, context);
                } finally {
                    AtomicFile.deleteTree(temp);
                }
            } else if (target instanceof BackupTarget.Sqlite sqlite) {
                written = writeSqlite(sqlite, dir, file, compression, context);
            } else if (target instanceof BackupTarget.Dir tree) {
                written = writeTree(tree, dir, id, file, compression, options, extra, context);
            } else {
                written = writeFile((BackupTarget.File) target, file, compression, context);
            }
            Map<String, Object> manifest = manifest(id, target, file, written, compression, created, safetyCopy, dump, context);
            manifest.putAll(extra);
            if (!options.quiesced().isEmpty()) {
                manifest.put("quiesced", options.quiesced());
            }
            if (extra.get("incremental") instanceof Map<?, ?> inc) {
                manifest.put("restoreByHand", incrementalRestoreCommand((BackupTarget.PathTarget) target, dir.resolve((String) inc.get("baseFile")), file,
                        dir.resolve(id + Artifact.DELETED_SUFFIX), compression));
            }
            manifest = ManifestSeal.seal(manifest, ManifestSeal.sealing(context, options.manifestKey()));
            Artifact artifact = new Artifact(id, target, file, written.size(), written.sha256(), compression, created, manifest);
            CrashPoint.reach("backup: artifact renamed into place", context);
            artifact.writeManifest();
            AtomicFile.clearPending(pending);
            return artifact;
        } catch (IOException | SQLException | io.ripcord.verb.VerbFailure | RuntimeException e) {
            AtomicFile.abandonPending(pending);
            throw e;
        }
    }

    private static Written writeSqlite(BackupTarget.Sqlite target, Path dir, Path file, Compression compression, VerbContext context)
            throws IOException, SQLException {
        Path copy = AtomicFile.tempFor(dir.resolve(target.stem() + ".snapshot"));
        try {
            SqliteSnapshot.copy(target.path(), copy);
            return fromSnapshot(copy, file, compression, context);
        } finally {
            SqliteSnapshot.delete(copy);
        }
    }

    /** A server's dump, written beside the artifact: renamed into place (or archived, or compressed) like a snapshot. */
    private static Written writeDump(ServerTarget.Dump dump, Path temp, Path file, Compression compression, VerbContext context)
            throws IOException {
        if (dump.directory()) {
            Progress progress = new Progress(context.output(), "archived", TreeArchive.totalBytes(temp));
            return compressed(file, compression, out -> TreeArchive.write(temp, out, progress, context.output()));
        }
        // owner-only whatever the dumping program's umask was: a dump holds every row
        AtomicFile.makePrivate(temp);
        AtomicFile.fsync(temp);
        return fromSnapshot(temp, file, compression, context);
    }

    /** A complete copy beside its final name: hashed and renamed when stored as is, else compressed into the artifact. */
    private static Written fromSnapshot(Path copy, Path file, Compression compression, VerbContext context) throws IOException {
        if (compression == Compression.NONE) {
            Written written;
            try (io.ripcord.stdlib.storage.HashingInputStream in = new io.ripcord.stdlib.storage.HashingInputStream(Files.newInputStream(copy))) {
                in.drain();
                written = new Written(in.count(), in.sha256(), null);
            }
            AtomicFile.moveIntoPlace(copy, file);
            return written;
        }
        Progress progress = new Progress(context.output(), "compressed", Files.size(copy));
        return compressed(file, compression, out -> {
            try (InputStream in = Files.newInputStream(copy)) {
                copyWithProgress(in, out, progress);
            }
            return null;
        });
    }

    private static Written writeTree(BackupTarget.Dir target, Path dir, String id, Path file, Compression compression,
                                     Options options, Map<String, Object> extra, VerbContext context) throws IOException {
        java.util.List<Path> entries = options.selection().walk(target.path());
        TreeIndex now = TreeIndex.of(target.path(), entries);
        Artifact base = options.incremental() ? newestFull(dir, target) : null;
        if (options.incremental() && base == null) {
            context.output().info("no full backup of " + target + " in " + dir + " yet: this one is full");
        }
        TreeIndex then = base == null ? null : TreeIndex.read(TreeIndex.fileFor(base.file(), base.id()));
        TreeDatabases databases = TreeDatabases.find(target.path(), entries, dir);
        if (!databases.names().isEmpty()) {
            context.output().info("copying " + Counted.of(databases.names().size(), "SQLite database") + " in the tree through SQLite's backup API: "
                    + String.join(", ", databases.names()));
            extra.put("sqliteDatabases", databases.names());
        }
        if (options.selection().excludesAnything()) {
            extra.put("exclude", options.selection().patterns());
        }
        Progress progress = new Progress(context.output(), "archived", TreeArchive.totalBytes(entries));
        Written written = compressed(file, compression, out -> TreeArchive.write(target.path(), entries, databases, out, progress, context.output(),
                name -> then == null || now.changedSince(name, then)));
        now.write(TreeIndex.fileFor(file, id));
        extra.put("index", id + TreeIndex.SUFFIX);
        if (then != null) {
            java.util.List<String> deleted = now.deletedSince(then);
            AtomicFile.write(dir.resolve(id + Artifact.DELETED_SUFFIX), out -> {
                out.write((String.join("\n", deleted) + (deleted.isEmpty() ? "" : "\n")).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return null;
            });
            extra.put("incremental", Map.of("base", base.id(), "baseFile", base.file().getFileName().toString(),
                    "deleted", id + Artifact.DELETED_SUFFIX, "deletedCount", deleted.size()));
        }
        return written;
    }

    /** The newest full (not incremental, not safety) backup of the tree in dir whose index is there. */
    private static Artifact newestFull(Path dir, BackupTarget target) throws IOException {
        return Args.backupsIn(dir, target.id()).stream()
                .filter(a -> !a.incremental() && !a.safetyCopy() && Files.exists(TreeIndex.fileFor(a.file(), a.id())))
                .max(java.util.Comparator.comparing(Artifact::created)).orElse(null);
    }

    static String incrementalRestoreCommand(BackupTarget.PathTarget target, Path base, Path file, Path deleted, Compression compression) {
        String staged = ShellQuote.of(target.path() + ".restoring");
        return "mkdir " + staged + " && " + compression.catCommand + " " + ShellQuote.of(base) + " | tar -xpf - -C " + staged
                + " && " + compression.catCommand + " " + ShellQuote.of(file) + " | tar -xpf - -C " + staged
                + " && while IFS= read -r p; do rm -rf -- " + staged + "/\"$p\"; done < " + ShellQuote.of(deleted)
                + swapIn(target);
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
            OutputStream out = compression.compress(CloseShieldOutputStream.wrap(hashed));
            try (out) {
                contents = content.write(out);
            }
            java.util.List<Long> frames = out instanceof io.ripcord.stdlib.storage.ParallelFrameOutputStream f ? f.frameSizes() : null;
            return new Written(hashed.count(), hashed.sha256(), contents, frames);
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
                                                Instant created, boolean safetyCopy, ServerTarget.Dump dump, VerbContext context) {
        Map<String, Object> source = new LinkedHashMap<>(target.manifestSource());
        if (target instanceof BackupTarget.PathTarget p) {
            try {
                source.put("mode", ((Integer) Files.getAttribute(p.path(), "unix:mode")) & 07777);
                source.put("uid", Files.getAttribute(p.path(), "unix:uid"));
                source.put("gid", Files.getAttribute(p.path(), "unix:gid"));
            } catch (IOException | UnsupportedOperationException e) {
                // no POSIX attributes here: a restore keeps the defaults
            }
        }
        Map<String, Object> artifact = new LinkedHashMap<>();
        artifact.put("file", file.getFileName().toString());
        artifact.put("size", written.size());
        artifact.put("sha256", written.sha256());
        artifact.put("compression", compression.id());
        if (written.frames() != null) {
            artifact.put(compression.framesKey, written.frames()); // lets verify and restore decompress on every core
        }
        artifact.put("format", dump != null ? dump.format() : switch (target.kind()) {
            case "sqlite" -> "sqlite3 database";
            case "dir" -> "tar (POSIX/PAX)";
            default -> "the file as is";
        });
        if (dump != null && dump.directory()) {
            artifact.put("archive", "tar"); // the dump's directory, archived whole
        }
        Map<String, Object> tools = new LinkedHashMap<>();
        tools.put("ripcord", RipcordVersion.get());
        tools.put("java", Runtime.version().toString());
        if (target instanceof BackupTarget.Sqlite) {
            tools.put("sqlite", SqliteSnapshot.sqliteVersion());
        }
        if (dump != null) {
            tools.putAll(dump.tools());
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
            Map<String, Object> counted = new LinkedHashMap<>(Map.of("files", c.files(), "directories", c.directories(),
                    "symlinks", c.symlinks(), "bytes", c.bytes()));
            if (c.special() > 0) {
                counted.put("special", c.special()); // hard links, devices and FIFOs
            }
            m.put("contents", counted);
        }
        m.put("tools", tools);
        m.put("runbook", runbook);
        if (dump != null && !dump.sidecars().isEmpty()) {
            m.put("sidecars", dump.sidecars());
        }
        m.put("restoreByHand", dump != null ? dump.restoreByHand() : restoreCommand((BackupTarget.PathTarget) target, file, compression));
        return m;
    }

    /** The exact shell command that restores this artifact without Ripcord (stop the service first). */
    static String restoreCommand(BackupTarget.PathTarget target, Path file, Compression compression) {
        String art = ShellQuote.of(file);
        String dest = ShellQuote.of(target.path());
        String tmp = ShellQuote.of(target.path() + ".restoring");
        return switch (target.kind()) {
            case "sqlite" -> compression.catCommand + " " + art + " > " + tmp + " && sqlite3 " + tmp + " 'PRAGMA integrity_check'"
                    + " && rm -f " + ShellQuote.of(target.path() + "-wal") + " " + ShellQuote.of(target.path() + "-shm")
                    + " && mv " + tmp + " " + dest;
            case "dir" -> "mkdir " + tmp + " && " + compression.catCommand + " " + art + " | tar -xpf - -C " + tmp + swapIn(target);
            default -> compression.catCommand + " " + art + " > " + tmp + " && mv " + tmp + " " + dest;
        };
    }

    /**
     * The end of a tree's restore by hand: the tree unpacked beside it ({@code D.restoring}) takes its place, and what
     * was there is kept as {@code D.before-restore} — unpacking over it would leave every file the backup does not
     * hold. {@code mv -T} refuses to move into an existing {@code D.before-restore}, so nothing is ever overwritten.
     */
    private static String swapIn(BackupTarget.PathTarget target) {
        String dest = ShellQuote.of(target.path());
        return " && { [ ! -e " + dest + " ] || mv -T " + dest + " " + ShellQuote.of(target.path() + ".before-restore") + "; }"
                + " && mv -T " + ShellQuote.of(target.path() + ".restoring") + " " + dest;
    }

    /** The pending mark is the first file a backup writes: where it cannot be made, say so in the directory's terms. */
    private static Path markPending(Path dir, String id) throws IOException {
        try {
            return AtomicFile.markPending(dir, id);
        } catch (java.nio.file.AccessDeniedException | java.nio.file.ReadOnlyFileSystemException e) {
            throw new java.nio.file.AccessDeniedException(dir.toString(), null, "cannot create the backup there: the directory is not writable");
        } catch (java.nio.file.FileSystemException e) {
            if (String.valueOf(e.getReason()).contains("Read-only file system")) {
                throw new java.nio.file.AccessDeniedException(dir.toString(), null, "cannot create the backup there: the directory is not writable");
            }
            throw e;
        }
    }
}
