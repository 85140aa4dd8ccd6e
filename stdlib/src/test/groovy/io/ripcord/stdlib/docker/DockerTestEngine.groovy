package io.ripcord.stdlib.docker

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * The Docker Engine the specs use (bin/engines/docker.sh brings it up) and the images they run, built here with no
 * registry: a static busybox imported as ripcord-test/app:v1 (serves a healthy /health) and :v2 (no /health: 404).
 * Both stop at once on SIGTERM, so stops and recreations take milliseconds, not Docker's 10 s grace.
 */
class DockerTestEngine {

    static final String V1 = 'ripcord-test/app:v1'
    static final String V2 = 'ripcord-test/app:v2'

    private static Boolean up

    static synchronized boolean available() {
        if (up == null) {
            up = exec(['docker', 'info']).exit == 0
        }
        up
    }

    static synchronized void ensureImages() {
        [(V1): true, (V2): false].each { String image, boolean healthy ->
            if (exec(['docker', 'image', 'inspect', image]).exit != 0) {
                build(image, healthy)
            }
        }
    }

    private static void build(String image, boolean healthy) {
        Path root = Files.createTempDirectory('ripcord-image')
        Files.createDirectories(root.resolve('bin'))
        Files.createDirectories(root.resolve('www'))
        Path busybox = ['/bin/busybox', '/usr/bin/busybox'].collect { Path.of(it) }.find { Files.isExecutable(it) }
        assert busybox: 'busybox is needed to build the test images (Debian: busybox-static)'
        Files.copy(busybox, root.resolve('bin/busybox'))
        ['sh', 'wget'].each { Files.createSymbolicLink(root.resolve("bin/$it"), Path.of('busybox')) } // for --health-cmd
        String version = image.substring(image.lastIndexOf(':') + 1)
        Files.writeString(root.resolve('www/version'), version + '\n')
        if (healthy) {
            Files.writeString(root.resolve('www/health'), '{"status":"pass","version":"' + version + '"}\n')
        }
        Path tar = root.resolveSibling(root.fileName.toString() + '.tar')
        run(['tar', '-C', root.toString(), '-cf', tar.toString(), '.'])
        run(['docker', 'import',
             '--change', 'CMD ["/bin/busybox","sh","-c","trap \'exit 0\' TERM; /bin/busybox httpd -f -p 8080 -h /www & wait"]',
             '--change', 'EXPOSE 8080', tar.toString(), image])
        root.toFile().deleteDir()
        Files.deleteIfExists(tar)
    }

    /** Runs a container of {@code image} named {@code name}, port 8080 published on a free loopback port; returns the port. */
    static int runApp(String name, String image, List<String> extra = []) {
        int port = freePort()
        remove(name, name + '.ripcord-previous')
        run(['docker', 'run', '-d', '--name', name, '-p', "127.0.0.1:$port:8080".toString()] + extra + [image])
        port
    }

    static void remove(String... names) {
        names.each { exec(['docker', 'rm', '-f', it]) }
    }

    static String inspect(String name, String format) {
        def r = exec(['docker', 'inspect', '--format', format, name])
        r.exit == 0 ? r.out.trim() : null
    }

    static String imageId(String image) {
        def r = exec(['docker', 'image', 'inspect', '--format', '{{.Id}}', image])
        r.exit == 0 ? r.out.trim() : null
    }

    /** GET http://127.0.0.1:PORT/PATH; the body, or null when nothing answers. */
    static String get(int port, String path) {
        for (int i = 0; i < 50; i++) {
            try {
                return new URL("http://127.0.0.1:$port/$path").text.trim()
            } catch (FileNotFoundException e) {
                return '404'
            } catch (IOException e) {
                Thread.sleep(100)
            }
        }
        null
    }

    static int freePort() {
        new ServerSocket(0, 1, InetAddress.loopbackAddress).withCloseable { it.localPort }
    }

    static void run(List<String> command) {
        def r = exec(command)
        assert r.exit == 0: "${command.join(' ')} failed: ${r.out}"
    }

    static Map exec(List<String> command) {
        def p = new ProcessBuilder(command).redirectErrorStream(true).start()
        def out = new StringBuilder()
        def reader = Thread.start { out << p.inputStream.text }
        boolean done = p.waitFor(120, TimeUnit.SECONDS)
        if (!done) {
            p.destroyForcibly()
        }
        reader.join(5000)
        [exit: done ? p.exitValue() : -1, out: out.toString()]
    }
}
