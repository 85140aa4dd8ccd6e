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
