package io.ripcord.cli

import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord

/** Runbooks by name and version from the search path, and Flyway's "bump the version when it changes". */
class LibrarySpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-library')
    Map<String, String> env = [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString(),
                               RIPCORD_PATH: dir.resolve('team').toString()]

    def setup() {
        write('runbooks/app/deploy-1.groovy', runbook('app/deploy', '1.2.0', 'one-two'))
        write('runbooks/app/deploy-10.groovy', runbook('app/deploy', '1.10.0', 'one-ten'))
        write('runbooks/app/deploy-rc.groovy', runbook('app/deploy', '1.10.0-rc.1', 'rc'))
        write('team/db/backup.groovy', runbook('db/backup', '0.1.0', 'backup'))
        write('runbooks/broken.groovy', "runbook 'x/broken', version: '1', { step 'a', { log 'x' } }")
    }

    def cleanup() {
        dir.toFile().deleteDir()
    }

    static String runbook(String name, String version, String says) {
        "runbook '$name', version: '$version', {\n    step 'say', { sh 'echo $says >> said.txt' }\n}\n"
    }

    void write(String path, String text) {
        Files.createDirectories(dir.resolve(path).parent)
        Files.writeString(dir.resolve(path), text)
    }

    CliHarness.Result here(String... args) {
        ripcord(args, cwd: dir, env: env)
    }

    def "list shows every runbook on the search path, newest version first, and the files that do not load"() {
        when:
        def out = here('list').out

        then:
        out.readLines()[0].startsWith('NAME')
        out.readLines().findAll { it.startsWith('app/deploy') }*.split(/\s+/)*.getAt(1) == ['1.10.0', '1.10.0-rc.1', '1.2.0']
        out.contains('db/backup')
        out =~ /\(invalid\).*broken\.groovy.*version '1' is not a semantic version/
    }

    def "#reference runs version #version"() {
        when:
        def result = here('run', '--no-plan', reference)

        then:
        result.exit == 0
        result.out.contains("Run succeeded: app/deploy@$version")
        Files.readString(dir.resolve('said.txt')).trim() == says

        where:
        reference                    | version        | says
        'app/deploy'                 | '1.10.0'       | 'one-ten'
        'app/deploy@1.2.0'           | '1.2.0'        | 'one-two'
        'app/deploy@1.10.0-rc.1'     | '1.10.0-rc.1'  | 'rc'
    }

    def "a runbook from RIPCORD_PATH is found by name"() {
        expect:
        here('plan', 'db/backup').out.startsWith('Plan: db/backup@0.1.0')
    }

    def "#what is a clear error"() {
        given:
        prepare(this)

        when:
        def result = here('plan', reference)

        then:
        result.exit == 2
        result.err.contains(message)

        where:
        what                 | reference           | message                                                                | prepare
        'an unknown name'    | 'app/deplyo'        | "no runbook named 'app/deplyo' on the search path — did you mean app/deploy?" | { }
        'an unknown version' | 'app/deploy@3.0.0'  | "runbook 'app/deploy' has no version 3.0.0"                            | { }
        'two contents, one version' | 'app/deploy@1.2.0' | 'app/deploy@1.2.0 is claimed by files with different content'  | { it.write('runbooks/app/copy.groovy', runbook('app/deploy', '1.2.0', 'other')) }
    }

    def "check fails when a version that already ran has different content, until the version is bumped"() {
        given:
        here('run', '--no-plan', 'db/backup')
        write('team/db/backup.groovy', runbook('db/backup', '0.1.0', 'changed'))

        when:
        def check = here('check', 'team/db/backup.groovy')

        then:
        check.exit == 2
        check.err.contains('content changed but version not bumped: db/backup@0.1.0 ran as run ')
        here('list').out =~ /db\/backup +0\.1\.0 .* SUCCEEDED /

        when:
        write('team/db/backup.groovy', runbook('db/backup', '0.1.1', 'changed'))

        then:
        here('check', 'team/db/backup.groovy').exit == 0
    }
}
