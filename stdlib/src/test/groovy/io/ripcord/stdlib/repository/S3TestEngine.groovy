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

    /**
     * A second S3Proxy of the spec's own, as bin/engines/s3proxy.sh starts the first (the same jar from its cache, the
     * same keys, filesystem backend) but on a free port with its data in {@code base}/data (a small tmpfs, for a full
     * disk); returns [process, endpoint] once it answers. The caller destroys the process.
     */
    static List startSecond(java.nio.file.Path base) {
        String cache = System.getenv('RIPCORD_ENGINE_CACHE') ?: ((System.getenv('XDG_CACHE_HOME') ?: System.getProperty('user.home') + '/.cache') + '/ripcord/engines')
        java.nio.file.Path jar = java.nio.file.Files.list(java.nio.file.Path.of(cache)).withCloseable { s ->
            s.find { it.fileName.toString() ==~ /s3proxy-.*-jar-with-dependencies\.jar/ }
        }
        assert jar: "no S3Proxy jar in $cache (bin/engines/s3proxy.sh downloads it)"
        int port = new ServerSocket(0).withCloseable { it.localPort }
        String endpoint = "http://127.0.0.1:$port"
        java.nio.file.Path conf = base.resolve('s3proxy.conf')
        java.nio.file.Files.createDirectories(base.resolve('data'))
        conf.toFile().text = """\
            s3proxy.endpoint=$endpoint
            s3proxy.authorization=aws-v2-or-v4
            s3proxy.identity=$ACCESS_KEY
            s3proxy.credential=$SECRET_KEY
            jclouds.provider=filesystem-nio2
            jclouds.filesystem.basedir=${base.resolve('data')}
            """.stripIndent()
        String java = java.nio.file.Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        Process p = new ProcessBuilder(java, '-Xmx128m', '-jar', jar.toString(), '--properties', conf.toString())
                .redirectErrorStream(true).redirectOutput(base.resolve('s3proxy.log').toFile()).start()
        long deadline = System.currentTimeMillis() + 60_000
        while (System.currentTimeMillis() < deadline) {
            try {
                def c = (HttpURLConnection) new URL(endpoint + '/').openConnection()
                c.connectTimeout = 500
                c.responseCode
                return [p, endpoint]
            } catch (IOException ignored) {
                assert p.alive: "the second S3Proxy exited: ${base.resolve('s3proxy.log').text}"
                Thread.sleep(100)
            }
        }
        p.destroyForcibly()
        throw new IllegalStateException("the second S3Proxy did not answer on $endpoint in 60 s")
    }

    /** Runs awscli against S3Proxy; returns exit, stdout and stderr. */
    static Map aws(String... args) {
        awsAt(ENDPOINT, args)
    }

    /** Runs awscli against the S3Proxy at endpoint. */
    static Map awsAt(String endpoint, String... args) {
        def cmd = ['aws', '--endpoint-url', endpoint] + args.toList()
        def pb = new ProcessBuilder(cmd)
        pb.environment().putAll(env())
        def p = pb.start()
        def out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream()
        p.consumeProcessOutput(out, err)
        p.waitFor()
        [exit: p.exitValue(), out: out.toString(), err: err.toString()]
    }
}
