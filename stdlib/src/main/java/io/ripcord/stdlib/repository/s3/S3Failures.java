package io.ripcord.stdlib.repository.s3;

import io.ripcord.stdlib.repository.RepositoryException;
import io.ripcord.stdlib.repository.RepositoryException.Reason;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** The SDK's exceptions said in the operator's terms: which repository, what went wrong, what to do. Once, here. */
final class S3Failures {

    private S3Failures() {
    }

    static RepositoryException of(S3Store store, String what, SdkException e) {
        String where = store.describe();
        if (e instanceof S3Exception s3) {
            String code = code(s3);
            int status = s3.statusCode();
            String said = " (" + status + (code != null ? " " + code : "") + ")";
            if (status == 403 || "SignatureDoesNotMatch".equals(code) || "InvalidAccessKeyId".equals(code)) {
                return new RepositoryException(Reason.ACCESS_DENIED, "cannot " + what + " in " + where + ": the store refused the credentials"
                        + said + ", " + store.settings().credentialSource(),
                        "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or accessKey:/secretKey: of s3(...)) and the bucket's policy", e);
            }
            if ("NoSuchBucket".equals(code)) {
                return new RepositoryException(Reason.NOT_FOUND, "cannot " + what + " in " + where + ": the bucket '" + store.url().bucket()
                        + "' does not exist" + said, "create it (aws s3 mb s3://" + store.url().bucket() + ") or fix the URL", e);
            }
            if (status == 404) {
                return new RepositoryException(Reason.NOT_FOUND, "cannot " + what + " in " + where + ": no such object" + said,
                        "`ripcord backups --repo " + store.url().text() + "` lists what is there", e);
            }
            if (status == 412 || status == 409) {
                return new RepositoryException(Reason.ALREADY_EXISTS, "cannot " + what + " in " + where + ": an object of that name is"
                        + " already there" + said + "; it was left untouched", "an artifact is written once: back up again for a new one", e);
            }
            if ("BadDigest".equals(code) || "InvalidDigest".equals(code) || "XAmzContentSHA256Mismatch".equals(code)) {
                return new RepositoryException(Reason.CORRUPT, "cannot " + what + " in " + where + ": the store received other bytes than"
                        + " were sent" + said + "; nothing was stored", "retry; if it repeats, check the network path (a proxy rewriting bodies?)", e);
            }
            return new RepositoryException(Reason.FAILED, "cannot " + what + " in " + where + ": " + firstLine(s3.awsErrorDetails() != null
                    ? s3.awsErrorDetails().errorMessage() : s3.getMessage()) + said, "check the store's logs, then resume", e);
        }
        Throwable cause = rootCause(e);
        if (cause instanceof ConnectException || cause instanceof UnknownHostException || cause instanceof SocketTimeoutException
                || cause instanceof java.net.NoRouteToHostException) {
            return new RepositoryException(Reason.UNREACHABLE, "cannot " + what + " in " + where + ": the endpoint does not answer ("
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")",
                    "check AWS_ENDPOINT_URL (or endpoint: of s3(...)) and that the store is up, then resume", e);
        }
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("credentials")) {
            return new RepositoryException(Reason.ACCESS_DENIED, "cannot " + what + " in " + where + ": no AWS credentials were found",
                    "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile in ~/.aws, or accessKey:/secretKey: of s3(...)", e);
        }
        return new RepositoryException(Reason.FAILED, "cannot " + what + " in " + where + ": " + firstLine(e.getMessage()),
                "check the endpoint and credentials, then resume", e);
    }

    static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(String s) {
        return s == null ? "no message" : s.lines().findFirst().orElse("");
    }
}
