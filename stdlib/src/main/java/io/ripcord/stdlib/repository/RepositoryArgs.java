package io.ripcord.stdlib.repository;

import io.ripcord.repository.RepositoryUrl;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.verb.VerbCall;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code to:} and {@code from:} read as repositories: a directory or URL as a string, an {@code s3(...)} value, or
 * (where a verb writes several copies) a list of them. What no store can open is refused here, before anything runs,
 * as {@link ProblemCode#INVALID_REPOSITORY}.
 */
public final class RepositoryArgs {

    private RepositoryArgs() {
    }

    public static Repository one(VerbCall call, String arg) {
        return of(call, arg, call.value(arg));
    }

    /** One repository or a list of them, in the order given. */
    public static List<Repository> many(VerbCall call, String arg) {
        Object value = call.value(arg);
        List<Repository> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                throw invalid(call, call.verb() + " " + arg + ": [] names no repository");
            }
            for (Object item : list) {
                out.add(of(call, arg, item));
            }
        } else {
            out.add(of(call, arg, value));
        }
        return out;
    }

    private static Repository of(VerbCall call, String arg, Object value) {
        Repository repository;
        if (value instanceof Repository r) {
            repository = r;
        } else if (value instanceof CharSequence text) {
            try {
                repository = Repository.of(text.toString());
            } catch (RepositoryUrl.Invalid e) {
                throw invalid(call, call.verb() + " " + arg + ": " + e.getMessage());
            }
        } else {
            throw invalid(call, call.verb() + " " + arg + ": a repository is a directory, a URL or s3(...), got "
                    + (value == null ? "nothing" : value + " (" + value.getClass().getSimpleName() + ")"));
        }
        String unsupported = Repositories.unsupported(repository);
        if (unsupported != null) {
            throw invalid(call, call.verb() + " " + arg + ": " + unsupported);
        }
        return repository;
    }

    public static RunbookException invalid(VerbCall call, String message) {
        return new RunbookException(Problem.of(ProblemCode.INVALID_REPOSITORY, message, call.location())
                .withNext(RepositoryUrl.NEXT + "; see `ripcord help " + call.verb() + "`"));
    }
}
