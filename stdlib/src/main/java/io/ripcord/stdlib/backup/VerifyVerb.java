package io.ripcord.stdlib.backup;

import io.ripcord.plan.ActionKind;
import io.ripcord.plan.PlannedAction;
import io.ripcord.verb.ArgType;
import io.ripcord.verb.Verb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;
import io.ripcord.verb.VerbSpec;

import java.util.ArrayList;
import java.util.List;

/** {@code verify lastBackup(db), query: "SELECT COUNT(*) FROM users", expect: { it > 0 }}: fails the step on any doubt. */
public final class VerifyVerb implements Verb {

    private static final VerbSpec SPEC = VerbSpec.named("verify")
            .summary("Verify a backup: size and SHA-256, the stream read to the end, SQLite checks, a full pg_restore read, SQL assertions on a scratch copy.")
            .positional("backup")
            .required("backup", ArgType.ANY, "the backup: what backup or lastBackup(target) returns")
            .optional("integrity", ArgType.BOOLEAN, "true", "SQLite: PRAGMA integrity_check and foreign_key_check")
            .optional("quick", ArgType.BOOLEAN, "false", "SQLite: quick_check instead of integrity_check (faster on big databases)")
            .optional("minSize", ArgType.SIZE, null, "the artifact file must be at least this big (1.KB)")
            .optional("query", ArgType.STRING, null, "a query run on a scratch copy of the backup (postgres: a test restore); its first value goes to expect")
            .optional("expect", ArgType.ANY, "a non-null result", "what the query must give: a value, or a closure ({ it > 0 })")
            .optional("restoreTest", ArgType.BOOLEAN, "false", "directories: extract into a scratch directory; postgres: restore into a scratch database, then drop it")
            .returns("what was checked")
            .example("verify lastBackup(sqlite('/app/data/db.sqlite')), query: \"SELECT COUNT(*) FROM users WHERE role = 'Admin'\", expect: { it > 0 }")
            .build();

    @Override
    public VerbSpec spec() {
        return SPEC;
    }

    @Override
    public PlannedAction plan(VerbCall call, VerbContext context) {
        Object backup = call.value("backup");
        List<String> checks = new ArrayList<>(List.of("size and sha256 against the manifest", "full read of the stream"));
        if (backup instanceof Artifact a && a.source() instanceof ServerTarget server) {
            checks.addAll(server.plannedChecks(options(call)));
            return PlannedAction.of(ActionKind.CHECK, "verify " + a).detail("checks", String.join(", ", checks));
        }
        if (call.flag("integrity", true)) checks.add("integrity_check + foreign_key_check (SQLite)");
        if (call.has("query")) checks.add("query " + call.string("query", ""));
        if (call.has("minSize")) checks.add("at least " + call.size("minSize", null));
        if (call.flag("restoreTest", false)) checks.add("restore test in a scratch directory");
        String what = backup instanceof Artifact a ? a.toString() : String.valueOf(backup);
        return PlannedAction.of(ActionKind.CHECK, "verify " + what).detail("checks", String.join(", ", checks));
    }

    @Override
    public Object apply(VerbCall call, VerbContext context) throws VerbFailure {
        Artifact artifact = Args.artifact(call, "backup");
        Verifier.Verification result = Verifier.verify(artifact, options(call, context));
        result.checks().forEach(check -> context.output().info("ok: " + check));
        return result;
    }

    static Verifier.Options options(VerbCall call) {
        return new Verifier.Options(call.flag("integrity", true), call.flag("quick", false), call.size("minSize", null),
                call.string("query", null), call.value("expect"), call.flag("restoreTest", false));
    }

    /** The same, with a closure's source text kept for the failure message. */
    static Verifier.Options options(VerbCall call, VerbContext context) {
        Verifier.Options o = options(call);
        return new Verifier.Options(o.integrity(), o.quick(), o.minSize(), o.query(), ExpectationText.of(call, context), o.restoreTest());
    }
}
