package io.ripcord.stdlib.backup;

import io.ripcord.plan.ActionKind;
import io.ripcord.plan.PlannedAction;
import io.ripcord.stdlib.repository.Repository;
import io.ripcord.stdlib.repository.RepositoryArgs;
import io.ripcord.verb.ArgType;
import io.ripcord.verb.Verb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;
import io.ripcord.verb.VerbSpec;

/**
 * {@code copy lastBackup(db), to: 's3://acme-backups/app'}: ship a local backup offsite (3-2-1). The artifact is
 * matched against the catalog and re-hashed before a byte leaves, put with our checksums, its manifest last; the
 * catalog records the copy and where it is.
 */
public final class CopyVerb implements Verb {

    private static final VerbSpec SPEC = VerbSpec.named("copy")
            .summary("Copy a local backup to a repository (s3://…): checked against the catalog first, manifest last, the copy cataloged.")
            .positional("backup")
            .required("backup", ArgType.ANY, "the backup: what backup or lastBackup(target) returns")
            .required("to", ArgType.PLACE, "the repository: 's3://BUCKET/PREFIX', 'sftp://USER@HOST/PATH', s3(...) or sftp(...)")
            .optional("manifestKey", ArgType.STRING, "this home's key", "the key a backup from elsewhere was sealed with: secret('NAME')")
            .optional("encrypt", ArgType.RECIPIENT, "not encrypted", "encrypt the copy with age to this recipient (an age1… public key from age-keygen)"
                    + " or list of them")
            .returns(Artifact.class, "the backup, unchanged, for chaining")
            .example("copy lastBackup(sqlite('/app/data/db.sqlite')), to: 's3://acme-backups/app'")
            .build();

    @Override
    public VerbSpec spec() {
        return SPEC;
    }

    @Override
    public PlannedAction plan(VerbCall call, VerbContext context) {
        Repository to = destination(call);
        io.ripcord.stdlib.crypt.AgeEncryption encryption = EncryptedCopy.of(call);
        return PlannedAction.of(ActionKind.CREATE, "copy " + call.value("backup") + " to " + to
                        + (encryption == null ? "" : ", encrypted with age to " + encryption.recipients().size() + " recipient(s)"))
                .detail("checks", "size and SHA-256 against the catalog before upload; Content-MD5 and SHA-256 sent with it; manifest last");
    }

    @Override
    public Object apply(VerbCall call, VerbContext context) throws VerbFailure {
        Repository to = destination(call);
        io.ripcord.stdlib.crypt.AgeEncryption encryption = EncryptedCopy.of(call);
        Artifact given = Args.artifact(call, "backup");
        CatalogMatch.Matched matched = CatalogMatch.match(given, new CatalogMatch.Trust(call.string("manifestKey", null), false), context);
        Offsite.ship(matched.artifact(), to, encryption, call.string("manifestKey", null), context);
        return matched.artifact();
    }

    private static Repository destination(VerbCall call) {
        Repository to = RepositoryArgs.one(call, "to");
        if (!to.remote()) {
            throw RepositoryArgs.invalid(call, "copy to: '" + to + "' is a local directory; copy ships to a repository (s3://BUCKET/PREFIX)");
        }
        return to;
    }

    @Override
    public Object journal(Object result) {
        return ArtifactResults.journal((Artifact) result);
    }

    @Override
    public Object restore(Object data) {
        return ArtifactResults.restore(data);
    }
}
