package io.ripcord.stdlib.docker;

import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.ripcord.problem.ProblemCode;
import io.ripcord.stdlib.backup.BackupTarget;
import io.ripcord.stdlib.backup.TargetReference;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code volume('app_data')}: a Docker named volume, backed up and restored as the directory the Engine mounts it
 * from (its mountpoint, asked of the Engine each time, never guessed), identified by its name so its backups follow
 * the volume, not the path. Only an Engine on this machine has mountpoints Ripcord can read.
 */
public record VolumeTarget(String name) implements TargetReference {

    @Override
    public BackupTarget resolve(VerbContext context) throws VerbFailure, InterruptedException {
        try (DockerEngine engine = DockerEngine.connect(context)) {
            if (!engine.endpoint().local()) {
                throw new VerbFailure(ProblemCode.INVALID_ARGUMENT, "volume " + name + ": the Docker Engine at " + engine.endpoint()
                        + " is on another machine, whose volumes are not on this disk", "run Ripcord on the engine's machine");
            }
            InspectVolumeResponse volume;
            try {
                volume = engine.call("looking up volume " + name, c -> c.inspectVolumeCmd(name).exec());
            } catch (NotFoundException e) {
                throw new VerbFailure(ProblemCode.TARGET_MISSING, "volume " + name + " does not exist on the Docker Engine at " + engine.endpoint(),
                        "check the name (`docker volume ls`); a Compose volume is named PROJECT_VOLUME");
            }
            if (volume.getMountpoint() == null || !Files.isDirectory(Path.of(volume.getMountpoint()))) {
                throw new VerbFailure(ProblemCode.TARGET_MISSING, "volume " + name + " has no mountpoint on this machine (driver "
                        + volume.getDriver() + ")", "back up what its driver stores elsewhere, or run Ripcord where the data is");
            }
            return new BackupTarget.Dir(Path.of(volume.getMountpoint()), name);
        }
    }

    @Override
    public Object journalValue() {
        return "volume:" + name;
    }

    @Override
    public String toString() {
        return "volume " + name;
    }
}
