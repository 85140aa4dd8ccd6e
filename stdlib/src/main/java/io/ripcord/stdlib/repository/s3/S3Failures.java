package io.ripcord.stdlib.repository.s3;

import io.ripcord.stdlib.repository.NetworkCause;
import io.ripcord.stdlib.repository.RepositoryException;
import io.ripcord.stdlib.repository.RepositoryException.Reason;
import io.ripcord.units.ByteSize;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;


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
            if ("NoSuchUpload".equals(code)) {
                return new RepositoryException(Reason.FAILED, "cannot " + what + " in " + where + ": the store no longer has its multipart"
                        + " upload" + said + ": it was aborted or expired there before it completed (a lifecycle rule that aborts incomplete"
                        + " uploads, or another client); nothing was stored under that name",
                        "run it again (resume): the upload starts over; if it repeats, check the bucket's lifecycle rules"
                                + " (AbortIncompleteMultipartUpload) and who else aborts uploads there", e);
            }
            if ("EntityTooSmall".equals(code)) {
                return new RepositoryException(Reason.FAILED, "cannot " + what + " in " + where + ": the store refused its parts of "
                        + new ByteSize(store.partSize()) + " as smaller than its minimum part size" + said + "; nothing was stored",
                        "this store wants bigger parts than Ripcord sends (S3's minimum is " + new ByteSize(5L << 20) + ", Ripcord sends "
                                + new ByteSize(S3Store.DEFAULT_PART_SIZE) + "):"
                                + " check the store's multipart settings, or ship to another repository", e);
            }
            if (status == 507 || "XMinioStorageFull".equals(code) || "InsufficientStorage".equals(code) || "QuotaExceeded".equals(code)) {
                return new RepositoryException(Reason.FULL, "cannot " + what + " in " + where + ": the store is full" + said
                        + "; nothing was stored", "free space in the store (or raise its quota), or ship to another repository; then resume", e);
            }
            if (status >= 500) {
                return new RepositoryException(Reason.FAILED, "cannot " + what + " in " + where + ": the store failed the request" + said
                        + " after retries: " + firstLine(s3.awsErrorDetails() != null ? s3.awsErrorDetails().errorMessage() : s3.getMessage())
                        + (what.startsWith("upload") ? "; nothing was stored" : ""), "check the store's logs and its free space (a self-hosted store with a full disk answers"
                        + " so), then resume", e);
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
        if (NetworkCause.unreachable(cause)) {
            return new RepositoryException(Reason.UNREACHABLE, "cannot " + what + " in " + where + ": the endpoint does not answer ("
                    + NetworkCause.describe(cause) + ")",
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

    /** The store's message, its first line, without a closing period (the message goes on after it). */
    private static String firstLine(String s) {
        String line = s == null ? "no message" : s.lines().findFirst().orElse("").strip();
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }
}
