package io.ripcord.dsl;

import io.ripcord.RipcordVersion;
import io.ripcord.files.AtomicFile;
import io.ripcord.files.OwnedFiles;
import io.ripcord.model.RunbookSource;
import io.ripcord.verb.VerbRegistry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Compiled runbook classes on disk, so an unchanged runbook is not compiled again (compiling is most of a cold
 * {@code plan}). The key covers everything the bytes depend on: the file's exact text and name, Ripcord's and
 * Groovy's versions, the JVM's feature version (Groovy emits bytecode for the running JVM) and the verbs' names and
 * arguments (the checker's verdict and the renaming of Object-method verbs). Entries are written under a temporary
 * name and renamed, so concurrent runs never read half an entry; an entry that cannot be read is a miss, and so is
 * one that another user could have written (the directory is made owner-only; see OwnedFiles).
 */
public final class CompiledClassCache {

    private static final String MAGIC = "ripcord-classes/1";

    private final Path dir;

    public CompiledClassCache(Path dir) {
        this.dir = dir;
    }

    /** What one entry holds. */
    record Entry(String mainClass, Map<String, int[]> stepRanges, Map<String, byte[]> classes) {
    }

    static String key(RunbookSource source, VerbRegistry verbs) {
        StringBuilder fingerprint = new StringBuilder();
        // what the checker knows about each verb: a cached class skips the checks it was compiled with
        verbs.specs().forEach(spec -> fingerprint.append(spec.name()).append(spec.argNames()).append(spec.result()).append(';'));
        return RunbookSource.sha256(source.fileName() + "\0" + source.text() + "\0" + RipcordVersion.get() + "\0"
                + groovy.lang.GroovySystem.getVersion() + "\0" + Runtime.version().feature() + "\0" + fingerprint);
    }

    Optional<Entry> read(String key) {
        Path file;
        try {
            // classes are code: an entry someone else could have written, or whose directory they could swap, is
            // not loaded (compiled again instead)
            Path real = Files.isDirectory(dir) ? OwnedFiles.trustedDirectory(dir).orElse(null) : null;
            file = real == null ? null : real.resolve(key + ".classes");
            if (file == null || !Files.isRegularFile(file) || !OwnedFiles.ownedAndPrivate(file)) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            if (!MAGIC.equals(in.readUTF())) {
                return Optional.empty();
            }
            String main = in.readUTF();
            Map<String, int[]> ranges = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                ranges.put(in.readUTF(), new int[]{in.readInt(), in.readInt()});
            }
            Map<String, byte[]> classes = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String name = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                classes.put(name, bytes);
            }
            return Optional.of(new Entry(main, ranges, classes));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // torn or foreign: compile again and overwrite it
        }
    }

    void write(String key, Entry entry) {
        try {
            AtomicFile.createPrivateDirectory(dir);
            AtomicFile.removeLeftovers(dir); // temp entries of killed writers
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(MAGIC);
                out.writeUTF(entry.mainClass());
                out.writeInt(entry.stepRanges().size());
                for (Map.Entry<String, int[]> r : entry.stepRanges().entrySet()) {
                    out.writeUTF(r.getKey());
                    out.writeInt(r.getValue()[0]);
                    out.writeInt(r.getValue()[1]);
                }
                out.writeInt(entry.classes().size());
                for (Map.Entry<String, byte[]> c : entry.classes().entrySet()) {
                    out.writeUTF(c.getKey());
                    out.writeInt(c.getValue().length);
                    out.write(c.getValue());
                }
            }
            AtomicFile.write(dir.resolve(key + ".classes"), out -> {
                bytes.writeTo(out);
                return null;
            });
        } catch (IOException | RuntimeException e) {
            // a cache that cannot be written only costs speed
        }
    }

    /** Defines a runbook's classes from their bytes, in a loader of their own. */
    static final class RunbookClassLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        RunbookClassLoader(ClassLoader parent, Map<String, byte[]> classes) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
