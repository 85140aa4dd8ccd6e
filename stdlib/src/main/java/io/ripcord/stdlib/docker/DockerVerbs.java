package io.ripcord.stdlib.docker;

import io.ripcord.plan.ActionKind;
import io.ripcord.plan.PlannedAction;
import io.ripcord.stdlib.service.ServiceChange;
import io.ripcord.stdlib.service.ServiceState;
import io.ripcord.verb.ArgType;
import io.ripcord.verb.PastCall;
import io.ripcord.verb.ValueVerb;
import io.ripcord.verb.Verb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;
import io.ripcord.verb.VerbSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code container(name)}, {@code tagImage}, {@code previous(container)}. */
public final class DockerVerbs {

    private DockerVerbs() {
    }

    public static final class Container implements ValueVerb {
        private static final VerbSpec SPEC = VerbSpec.named("container")
                .summary("A Docker container by name: for stopService, startService, restartService, healthCheck and previous.")
                .positional("name").required("name", ArgType.STRING, "the container's name (docker ps -a)")
                .returns(ContainerTarget.class, "the target").example("def app = container 'workload-app'").build();

        @Override public VerbSpec spec() { return SPEC; }

        @Override
        public Object value(VerbCall call, VerbContext context) throws VerbFailure {
            String name = call.string("name", "");
            if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
                throw new VerbFailure("'" + name + "' is not a container name", "container names are letters, digits, _ . - (docker ps -a)");
            }
            return new ContainerTarget(name);
        }
    }

    public static final class Volume implements ValueVerb {
        private static final VerbSpec SPEC = VerbSpec.named("volume")
                .summary("A Docker named volume, to back up, verify and restore as the directory the Engine mounts it from.")
                .positional("name").required("name", ArgType.STRING, "the volume's name (docker volume ls; Compose names it PROJECT_VOLUME)")
                .returns(VolumeTarget.class, "the target, for backup, restore and lastBackup; asked of the Engine when used")
                .example("backup volume('shop_uploads'), to: '/var/backups/shop', keep: 7").build();

        @Override public VerbSpec spec() { return SPEC; }

        @Override
        public Object value(VerbCall call, VerbContext context) throws VerbFailure {
            String name = call.string("name", "");
            if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
                throw new VerbFailure("'" + name + "' is not a volume name", "volume names are letters, digits, _ . - (docker volume ls)");
            }
            return new VolumeTarget(name);
        }
    }

    public static final class Image implements ValueVerb {
        private static final VerbSpec SPEC = VerbSpec.named("image")
                .summary("A Docker image by name:tag, to back up (docker save) and restore (docker load) without a registry.")
                .positional("reference").required("reference", ArgType.STRING, "name:tag")
                .returns(ImageTarget.class, "the target, for backup, verify, restore and lastBackup")
                .example("backup image('workload-app:1.4.2'), to: '/var/backups/images', keep: 5").build();

        @Override public VerbSpec spec() { return SPEC; }

        @Override
        public Object value(VerbCall call, VerbContext context) throws VerbFailure {
            String reference = call.string("reference", "");
            if (reference.isBlank() || reference.contains(" ")) {
                throw new VerbFailure("'" + reference + "' is not an image name:tag");
            }
            return new ImageTarget(reference.contains(":") && reference.lastIndexOf(':') > reference.lastIndexOf('/') ? reference : reference + ":latest");
        }
    }

    public static final class Compose implements ValueVerb {
        private static final VerbSpec SPEC = VerbSpec.named("compose")
                .summary("A Docker Compose project (docker compose or docker-compose), whole or one service: for stopService (down, volumes kept),"
                        + " startService (up -d), restartService and healthCheck.")
                .positional("project", "service").required("project", ArgType.STRING, "the Compose project name (-p)")
                .optional("service", ArgType.STRING, "the whole project", "one service of the compose file; without it, every service:"
                        + " stopService is `down` (never -v: volumes and their data stay), startService is `up -d`, healthCheck wants every service running")
                .optional("file", ArgType.STRING, "docker-compose.yml", "the compose file")
                .returns(ComposeTarget.class, "the target").example("def shop = compose 'shop', file: '/srv/shop/docker-compose.yml'").build();

        @Override public VerbSpec spec() { return SPEC; }

        @Override
        public Object value(VerbCall call, VerbContext context) throws VerbFailure {
            String project = call.string("project", "");
            if (!project.matches("[a-z0-9][a-z0-9_-]*")) {
                throw new io.ripcord.problem.RunbookException(io.ripcord.problem.Problem.of(io.ripcord.problem.ProblemCode.INVALID_ARGUMENT,
                        "'" + project + "' is not a Compose project name", call.location()).withNext("project names are lower-case letters,"
                        + " digits, _ and - (docker ps -a --filter label=" + ComposeProjectTarget.PROJECT_LABEL + ")"));
            }
            java.nio.file.Path file = context.workingDirectory().resolve(call.string("file", "docker-compose.yml")).toAbsolutePath().normalize();
            return call.has("service") ? new ComposeTarget(project, call.string("service", ""), file) : new ComposeProjectTarget(project, file);
        }
    }

    /** What tagImage did: the tag, the image it points to now, and the one it pointed to before (null if new). */
    public record TagChange(String tag, String imageId, String previousImageId, String keptAs) {
    }

    public static final class TagImage implements Verb {
        private static final VerbSpec SPEC = VerbSpec.named("tagImage")
                .summary("Point a tag at an image (docker tag); the image the tag left keeps a NAME:TAG-ripcord-previous tag.")
                .positional("image").required("image", ArgType.ANY, "the image: name:tag, an id, or previous(container)")
                .required("as", ArgType.STRING, "the tag to point at it: name:tag")
                .returns(TagChange.class, "the change: tag, imageId, previousImageId, keptAs")
                .example("tagImage params.image, as: 'workload-app:latest'").build();

        @Override public VerbSpec spec() { return SPEC; }

        @Override
        public PlannedAction plan(VerbCall call, VerbContext context) {
            String source = String.valueOf(call.value("image"));
            String target = call.string("as", "");
            String summary = "tag " + source + " as " + target;
            if (io.ripcord.plan.Deferred.isIn(call.value("image"))) { // known only when the run gets there
                return PlannedAction.of(ActionKind.CHANGE, summary);
            }
            try (DockerEngine engine = DockerEngine.connect(context)) {
                String id = Images.idOrNull(engine, source);
                String now = Images.idOrNull(engine, target);
                PlannedAction action = PlannedAction.of(ActionKind.CHANGE, summary
                        + (id == null ? " — image " + source + " does not exist, tagImage will fail" : " (" + ServiceState.shortId(id) + ")"));
                return action.detail(target + " now", now == null ? "does not exist" : ServiceState.shortId(now)
                        + (now.equals(id) ? " (already this image: nothing to do)" : ", kept as " + keptTag(target)));
            } catch (VerbFailure e) {
                return PlannedAction.of(ActionKind.CHANGE, summary + " (cannot look now: " + e.getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return PlannedAction.of(ActionKind.CHANGE, summary);
            }
        }

        @Override
        public Object apply(VerbCall call, VerbContext context) throws Exception {
            String source = String.valueOf(call.value("image"));
            String target = call.string("as", "");
            try (DockerEngine engine = DockerEngine.connect(context)) {
                String id = Images.idOf(engine, source);
                String before = Images.idOrNull(engine, target);
                if (id.equals(before)) {
                    return new TagChange(target, id, before, null);
                }
                String kept = null;
                if (before != null) {
                    kept = keptTag(target);
                    tag(engine, before, kept);
                }
                tag(engine, id, target);
                context.output().info(target + " → " + ServiceState.shortId(id) + (before == null ? "" : " (was " + ServiceState.shortId(before) + ", kept as " + kept + ")"));
                return new TagChange(target, id, before, kept);
            }
        }

        private static void tag(DockerEngine engine, String imageId, String reference) throws VerbFailure, InterruptedException {
            String[] repoTag = Images.repositoryAndTag(reference);
            engine.call("tag " + reference, client -> {
                client.tagImageCmd(imageId, repoTag[0], repoTag[1]).withForce(true).exec();
                return null;
            });
        }

        static String keptTag(String reference) {
            String[] repoTag = Images.repositoryAndTag(reference);
            return repoTag[0] + ":" + repoTag[1] + "-ripcord-previous";
        }

        @Override
        public Object restore(Object data) {
            Map<?, ?> m = (Map<?, ?>) data;
            return new TagChange((String) m.get("tag"), (String) m.get("imageId"), (String) m.get("previousImageId"), (String) m.get("keptAs"));
        }
    }

    public static final class Previous implements ValueVerb {
        private static final VerbSpec SPEC = VerbSpec.named("previous")
                .summary("The image a container ran before this run changed it (what it runs now, if this run did not change it).")
                .positional("container").required("container", ArgType.ANY, "container('name')")
                .returns(ImageRef.class, "the image (its id), for tagImage and startService image:")
                .example("tagImage previous(container('workload-app')), as: 'workload-app:latest'").build();

        @Override public VerbSpec spec() { return SPEC; }

        @Override
        public boolean dependsOnRun() {
            return true;
        }

        @Override
        public Object value(VerbCall call, VerbContext context) throws Exception {
            if (!(call.value("container") instanceof ContainerTarget target)) {
                throw new VerbFailure("previous needs container('name'), got " + call.value("container"));
            }
            for (PastCall past : context.history()) {
                if (past.result() instanceof ServiceChange change && change.target().equals(target.describe())) {
                    Object id = change.kept() == null ? null : change.kept().get("previousImageId");
                    if (id != null) {
                        return new ImageRef((String) id, "what " + target.describe() + " ran before this run recreated it");
                    }
                }
            }
            // this run did not change the container: what it runs now is what it ran before (an older kept container
            // would be a guess, possibly several releases back)
            try (DockerEngine engine = DockerEngine.connect(context)) {
                var current = ContainerTarget.inspect(engine, target.name());
                if (current != null) {
                    return new ImageRef(current.getImageId(), "what " + target.describe() + " runs: this run did not change it");
                }
            }
            throw new VerbFailure("no previous image is known for " + target.describe() + ": this run did not change it and it does not exist",
                    "name the image to roll back to (tagImage 'app:v1', as: ...)");
        }

        @Override
        public Object journal(Object result) {
            ImageRef ref = (ImageRef) result;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", ref.id());
            m.put("origin", ref.origin());
            return m;
        }

        @Override
        public Object restore(Object data) {
            Map<?, ?> m = (Map<?, ?>) data;
            return new ImageRef((String) m.get("id"), (String) m.get("origin"));
        }
    }
}
