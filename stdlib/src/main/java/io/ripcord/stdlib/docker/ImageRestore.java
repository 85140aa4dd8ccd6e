package io.ripcord.stdlib.docker;

import com.github.dockerjava.api.model.Container;
import io.ripcord.files.AtomicFile;
import io.ripcord.stdlib.backup.Artifact;
import io.ripcord.stdlib.backup.RestoreVerb;
import io.ripcord.stdlib.backup.StagedRestore;
import io.ripcord.stdlib.backup.Verifier;
import io.ripcord.stdlib.service.ServiceState;
import io.ripcord.stdlib.storage.Compression;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Restore's stages for an image: stage: verify the {@code docker save} archive (decompressed beside it when it is
 * compressed); guard: what the tag names now and which running containers use it (they keep it until recreated);
 * safety: the image the tag names now keeps a tag of its own ({@code keptTag}); replace: {@code docker load};
 * sweep: the decompressed copy is deleted.
 */
final class ImageRestore implements StagedRestore {

    private final Artifact artifact;
    private final String reference;
    private final VerbContext context;
    private final Path staged;
    private DockerEngine engine;
    private String before;

    ImageRestore(Artifact artifact, String reference, VerbContext context) {
        this.artifact = artifact;
        this.reference = reference;
        this.context = context;
        this.staged = AtomicFile.tempFor(artifact.file().resolveSibling(artifact.id() + ".load"));
    }

    @Override
    public void stage() throws VerbFailure {
        try {
            Verifier.verify(artifact, Verifier.Options.FULL, artifact.compression() == Compression.NONE ? null : staged);
        } catch (VerbFailure e) {
            throw new VerbFailure("refusing to restore: " + e.getMessage() + "; no image was loaded", e.next());
        }
    }

    @Override
    public void guard() throws VerbFailure {
        engine = DockerEngine.connect(context, Duration.ofMinutes(30));
        before = engine(() -> Images.idOrNull(engine, reference));
        if (before == null) {
            return;
        }
        List<Container> running = engine(() -> engine.call("list containers of " + reference,
                client -> client.listContainersCmd().withAncestorFilter(List.of(before)).exec()));
        if (!running.isEmpty()) {
            context.output().info("running from " + reference + " now: " + String.join(", ", running.stream()
                    .map(c -> c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0].replaceFirst("^/", "")).toList())
                    + "; they keep the image they run until recreated");
        }
    }

    /** The image the tag names now keeps a tag of its own: no file, so null. */
    @Override
    public String safety() throws VerbFailure {
        if (before != null) {
            String[] repoTag = Images.repositoryAndTag(DockerVerbs.TagImage.keptTag(reference));
            engine(() -> engine.call("keep " + reference, client -> {
                client.tagImageCmd(before, repoTag[0], repoTag[1]).withForce(true).exec();
                return null;
            }));
        }
        return null;
    }

    @Override
    public RestoreVerb.Restored replace(String safety) throws VerbFailure, IOException {
        Path content = artifact.compression() == Compression.NONE ? artifact.file() : staged;
        try (InputStream in = Files.newInputStream(content)) {
            engine(() -> engine.call("docker load", client -> {
                client.loadImageCmd(in).exec();
                return null;
            }));
        }
        String after = engine(() -> Images.idOf(engine, reference));
        context.output().info("loaded " + reference + " (" + ServiceState.shortId(after) + ")"
                + (before == null || before.equals(after) ? "" : "; it was " + ServiceState.shortId(before) + ", kept as " + DockerVerbs.TagImage.keptTag(reference)));
        return new RestoreVerb.Restored(artifact.id(), "image " + reference, null, List.of(), artifact.created());
    }

    @Override
    public void sweep() throws IOException {
        if (engine != null) {
            engine.close();
        }
        Files.deleteIfExists(staged);
    }

    private interface EngineCall<T> {
        T call() throws VerbFailure, InterruptedException;
    }

    private <T> T engine(EngineCall<T> call) throws VerbFailure {
        try {
            return call.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VerbFailure("interrupted while loading " + reference, "restore it again; `docker images` shows what the engine has");
        }
    }
}
