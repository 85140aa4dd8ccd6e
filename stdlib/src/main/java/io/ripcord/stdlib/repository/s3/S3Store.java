package io.ripcord.stdlib.repository.s3;

import io.ripcord.stdlib.repository.ObjectStore;
import io.ripcord.stdlib.repository.RepositoryException;
import io.ripcord.stdlib.repository.S3Settings;
import io.ripcord.repository.RepositoryUrl;
import io.ripcord.stdlib.storage.HashingOutputStream;
import org.apache.commons.io.input.BoundedInputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

/**
 * An S3-compatible bucket (AWS, S3Proxy, R2, Ceph, MinIO...) through the AWS SDK v2 on its URL-connection client.
 * The SDK's own checksums are off ("when required"): many non-AWS stores reject its aws-chunked CRC trailers, so we
 * send our own {@code Content-MD5} (and {@code x-amz-checksum-sha256} on a single put), which every store checks.
 * Big files go up in parts read straight from the file (constant memory, each part with its own MD5); a put commits
 * only with {@code If-None-Match: *}, so an existing object is never replaced. Loaded only through
 * {@link io.ripcord.stdlib.repository.Repositories} when a run uses an {@code s3://} repository.
 */
public final class S3Store implements ObjectStore {

    /** Files above this go up in parts of this size (S3's minimum part is 5 MiB; 10,000 parts cover 160 GiB). */
    static final long DEFAULT_PART_SIZE = 16L << 20;

    private final RepositoryUrl url;
    private final S3Settings settings;
    private final S3Client client;
    private final String root;
    private final long partSize;
    /** What a part's bytes pass through on their way out: the file's bytes as they are, but for a spec's fault. */
    private final UnaryOperator<InputStream> partBytes;

    public S3Store(RepositoryUrl url, S3Settings settings) {
        this(url, settings, seam != null ? seam.partSize() : DEFAULT_PART_SIZE);
    }

    /**
     * For specs that run the command line in their own JVM, and only them: the part size of the stores opened while it
     * is set, and a call after each part is stored (the object's key in the bucket, the upload's id, the part's number), where a spec aborts the
     * upload from outside. Null in every real run.
     */
    static volatile Seam seam;

    record Seam(long partSize, PartStored afterPart) {
    }

    interface PartStored {
        void stored(String key, String uploadId, int number);
    }

    S3Store(RepositoryUrl url, S3Settings settings, long partSize) {
        this(url, settings, partSize, UnaryOperator.identity());
    }

    S3Store(RepositoryUrl url, S3Settings settings, long partSize, UnaryOperator<InputStream> partBytes) {
        this.url = url;
        this.partBytes = partBytes;
        this.settings = settings;
        this.root = url.root().isEmpty() ? "" : url.root() + "/";
        this.partSize = partSize;
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(120)).build())
                .region(Region.of(region(settings)))
                .credentialsProvider(credentials(settings))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // a body with our Content-MD5 is not hashed again for the signature (see ChecksummedPayloadSigner)
                .putAuthScheme(ChecksummedPayloadSigner.scheme())
                // plain bodies, not aws-chunked: stores that are not AWS check Content-MD5 only on those (S3Proxy skips it)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
        if (settings.endpoint() != null) {
            // other stores than AWS rarely serve bucket.host names: path-style addressing works everywhere
            builder.endpointOverride(URI.create(settings.endpoint())).forcePathStyle(true);
        }
        this.client = builder.build();
    }

    private static String region(S3Settings settings) {
        if (settings.region() != null) {
            return settings.region();
        }
        try {
            String profile = settings.profile() != null ? settings.profile() : "default";
            Optional<String> fromProfile = ProfileFile.defaultProfileFile().profile(profile).flatMap(p -> p.property("region"));
            if (fromProfile.isPresent()) {
                return fromProfile.get();
            }
        } catch (RuntimeException e) {
            // no readable ~/.aws/config: the default region below
        }
        // S3-compatible stores take any region in the signature; AWS redirects a wrong one with a clear error
        return "us-east-1";
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.accessKey() != null && settings.secretKey() != null) {
            return StaticCredentialsProvider.create(settings.sessionToken() != null
                    ? AwsSessionCredentials.create(settings.accessKey(), settings.secretKey(), settings.sessionToken())
                    : AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        }
        if (settings.profile() != null) {
            return ProfileCredentialsProvider.create(settings.profile());
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public void put(String key, Path source, Checksums checksums) throws IOException {
        long size = Files.size(source);
        try {
            if (size <= partSize) {
                client.putObject(b -> b.bucket(url.bucket()).key(root + key).contentLength(size).contentMD5(checksums.md5Base64())
                                .checksumSHA256(base64OfHex(checksums.sha256Hex())).metadata(Map.of("sha256", checksums.sha256Hex()))
                                .ifNoneMatch("*"),
                        RequestBody.fromFile(source));
            } else {
                putInParts(key, source, size, size, checksums.sha256Hex());
            }
        } catch (SdkException e) {
            throw S3Failures.of(this, "upload " + key, e);
        }
    }

    /**
     * A file of one part goes up as before (hashed first: a single PUT carries its checksums in its headers). A bigger
     * one is read once in file order for each part's MD5, the whole SHA-256 and the chunk digests, each part uploaded
     * while the next is hashed (re-read from the page cache to send it; the store checks the part against that MD5);
     * the upload completes only if the SHA-256 is the expected one, and is aborted otherwise.
     */
    @Override
    public Written putChecked(String key, Path source, long expectedSize, String expectedSha256) throws IOException {
        long size = Files.size(source);
        if (size <= partSize) {
            return ObjectStore.super.putChecked(key, source, expectedSize, expectedSha256);
        }
        try {
            return putInParts(key, source, size, expectedSize, expectedSha256);
        } catch (SdkException e) {
            throw S3Failures.of(this, "upload " + key, e);
        }
    }

    private Written putInParts(String key, Path source, long size, long expectedSize, String expectedSha256) throws IOException {
        String uploadId = client.createMultipartUpload(b -> b.bucket(url.bucket()).key(root + key)
                .metadata(Map.of("sha256", expectedSha256))).uploadId();
        boolean completed = false;
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_PARTS, r -> {
            Thread t = new Thread(r, "s3-part-upload");
            t.setDaemon(true);
            return t;
        });
        try {
            MessageDigest sha256 = HashingOutputStream.Sha256.newDigest();
            io.ripcord.stdlib.repository.ChunkDigests chunks =
                    new io.ripcord.stdlib.repository.ChunkDigests(io.ripcord.stdlib.repository.ChunkDigests.chunkSizeFor(size));
            List<Future<CompletedPart>> parts = new ArrayList<>();
            java.util.concurrent.Semaphore ahead = new java.util.concurrent.Semaphore(PARALLEL_PARTS * 2);
            for (long offset = 0; offset < size; offset += partSize) {
                long length = Math.min(partSize, size - offset);
                int number = parts.size() + 1;
                long from = offset;
                String md5 = hashRange(source, from, length, sha256, chunks);
                ahead.acquireUninterruptibly(); // hashing runs at most a few parts ahead of the uploads
                parts.add(pool.submit(() -> {
                    try {
                        return uploadPart(key, uploadId, number, source, from, length, md5);
                    } finally {
                        ahead.release();
                    }
                }));
            }
            List<CompletedPart> done = new ArrayList<>();
            for (Future<CompletedPart> part : parts) {
                done.add(await(part));
            }
            String got = HexFormat.of().formatHex(sha256.digest());
            ObjectStore.ContentMismatch.check(source, size, got, expectedSize, expectedSha256); // not completed: aborted below
            client.completeMultipartUpload(b -> b.bucket(url.bucket()).key(root + key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(done)).ifNoneMatch("*"));
            completed = true;
            return new Written(size, got, chunks.finish());
        } finally {
            pool.shutdownNow();
            if (!completed) {
                try {
                    client.abortMultipartUpload(b -> b.bucket(url.bucket()).key(root + key).uploadId(uploadId));
                } catch (SdkException ignored) {
                    // left for sweepIncomplete: the next run aborts what this one could not
                }
            }
        }
    }

    /** One read of a part: its MD5 (returned, for Content-MD5), and the bytes into the whole file's digests. */
    private static String hashRange(Path source, long offset, long length, MessageDigest sha256,
                                    io.ripcord.stdlib.repository.ChunkDigests chunks) throws IOException {
        try (InputStream in = range(source, offset, length)) {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                md5.update(buffer, 0, n);
                sha256.update(buffer, 0, n);
                chunks.update(buffer, 0, n);
            }
            return Base64.getEncoder().encodeToString(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final int READ_BUFFER = 1 << 18;

    /** Parts in flight at once: an upload is latency-bound per request, so a few overlap (each streams from the file). */
    static final int PARALLEL_PARTS = 4;

    private CompletedPart uploadPart(String key, String uploadId, int number, Path source, long from, long length, String md5) {
        var response = client.uploadPart(b -> b.bucket(url.bucket()).key(root + key).uploadId(uploadId).partNumber(number)
                        .contentLength(length).contentMD5(md5),
                RequestBody.fromContentProvider(() -> partBytes.apply(range(source, from, length)), length, "application/octet-stream"));
        Seam watching = seam;
        if (watching != null) {
            watching.afterPart().stored(root + key, uploadId, number);
        }
        return CompletedPart.builder().partNumber(number).eTag(response.eTag()).build();
    }

    /** A part's result, its failure rethrown as it was (an SDK or I/O exception), not wrapped. */
    private static CompletedPart await(Future<CompletedPart> part) throws IOException {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while uploading");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SdkException sdk) {
                throw sdk;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    /**
     * A part's bytes, read from the file where it starts: nothing is held in memory but a buffer (big enough that the
     * SDK's 4 KiB reads do not each become a read of the file).
     */
    private static InputStream range(Path source, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(source, StandardOpenOption.READ).position(offset);
            return new BufferedInputStream(BoundedInputStream.builder().setInputStream(Channels.newInputStream(channel))
                    .setMaxCount(length).get(), READ_BUFFER);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String base64OfHex(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return client.getObject(b -> b.bucket(url.bucket()).key(root + key));
        } catch (SdkException e) {
            throw S3Failures.of(this, "read " + key, e);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        try {
            return client.getObject(b -> b.bucket(url.bucket()).key(root + key).range("bytes=" + offset + "-" + (offset + length - 1)));
        } catch (SdkException e) {
            throw S3Failures.of(this, "read " + key + " (bytes " + offset + "-" + (offset + length - 1) + ")", e);
        }
    }

    @Override
    public Optional<Entry> stat(String key) throws IOException {
        try {
            HeadObjectResponse head = client.headObject(b -> b.bucket(url.bucket()).key(root + key));
            return Optional.of(new Entry(key, head.contentLength(), head.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(S3Failures.code(e))) {
                return Optional.empty(); // HEAD has no body: a missing key is a bare 404
            }
            throw S3Failures.of(this, "look up " + key, e);
        } catch (SdkException e) {
            throw S3Failures.of(this, "look up " + key, e);
        }
    }

    @Override
    public List<Entry> list(String prefix) throws IOException {
        try {
            List<Entry> out = new ArrayList<>();
            for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(url.bucket()).prefix(root + prefix)).contents()) {
                out.add(new Entry(o.key().substring(root.length()), o.size(), o.lastModified()));
            }
            out.sort(java.util.Comparator.comparing(Entry::key));
            return out;
        } catch (SdkException e) {
            throw S3Failures.of(this, "list", e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            client.deleteObject(b -> b.bucket(url.bucket()).key(root + key));
        } catch (SdkException e) {
            throw S3Failures.of(this, "delete " + key, e);
        }
    }

    @Override
    public int sweepIncomplete() throws IOException {
        try {
            int aborted = 0;
            for (MultipartUpload upload : client.listMultipartUploadsPaginator(b -> b.bucket(url.bucket()).prefix(root)).uploads()) {
                client.abortMultipartUpload(b -> b.bucket(url.bucket()).key(upload.key()).uploadId(upload.uploadId()));
                aborted++;
            }
            return aborted;
        } catch (SdkException e) {
            throw S3Failures.of(this, "list incomplete uploads", e);
        }
    }

    @Override
    public String describe() {
        return url.text() + (settings.endpoint() != null ? " (at " + settings.endpoint() + ")" : "");
    }

    long partSize() {
        return partSize;
    }

    S3Settings settings() {
        return settings;
    }

    RepositoryUrl url() {
        return url;
    }

    @Override
    public void close() {
        client.close();
    }
}
