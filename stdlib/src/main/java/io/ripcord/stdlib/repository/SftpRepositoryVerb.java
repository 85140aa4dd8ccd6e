package io.ripcord.stdlib.repository;

import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.repository.RepositoryUrl;
import io.ripcord.verb.ArgType;
import io.ripcord.verb.ValueVerb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbSpec;

/**
 * {@code sftp 'sftp://backup@nas:2222/srv/backups', identity: secret('SSH_KEY')}: an SFTP repository reached with a
 * private key of its own (its text, from a secret: never in the URL, the journal or a command line), for
 * {@code to:}/{@code from:}/{@code copy}. Host keys are checked against known_hosts as for a bare URL.
 */
public final class SftpRepositoryVerb implements ValueVerb {

    private static final VerbSpec SPEC = VerbSpec.named("sftp")
            .summary("An SFTP repository (a directory on an SSH server) for to:/from:, with a private key of its own.")
            .positional("url")
            .required("url", ArgType.PLACE, "sftp://USER@HOST[:PORT]/PATH")
            .optional("identity", ArgType.STRING, "the SSH agent, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa",
                    "the private key's text (OpenSSH or PEM format), used alone: secret('SSH_KEY')")
            .returns(Repository.class, "the repository, for backup to:, copy to:, lastBackup from:")
            .example("def offsite = sftp 'sftp://backup@nas:2222/srv/backups', identity: secret('SSH_KEY')")
            .build();

    @Override
    public VerbSpec spec() {
        return SPEC;
    }

    @Override
    public Object value(VerbCall call, VerbContext context) {
        Repository parsed = RepositoryArgs.one(call, "url");
        if (parsed.url().kind() != RepositoryUrl.Kind.SFTP) {
            throw RepositoryArgs.invalid(call, "sftp url: '" + parsed.url() + "' is not an sftp://USER@HOST[:PORT]/PATH URL");
        }
        String identity = call.string("identity", null);
        if (identity != null && !identity.contains("PRIVATE KEY-----")) {
            // never quote it: a secret with a typo is still a secret
            throw new RunbookException(Problem.of(ProblemCode.INVALID_ARGUMENT, "sftp identity: is not a private key's text (expected"
                    + " the content of a key file, -----BEGIN OPENSSH PRIVATE KEY----- …, as ssh-keygen writes it; not a public key or a"
                    + " file name)", call.location()).withNext("give the key file's text as a secret: identity: secret('SSH_KEY')"));
        }
        return new Repository(parsed.url(), S3Settings.FROM_ENVIRONMENT, identity);
    }
}
