package io.ripcord.stdlib.docker;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.ripcord.verb.VerbFailure;

/** Looking images up on the engine; a missing image is a failure that says how to get it (there may be no registry). */
final class Images {

    private Images() {
    }

    static InspectImageResponse inspect(DockerEngine engine, String reference) throws VerbFailure, InterruptedException {
        try {
            return engine.call("inspect image " + reference, client -> client.inspectImageCmd(reference).exec());
        } catch (NotFoundException e) {
            throw new VerbFailure("image '" + reference + "' does not exist on the Docker Engine at " + engine.endpoint(),
                    "build, load (restore a saved image) or tag it first; `docker images` lists what is there");
        }
    }

    static String idOf(DockerEngine engine, String reference) throws VerbFailure, InterruptedException {
        return inspect(engine, reference).getId();
    }

    /** Whether the image exists; for plans, which must not fail on it. */
    static String idOrNull(DockerEngine engine, String reference) throws VerbFailure, InterruptedException {
        try {
            return engine.call("inspect image " + reference, client -> client.inspectImageCmd(reference).exec()).getId();
        } catch (NotFoundException e) {
            return null;
        }
    }

    /**
     * How a container should name the image it runs: an image given by id ({@code previous(app)}) is named by one of
     * its tags when it has one (a plain tag before a -ripcord-previous one), so `docker ps` shows "app:v1", not a digest.
     */
    static String friendlyReference(DockerEngine engine, String reference) throws VerbFailure, InterruptedException {
        if (!reference.startsWith("sha256:")) {
            return reference;
        }
        java.util.List<String> tags = inspect(engine, reference).getRepoTags();
        if (tags == null) {
            return reference;
        }
        return tags.stream().filter(t -> !t.startsWith("<none>")).sorted(java.util.Comparator.comparing((String t) -> t.endsWith("-ripcord-previous")))
                .findFirst().orElse(reference);
    }

    /** "app:v2" → ["app", "v2"]; "registry:5000/app" → [registry:5000/app, latest]. */
    static String[] repositoryAndTag(String reference) {
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        if (colon > slash) {
            return new String[]{reference.substring(0, colon), reference.substring(colon + 1)};
        }
        return new String[]{reference, "latest"};
    }
}
