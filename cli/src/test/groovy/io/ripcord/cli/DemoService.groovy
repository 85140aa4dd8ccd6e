package io.ripcord.cli

import io.ripcord.stdlib.docker.DockerTestEngine

import java.nio.file.Files
import java.nio.file.Path

/**
 * The demo service (examples/demo-service) for the quick-start and runbook specs: built by its build.sh (once per JVM;
 * bin/engines/demo.sh builds it before the suite), run as a container of ripcord-demo:v1, :v2 (broken) or :v3 with its data
 * directory and env file on the host, and asked over HTTP what it holds.
 */
class DemoService {

    static final String V1 = 'ripcord-demo:v1'
    static final String V2 = 'ripcord-demo:v2'
    static final String V3 = 'ripcord-demo:v3'

    private static Boolean built

    /** Built and runnable: a Docker Engine answers and build.sh made the binaries and images. */
    static synchronized boolean available() {
        if (built == null) {
            built = DockerTestEngine.available() && DockerTestEngine.exec([CliHarness.repoRoot().resolve('examples/demo-service/build.sh').toString()]).exit == 0
        }
        built
    }

    /** A running container NAME of IMAGE, /data and /app.env from {@code state}; returns the published loopback port. */
    static int start(String name, Path state, String image = V1) {
        assert available(): 'the demo service could not be built (examples/demo-service/build.sh)'
        Files.createDirectories(state.resolve('data'))
        if (!Files.exists(state.resolve('app.env'))) {
            Files.writeString(state.resolve('app.env'), "APP_NAME=$name\n")
        }
        int port = DockerTestEngine.runApp(name, image, ['-v', "${state.resolve('data')}:/data".toString(),
                                                         '-v', "${state.resolve('app.env')}:/app.env:ro".toString(), '-e', 'DEMO_ENV_FILE=/app.env'])
        assert DockerTestEngine.get(port, 'version') in ['v1', 'v2']
        port
    }

    static void remove(String name) {
        DockerTestEngine.remove(name, name + '.ripcord-previous')
    }

    static String version(int port) { DockerTestEngine.get(port, 'version') }

    static int notes(int port) { DockerTestEngine.get(port, 'notes') as int }

    static void addNote(int port, String text) {
        def connection = (HttpURLConnection) new URL("http://127.0.0.1:$port/notes").openConnection()
        connection.requestMethod = 'POST'
        connection.doOutput = true
        connection.outputStream.withCloseable { it.write(text.bytes) }
        assert connection.responseCode == 201
    }

    /** The image id the container runs. */
    static String imageOf(String name) { DockerTestEngine.inspect(name, '{{.Image}}') }

    static String imageId(String image) { DockerTestEngine.imageId(image) }
}
