package io.ripcord.stdlib.repository.s3;

import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

import java.util.concurrent.CompletableFuture;

/**
 * SigV4 that does not hash a body we already checksum. Over plain HTTP the SDK signs every payload: it reads each part
 * once more and SHA-256s it for {@code x-amz-content-sha256}, and a store such as S3Proxy then buffers the whole part
 * to check that hash before it writes a byte. A request that carries our own {@code Content-MD5} is signed as
 * {@code UNSIGNED-PAYLOAD} instead: the MD5 header is among the signed headers, and the store refuses a body that does
 * not match it, so the bytes are as protected as before while read and hashed once fewer on each side. Every other
 * request (no body, or a body without our checksum: the multipart completion's XML) is signed as the SDK signs it.
 */
final class ChecksummedPayloadSigner implements HttpSigner<AwsCredentialsIdentity> {

    static final String CONTENT_MD5 = "Content-MD5";

    private final AwsV4HttpSigner delegate = AwsV4HttpSigner.create();

    /** The SigV4 scheme S3 uses, with this signer. */
    static AuthScheme<AwsCredentialsIdentity> scheme() {
        AwsV4AuthScheme standard = AwsV4AuthScheme.create();
        ChecksummedPayloadSigner signer = new ChecksummedPayloadSigner();
        return new AuthScheme<>() {
            @Override
            public String schemeId() {
                return standard.schemeId();
            }

            @Override
            public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
                return standard.identityProvider(providers);
            }

            @Override
            public HttpSigner<AwsCredentialsIdentity> signer() {
                return signer;
            }
        };
    }

    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
        if (request.payload().isEmpty() || request.request().firstMatchingHeader(CONTENT_MD5).isEmpty()
                || request.hasProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM)) {
            return delegate.sign(request); // (a checksum the SDK computes itself would need the body: left to it)
        }
        // signed without its body, the request says UNSIGNED-PAYLOAD and the body is not read; it is sent as it is
        SignedRequest signed = delegate.sign(request.copy(b -> b.payload(null)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)));
        return signed.copy(b -> b.payload(request.payload().get()));
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
        return delegate.signAsync(request); // the sync client only: nothing to save here
    }
}
