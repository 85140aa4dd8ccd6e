package io.ripcord.stdlib.backup;

import io.ripcord.plan.ActionKind;
import io.ripcord.plan.Deferred;
import io.ripcord.plan.PlannedAction;
import io.ripcord.verb.ArgType;
import io.ripcord.verb.Verb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;
import io.ripcord.verb.VerbSpec;

import io.ripcord.catalog.CatalogEntry;

import io.ripcord.units.Percent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code verify lastBackup(db), query: "SELECT COUNT(*) FROM users", expect: { it > 0 }}: fails the step on any doubt. */
public final class VerifyVerb implements Verb {

    /** expect: is what query:'s first value must be: without a query there is nothing for it to check. */
    static final io.ripcord.verb.CallRule.Violation EXPECT_WITHOUT_QUERY = new io.ripcord.verb.CallRule.Violation(
            io.ripcord.problem.ProblemCode.INVALID_ARGUMENT, "expect", "verify expect: checks the first value of query:, and no query: is given",
            "add query: 'SELECT ...' (its first value is what expect: checks), or leave expect: out");

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
            .optional("manifestKey", ArgType.STRING, "this home's key", "the key a backup from elsewhere was sealed with: secret('NAME')")
            .optional("trust", ArgType.STRING, "'catalog'", "'manifest': check a backup the catalog does not know against its unsealed manifest")
            .optional("identity", ArgType.STRING, "none", "an encrypted copy's age identity, the key file's text: secret('AGE_KEY');"
                    + " without it verify checks the ciphertext's SHA-256 only")
            .optional("readData", ArgType.PERCENT, "100.percent", "a copy in a repository: the share of it read by this verify"
                    + " (10.percent: the next tenth, rotating, so ten verifies read every byte; checked against the chunk"
                    + " digests recorded when it was copied, recorded as a partial verify); 100.percent reads and checks it whole")
            .rule((given, literals) -> given.contains("expect") && !given.contains("query") ? java.util.Optional.of(EXPECT_WITHOUT_QUERY)
                    : java.util.Optional.empty())
            .returns(Verifier.Verification.class, "what was checked")
            .example("verify lastBackup(sqlite('/app/data/db.sqlite')), query: \"SELECT COUNT(*) FROM users WHERE role = 'Admin'\", expect: { it > 0 }")
            .build();

    @Override
    public VerbSpec spec() {
        return SPEC;
    }

    /** Lists what verify will really check for this kind of backup; a backup made by the run is named by its target. */
    @Override
    public PlannedAction plan(VerbCall call, VerbContext context) {
        Object backup = call.value("backup");
        BackupTarget source = backup instanceof Artifact a ? a.source() : backup instanceof Deferred d ? madeFrom(d) : null;
        PlannedAction action = PlannedAction.of(ActionKind.CHECK, "verify " + backup)
                .detail("checks", String.join(", ", Verifier.plannedChecks(source, options(call))));
        Percent share = readData(call);
        PlannedAction planned = share == null ? action : action.detail("readData", share + " of a copy in a repository, rotating: every byte"
                + " after " + (int) Math.ceil(100 / share.value().doubleValue() - 1e-9) + " verifies (a local backup is read whole)");
        return backup instanceof Artifact a ? Offsite.plannedFetch(a, context).map(how -> planned.detail("fetch", how)).orElse(planned) : planned;
    }

    /** The target of the backup, lastBackup or backups call a deferred backup comes from, if it names one. */
    private static BackupTarget madeFrom(Deferred backup) {
        return backup.origin().map(call -> call.value("target")).filter(BackupTarget.class::isInstance)
                .map(BackupTarget.class::cast).orElse(null);
    }

    /**
     * Matches the catalog first, then verifies; the outcome is recorded on the catalog entry with the checks that ran
     * (a restore applies them again). A failed verify stays recorded: a later pass does not make the artifact
     * restorable, because the content it failed on is the same content.
     */
    @Override
    public Object apply(VerbCall call, VerbContext context) throws VerbFailure {
        Percent share = readData(call); // before anything is read: readData: 0 is refused as it is
        Artifact given = Args.artifact(call, "backup");
        if (share != null) {
            Optional<io.ripcord.stdlib.repository.Repository> from = Offsite.origin(given.file(), context);
            if (from.isEmpty()) {
                context.output().info("readData: " + share + " applies to a copy in a repository; " + given.id() + " is local: reading it whole");
            } else {
                try {
                    Optional<Verifier.Verification> subset = SubsetRead.verify(given, from.get(), share, Args.trust(call), context);
                    if (subset.isPresent()) {
                        return subset.get();
                    }
                } catch (VerbFailure e) {
                    Offsite.recordCopyVerify(given, false, context); // the copy's failure: the local backup is not its bytes
                    throw e;
                }
            }
        }
        // a copy in a repository is read back whole: streamed and hashed (a truncated or replaced object fails here),
        // then decompressed and checked as a local one
        boolean plain;
        try {
            plain = Offsite.fetch(given, call.string("identity", null), context);
        } catch (VerbFailure e) {
            // the object read back is not the backup's bytes: that copy failed, not the backup (the local one, if any,
            // restores as before); a wrong identity or a store that does not answer says nothing of either
            if (Verifier.isVerdict(e)) {
                Offsite.recordCopyVerify(given, false, context);
            }
            throw e;
        }
        if (!plain) {
            // an encrypted copy read without its identity: every byte of the object checked, its content not
            Offsite.recordCopyVerify(given, true, context);
            return new Verifier.Verification(given.id(), List.of("the encrypted copy's size and SHA-256 (not decrypted: no identity: given)"));
        }
        try {
            Object verified = verifyLocal(call, context, given);
            Offsite.recordCopyVerify(given, true, context);
            return verified;
        } catch (VerbFailure e) {
            if (Verifier.isVerdict(e)) {
                Offsite.recordCopyVerify(given, false, context);
            }
            throw e;
        } finally {
            Offsite.discardFetched(given, context);
        }
    }

    private Object verifyLocal(VerbCall call, VerbContext context, Artifact given) throws VerbFailure {
        Verifier.Options options = options(call, context);
        CatalogMatch.Matched matched;
        try {
            matched = CatalogMatch.match(given, Args.trust(call), context);
        } catch (VerbFailure e) {
            record(context, given.id(), options, null, e.getMessage());
            throw e;
        }
        Verifier.Verification result;
        try {
            result = Verifier.verify(matched.artifact(), options, null, Args.expectation(matched, context));
        } catch (VerbFailure e) {
            if (Verifier.isVerdict(e)) { // a scratch database the server refuses says nothing of the backup
                record(context, given.id(), options, null, e.getMessage());
            }
            throw e;
        }
        CatalogEntry entry = matched.entry();
        if (entry != null && entry.failedVerify()) {
            context.output().warn(given.id() + " passed these checks, but failed verify at " + entry.verification().at() + " ("
                    + entry.verification().failure() + "); it stays refused for restore");
        } else {
            record(context, given.id(), options, result.queryValue(), null);
        }
        result.checks().forEach(check -> context.output().info("ok: " + check));
        return new Verifier.Verification(result.artifact(), result.checks());
    }

    private static void record(VerbContext context, String id, Verifier.Options options, Object queryValue, String failure) {
        if (failure != null && Thread.currentThread().isInterrupted()) {
            return; // a verify stopped by a signal judged nothing: a failed verify would stick to a good backup
        }
        context.catalog().recordVerification(id, new CatalogEntry.Verification(failure == null, Instant.now(),
                RecordedChecks.json(options, queryValue), failure));
    }

    /** readData: as given, when it is less than all of it; null for a whole read (not given, or 100%). 0% is refused. */
    static Percent readData(VerbCall call) {
        if (!call.has("readData")) {
            return null;
        }
        Percent share = (Percent) call.value("readData");
        if (share.value().signum() == 0) {
            throw Args.invalid(call, "verify readData: 0% reads nothing; give the share of the copy each verify reads, like 10.percent");
        }
        return share.value().compareTo(java.math.BigDecimal.valueOf(100)) >= 0 ? null : share;
    }

    static Verifier.Options options(VerbCall call) {
        if (call.has("expect") && !call.has("query")) { // check refuses it when the file shows it; a computed key is caught here
            throw Args.invalid(call, EXPECT_WITHOUT_QUERY.message() + "; " + EXPECT_WITHOUT_QUERY.next());
        }
        return new Verifier.Options(call.flag("integrity", true), call.flag("quick", false), call.size("minSize", null),
                call.string("query", null), call.value("expect"), call.flag("restoreTest", false));
    }

    /** The same, with a closure's source text kept for the failure message. */
    static Verifier.Options options(VerbCall call, VerbContext context) {
        Verifier.Options o = options(call);
        return new Verifier.Options(o.integrity(), o.quick(), o.minSize(), o.query(), ExpectationText.of(call, context), o.restoreTest());
    }
}
