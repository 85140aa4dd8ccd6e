package io.ripcord.stdlib.docker;

import com.github.dockerjava.api.command.InspectImageResponse;
import groovy.json.JsonSlurper;
import io.ripcord.plan.ActionKind;
import io.ripcord.plan.PlannedAction;
import io.ripcord.stdlib.backup.Artifact;
import io.ripcord.stdlib.backup.BackupTarget;
import io.ripcord.stdlib.backup.RestoreVerb;
import io.ripcord.stdlib.backup.ServerTarget;
import io.ripcord.stdlib.backup.StagedRestore;
import io.ripcord.stdlib.backup.Verifier;
import io.ripcord.stdlib.service.ServiceState;
import io.ripcord.files.AtomicFile;
import io.ripcord.stdlib.storage.Compression;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code image('workload-app:1.4.2')}: an image by name:tag, backed up with {@code docker save} and restored with
 * {@code docker load} through the engine, so a rollback does not depend on a registry. A restore that moves the tag
 * keeps the image it pointed to reachable as {@code name:tag-ripcord-previous}, as tagImage does.
 */
public record ImageTarget(String reference) implements ServerTarget {

    static final String KIND = "image";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String id() {
        return KIND + ":" + reference;
    }

    @Override
    public String stem() {
        return BackupTarget.fileSafe(reference.replace(':', '-').replace('/', '_'));
    }

    @Override
    public Compression defaultCompression() {
        return Compression.GZIP; // docker save writes layers uncompressed
    }

    @Override
    public String extension(DumpOptions options) {
        return ".tar";
    }

    @Override
    public Map<String, Object> manifestSource() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("id", id());
        source.put("reference", reference);
        return source;
    }

    @Override
    public String describeSource() {
        return "image " + reference;
    }

    @Override
    public Dump dump(Path temp, Path artifact, String id, Compression compression, DumpOptions options, VerbContext context)
            throws VerbFailure, IOException {
        try (DockerEngine engine = DockerEngine.connect(context, java.time.Duration.ofMinutes(30))) {
            InspectImageResponse image = Images.inspect(engine, reference);
            context.output().info("docker save " + reference + " (" + ServiceState.shortId(image.getId()) + ")");
            try (InputStream saved = engine.call("save " + reference, client -> client.saveImageCmd(reference).exec());
                 OutputStream out = AtomicFile.createPrivateFile(temp)) {
                saved.transferTo(out);
            }
            AtomicFile.fsync(temp);
            Map<String, Object> tools = new LinkedHashMap<>();
            tools.put("imageId", image.getId());
            tools.put("engine", engine.endpoint().toString());
            return new Dump(false, "docker save", tools, Map.of(),
                    (compression == Compression.NONE ? "" : compression.catCommand + " " + artifact.getFileName() + " | ")
                            + "docker load" + (compression == Compression.NONE ? " -i " + artifact.getFileName() : ""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VerbFailure("interrupted while saving " + reference, "nothing was cataloged; back it up again");
        }
    }

    @Override
    public Object verifyContent(Artifact artifact, Path content, Verifier.Options options, List<String> passed, List<String> failed) {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(content))) {
            Object manifest = null;
            int entries = 0;
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries++;
                if ("manifest.json".equals(entry.getName())) {
                    manifest = new JsonSlurper().parse(tar.readAllBytes());
                } else {
                    tar.transferTo(OutputStream.nullOutputStream()); // every layer read to its end
                }
            }
            if (!(manifest instanceof List<?> images) || images.isEmpty()) {
                failed.add("not a docker save archive: no manifest.json among its " + entries + " entries");
                return null;
            }
            boolean named = images.stream().anyMatch(m -> m instanceof Map<?, ?> mm && mm.get("RepoTags") instanceof List<?> tags
                    && tags.contains(reference));
            if (!named) {
                failed.add("the archive's manifest.json does not name " + reference);
                return null;
            }
            passed.add("docker save archive of " + reference + ": manifest.json and all " + entries + " entries read");
        } catch (IOException | RuntimeException e) {
            failed.add("the image archive cannot be read to its end: " + e.getMessage());
        }
        return null; // an image has no query:
    }

    @Override
    public List<String> plannedChecks(Verifier.Options options) {
        return List.of("docker save archive: manifest.json names " + reference + ", every layer read");
    }

    @Override
    public PlannedAction planRestore(Artifact artifact, Object to, VerbContext context) {
        PlannedAction action = PlannedAction.of(ActionKind.CHANGE, "verify " + artifact.id() + ", then docker load it as " + reference);
        try (DockerEngine engine = DockerEngine.connect(context)) {
            String now = Images.idOrNull(engine, reference);
            return action.detail(reference + " now", now == null ? "does not exist"
                    : ServiceState.shortId(now) + ", kept as " + DockerVerbs.TagImage.keptTag(reference) + " if the load moves it");
        } catch (VerbFailure e) {
            return action.detail("engine", "cannot look now: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return action;
        }
    }

    @Override
    public StagedRestore restoring(Artifact artifact, Object to, VerbContext context) throws VerbFailure {
        if (to != null) {
            throw new VerbFailure("restore of an image takes no to: (it is loaded as " + reference + ")", "tag it afterwards with tagImage");
        }
        return new ImageRestore(artifact, reference, context);
    }

    @Override
    public String toString() {
        return "image " + reference;
    }

    /** Rebuilds the target from a manifest. */
    public static final class FromManifest implements ServerTarget.Kind {
        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public ServerTarget fromManifest(Map<String, Object> source) {
            return new ImageTarget((String) source.get("reference"));
        }
    }
}
