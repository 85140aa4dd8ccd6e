package io.ripcord.stdlib.backup;

import io.ripcord.stdlib.repository.Repository;
import io.ripcord.stdlib.repository.RepositoryArgs;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;

import io.ripcord.problem.ProblemCode;
import io.ripcord.repository.RepositoryUrl;
import io.ripcord.verb.CallRule;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A backup's {@code to:}: the one local directory it is written to, and the repositories it is then copied to, in
 * the order given. A backup is always written locally first (the copy is checked against it), so a list without a
 * directory, or with two, is refused before anything runs.
 */
record Destinations(Path local, String localText, List<Repository> remotes) {

    /**
     * Check's half, on a {@code to:} the file spells out (a string or a list of strings): the same refusals as
     * {@link #of} and as encrypt: without a repository, before anything runs.
     */
    static Optional<CallRule.Violation> literalRule(Set<String> given, Map<String, Object> literals) {
        Object to = literals.get("to");
        List<?> items = to instanceof List<?> list ? list : to == null ? List.of() : List.of(to);
        if (items.isEmpty() || !items.stream().allMatch(String.class::isInstance)) {
            return Optional.empty();
        }
        List<RepositoryUrl> urls = new ArrayList<>();
        for (Object item : items) {
            try {
                urls.add(RepositoryUrl.parse((String) item));
            } catch (RepositoryUrl.Invalid e) {
                return Optional.empty(); // check reports the URL itself
            }
        }
        long locals = urls.stream().filter(u -> !u.remote()).count();
        if (locals != 1) {
            return Optional.of(new CallRule.Violation(ProblemCode.INVALID_REPOSITORY, "to", "backup to: " + (locals == 0
                    ? "names no local directory; a backup is written locally first, then copied: to: ['/var/backups/app', '" + items.get(0) + "']"
                    : "names " + locals + " local directories; give one, and copy to the others with copy"), "see `ripcord help backup`"));
        }
        if (given.contains("encrypt") && urls.size() == 1) {
            return Optional.of(new CallRule.Violation(ProblemCode.INVALID_ARGUMENT, "encrypt", "backup encrypt: encrypts the copies in"
                    + " repositories, and to: names none (the local backup is never encrypted)", "add one: to: ['" + items.get(0)
                    + "', 's3://BUCKET/PREFIX'], or leave encrypt: out"));
        }
        return Optional.empty();
    }

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
