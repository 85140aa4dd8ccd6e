package io.ripcord.stdlib.backup;

import io.ripcord.stdlib.repository.Repository;
import io.ripcord.stdlib.repository.RepositoryArgs;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A backup's {@code to:}: the one local directory it is written to, and the repositories it is then copied to, in
 * the order given. A backup is always written locally first (the copy is checked against it), so a list without a
 * directory, or with two, is refused before anything runs.
 */
record Destinations(Path local, String localText, List<Repository> remotes) {

    static Destinations of(VerbCall call, VerbContext context) {
        List<Repository> all = RepositoryArgs.many(call, "to");
        List<Repository> locals = all.stream().filter(r -> !r.remote()).toList();
        if (locals.size() != 1) {
            throw RepositoryArgs.invalid(call, call.verb() + " to: " + (locals.isEmpty()
                    ? "names no local directory; a backup is written locally first, then copied: to: ['/var/backups/app', '" + all.get(0) + "']"
                    : "names " + locals.size() + " local directories; give one, and copy to the others with copy"));
        }
        List<Repository> remotes = new ArrayList<>(all);
        remotes.removeAll(locals);
        String text = locals.get(0).url().root();
        return new Destinations(Args.path(context, text), text, List.copyOf(remotes));
    }
}
