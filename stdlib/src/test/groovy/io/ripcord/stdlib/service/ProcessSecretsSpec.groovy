package io.ripcord.stdlib.service

import io.ripcord.stdlib.ShSecretsSpec
import io.ripcord.stdlib.VerbContexts
import io.ripcord.stdlib.command.ShVerb
import io.ripcord.stdlib.process.ShellCommand
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.CompletableFuture

/**
 * process(...)'s start: and stop: commands and sh's list form take interpolated secrets through their environment
 * too, like a string sh: while the child runs, no /proc/PID/cmdline on the machine holds the secret, and the command
 * still receives it byte for byte. Real /bin/sh, real processes, real /proc.
 */
@Timeout(60)
class ProcessSecretsSpec extends Specification {

    static final String TOKEN = ShSecretsSpec.TOKEN
    static final String SECRET = ShSecretsSpec.SECRET

    @TempDir Path dir

    def context() {
        VerbContexts.context(dir, [API_KEY: SECRET])
    }

    def "a secret in a process's start: command is in no command line while it runs, and reaches it whole"() {
        given: 'a start command that writes what it got, then runs until told to stop'
        def web = new ProcessTarget('worker', "printf %s '$SECRET' > out; touch started; while [ ! -f go ]; do sleep 0.02; done",
                null, dir.resolve('worker.pid'), null, dir.resolve('worker.log'), dir)

        when:
        web.start(null, Duration.ofSeconds(10), context())
        ShSecretsSpec.waitFor { Files.exists(dir.resolve('started')) }
        def seen = ShSecretsSpec.commandLinesHolding(TOKEN)
        Files.createFile(dir.resolve('go'))

        then:
        seen == []
        Files.readString(dir.resolve('out')) == SECRET
    }

    def "a secret in a process's stop: command is in no command line while it runs, and reaches it whole"() {
        given: 'a running process, and a stop command that writes what it got and waits to be looked at'
        def sleeper = new ProcessBuilder('sleep', '60').start()
        Files.writeString(dir.resolve('worker.pid'), sleeper.pid() + '\n')
        def web = new ProcessTarget('worker', null,
                "printf %s '$SECRET' > out; touch stopping; while [ ! -f go ]; do sleep 0.02; done; kill ${sleeper.pid()}",
                dir.resolve('worker.pid'), null, null, dir)

        when:
        def stopping = CompletableFuture.supplyAsync { web.stop(Duration.ofSeconds(20), context()) }
        ShSecretsSpec.waitFor { Files.exists(dir.resolve('stopping')) || stopping.isDone() }
        def seen = ShSecretsSpec.commandLinesHolding(TOKEN)
        Files.createFile(dir.resolve('go'))
        def change = stopping.get()

        then:
        seen == []
        Files.readString(dir.resolve('out')) == SECRET
        change.changed() && !sleeper.isAlive()

        cleanup:
        sleeper?.destroyForcibly()
    }

    def "a list-form sh with a secret in a word runs through the shell with the secret in its environment, not its argv"() {
        when:
        def prepared = ShellCommand.prepare(['printf', '%s', "key=$SECRET".toString()], [:], [API_KEY: SECRET])

        then:
        prepared.argv() == ['/bin/sh', '-c', "'printf' '%s' 'key='\"\${RIPCORD_SECRET_1}\""]
        prepared.env() == [RIPCORD_SECRET_1: SECRET]
    }

    def "a list-form sh with a secret gets exactly its words, the secret whole"() {
        given:
        def sh = new ShVerb()

        when:
        def result = sh.apply(VerbContexts.call(sh, ['printf', '%s|%s', "it's", "key=$SECRET".toString()]), context())

        then:
        result.text == "it's|key=$SECRET"
    }

    def "a list-form sh without secrets runs its words as they are, no shell between"() {
        expect:
        ShellCommand.prepare(['printf', '%s', 'plain'], [:], [API_KEY: SECRET]).argv() == ['printf', '%s', 'plain']
    }
}
