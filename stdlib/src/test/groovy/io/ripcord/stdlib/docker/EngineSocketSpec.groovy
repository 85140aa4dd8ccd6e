package io.ripcord.stdlib.docker

import spock.lang.IgnoreIf
import spock.lang.Specification
import spock.lang.Timeout

import java.net.StandardProtocolFamily
import java.net.UnixDomainSocketAddress
import java.nio.ByteBuffer
import java.nio.channels.ServerSocketChannel
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

/**
 * The engine's API spoken over its socket directly: the real Docker Engine's container listing, and what an answer
 * that is not a plain 200 becomes (a stand-in server on a unix socket plays the engine for those).
 */
@Timeout(60)
class EngineSocketSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-engine-socket')

    def cleanup() {
        dir.toFile().deleteDir()
    }

    @IgnoreIf(value = { !System.getenv('CI') && !DockerTestEngine.available() }, reason = 'no Docker Engine (bin/test starts one as root)')
    def "the real engine's running containers, as docker ps lists them"() {
        given:
        DockerTestEngine.ensureImages()
        String name = 'rc-socket-' + UUID.randomUUID().toString().substring(0, 8)
        DockerTestEngine.runApp(name, DockerTestEngine.V1)

        when:
        def listed = EngineSocket.getJson(DockerEndpoint.of(System.getenv()), '/containers/json', Duration.ofSeconds(30)) as List<Map>

        then:
        listed*.Names.flatten().collect { it.replaceFirst('^/', '') }.sort() ==
                DockerTestEngine.exec(['docker', 'ps', '--format', '{{.Names}}']).out.readLines()*.trim().findAll().sort()

        cleanup:
        DockerTestEngine.remove(name)
    }

    def "an answer in chunks is put back together"() {
        given:
        Path socket = engine('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'
                + '7\r\n[{"Id":\r\n' + 'e\r\n"abc","N":"é"\r\n' + '2\r\n}]\r\n' + '0\r\n\r\n')

        expect:
        EngineSocket.getJson(endpoint(socket), '/containers/json', Duration.ofSeconds(10)) == [[Id: 'abc', N: 'é']]
    }

    def "an engine that answers with an error: its status and message, not a parse failure"() {
        given:
        Path socket = engine('HTTP/1.0 500 Internal Server Error\r\nContent-Type: application/json\r\n\r\n{"message":"the daemon is shutting down"}')

        when:
        EngineSocket.getJson(endpoint(socket), '/containers/json', Duration.ofSeconds(10))

        then:
        IOException e = thrown()
        e.message == 'the Docker Engine answered 500 Internal Server Error: the daemon is shutting down'
    }

    def "an engine that accepts and never answers: ended by the time limit"() {
        given:
        Path socket = engine(null)

        when:
        EngineSocket.getJson(endpoint(socket), '/containers/json', Duration.ofSeconds(1))

        then:
        IOException e = thrown()
        e.message == "the Docker Engine at unix://$socket did not answer in 1 s"
    }

    static DockerEndpoint endpoint(Path socket) {
        new DockerEndpoint("unix://$socket", null, false, null)
    }

    /** A one-connection server on a unix socket: reads the request's head, answers {@code answer} (null: never) and closes. */
    Path engine(String answer) {
        Path socket = dir.resolve('engine.sock')
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)
        server.bind(UnixDomainSocketAddress.of(socket))
        Thread.start {
            server.accept().withCloseable { client ->
                ByteBuffer head = ByteBuffer.allocate(4096)
                while (!new String(head.array(), 0, head.position(), StandardCharsets.US_ASCII).contains('\r\n\r\n') && client.read(head) >= 0) {
                }
                if (answer == null) {
                    Thread.sleep(5000)
                } else {
                    client.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)))
                }
            }
            server.close()
        }
        socket
    }
}
