package io.ripcord.stdlib.repository;

import io.ripcord.repository.RepositoryUrl;
import io.ripcord.verb.ArgType;
import io.ripcord.verb.ValueVerb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbSpec;

/**
 * {@code s3 's3://bucket/app', endpoint: 'https://…', accessKey: secret('S3_KEY'), secretKey: secret('S3_SECRET')}:
 * an S3 repository with its own way in, for {@code to:}/{@code from:}. Each value left out comes from the
 * environment the AWS way; a bare {@code 's3://bucket/app'} string takes all of it from there.
 */
public final class S3RepositoryVerb implements ValueVerb {

    private static final VerbSpec SPEC = VerbSpec.named("s3")
            .summary("An S3-compatible repository (AWS, R2, Ceph, MinIO, S3Proxy...) for to:/from:, with endpoint and credentials of its own.")
            .positional("url")
            .required("url", ArgType.PLACE, "s3://BUCKET/PREFIX")
            .optional("endpoint", ArgType.STRING, "AWS_ENDPOINT_URL, else AWS", "the store's URL (https://s3.example.com); path-style addressing")
            .optional("region", ArgType.STRING, "AWS_REGION, ~/.aws/config, else us-east-1", "the region requests are signed for")
            .optional("accessKey", ArgType.STRING, "AWS_ACCESS_KEY_ID", "the access key id (secret('NAME'))")
            .optional("secretKey", ArgType.STRING, "AWS_SECRET_ACCESS_KEY", "the secret access key (secret('NAME'))")
            .optional("sessionToken", ArgType.STRING, "AWS_SESSION_TOKEN", "a temporary credential's token (secret('NAME'))")
            .optional("profile", ArgType.STRING, "AWS_PROFILE, else default", "a profile in ~/.aws/config and ~/.aws/credentials")
            .returns(Repository.class, "the repository, for backup to:, copy to:, lastBackup from:")
            .example("def offsite = s3 's3://acme-backups/app', accessKey: secret('S3_KEY'), secretKey: secret('S3_SECRET')")
            .build();

    @Override
    public VerbSpec spec() {
        return SPEC;
    }

    @Override
    public Object value(VerbCall call, VerbContext context) {
        Repository parsed = RepositoryArgs.one(call, "url");
        if (parsed.url().kind() != RepositoryUrl.Kind.S3) {
            throw RepositoryArgs.invalid(call, "s3 url: '" + parsed.url() + "' is not an s3://BUCKET/PREFIX URL");
        }
        if (call.has("accessKey") != call.has("secretKey")) {
            throw RepositoryArgs.invalid(call, "s3 takes accessKey: and secretKey: together (one without the other would mix two identities)");
        }
        return new Repository(parsed.url(), new S3Settings(call.string("endpoint", null), call.string("region", null),
                call.string("accessKey", null), call.string("secretKey", null), call.string("sessionToken", null), call.string("profile", null)));
    }
}
