package io.ripcord.stdlib.repository

import io.ripcord.stdlib.repository.S3Settings

/**
 * The S3Proxy bin/engines/s3proxy.sh brings up (127.0.0.1:54330, SigV4 with a known key pair), as the
 * RIPCORD_TEST_S3_* variables describe it, and awscli as the independent client. Specs needing it use
 * {@code @IgnoreIf({ !System.getenv('CI') && !S3TestEngine.available() })}: skipped without it, except in CI.
 */
class S3TestEngine {

    static final String ENDPOINT = System.getenv('RIPCORD_TEST_S3_ENDPOINT') ?: 'http://127.0.0.1:54330'
    static final String ACCESS_KEY = System.getenv('RIPCORD_TEST_S3_ACCESS_KEY') ?: 'ripcord-test-key'
    static final String SECRET_KEY = System.getenv('RIPCORD_TEST_S3_SECRET_KEY') ?: 'ripcord-test-secret-s3'
    static final String REGION = System.getenv('RIPCORD_TEST_S3_REGION') ?: 'us-east-1'
    /** S3Proxy's filesystem backend: bucket B is the directory DATA/B (a spec watches an upload under way there). */
    static final java.nio.file.Path DATA = java.nio.file.Path.of(System.getenv('RIPCORD_TEST_S3_DATA') ?: '/tmp/ripcord-test-s3', 'data')

    private static Boolean up

    static synchronized boolean available() {
        if (up == null) {
            try {
                def c = (HttpURLConnection) new URL(ENDPOINT + '/').openConnection()
                c.connectTimeout = 2000
                c.responseCode
                up = true
            } catch (IOException ignored) {
                up = false
            }
        }
        up
    }

    /** Settings as a runbook's named arguments would give them. */
    static S3Settings settings(String secret = SECRET_KEY) {
        new S3Settings(ENDPOINT, REGION, ACCESS_KEY, secret, null, null)
    }

    /** The AWS_* environment a child ripcord or aws reads. */
    static Map<String, String> env() {
        [AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET_KEY, AWS_ENDPOINT_URL: ENDPOINT, AWS_REGION: REGION,
         AWS_DEFAULT_REGION: REGION, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null']
    }

    /** A new, empty bucket with a unique name. */
    static String freshBucket(String prefix = 'spec') {
        String name = "${prefix}-${Long.toHexString(System.nanoTime())}"
        def r = aws('s3', 'mb', "s3://$name")
        assert r.exit == 0
        name
    }

    /** Runs awscli against S3Proxy; returns exit, stdout and stderr. */
    static Map aws(String... args) {
        def cmd = ['aws', '--endpoint-url', ENDPOINT] + args.toList()
        def pb = new ProcessBuilder(cmd)
        pb.environment().putAll(env())
        def p = pb.start()
        def out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream()
        p.consumeProcessOutput(out, err)
        p.waitFor()
        [exit: p.exitValue(), out: out.toString(), err: err.toString()]
    }
}
