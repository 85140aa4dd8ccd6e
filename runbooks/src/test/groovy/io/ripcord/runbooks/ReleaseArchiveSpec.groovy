package io.ripcord.runbooks

import spock.lang.IgnoreIf
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import java.util.zip.ZipFile

import static io.ripcord.cli.CliHarness.repoRoot

/**
 * The release archive as a user gets it: bin/release builds it (from the jar this build just packaged), GNU tar
 * unpacks it into an empty directory, and with an empty HOME, no source tree, no Maven and nothing on PATH but a
 * JDK and the system's tools, the installed ripcord checks, plans and runs a shipped runbook, and man shows its pages.
 */
class ReleaseArchiveSpec extends Specification {

    @Shared Path work = Files.createTempDirectory('ripcord-release')
    @Shared Path archive
    @Shared Path installed
    static final List<String> MAN_PAGES = ['ripcord.1'] + ['check', 'plan', 'run', 'resume', 'list', 'runs', 'backups', 'show',
            'schedule', 'unlock', 'repl', 'completion', 'help'].collect { "ripcord-${it}.1".toString() }

    @Shared String version = (Files.readString(repoRoot().resolve('pom.xml')) =~ /(?m)^  <version>(.+)<\/version>/)[0][1]

    def setupSpec() {
        def release = exec(repoRoot(), [:], repoRoot().resolve('bin/release').toString(), '--no-build', '--archive-only')
        assert release.exit == 0: release.err
        archive = Path.of(release.out.readLines().last())
        def unpack = exec(work.resolve('opt').with { Files.createDirectories(it) }, [:], 'tar', '-xzf', archive.toString())
        assert unpack.exit == 0: unpack.err
        installed = work.resolve("opt/ripcord-$version-linux-x64")
    }

    def cleanupSpec() {
        work.toFile().deleteDir()
    }

    def "bin/release prints the archive's path last, named for the version and the platform"() {
        expect:
        archive == repoRoot().resolve("target/release/ripcord-$version-linux-x64.tar.gz")
        Files.isRegularFile(archive)
    }

    def "the archive holds the launcher, the jar, the shipped runbooks, the docs, the completion scripts, the man pages, and no source tree"() {
        when:
        def files = Files.walk(installed).filter { Files.isRegularFile(it) }.collect { installed.relativize(it).toString() }.toSet()

        then:
        files == (['bin/ripcord', 'lib/ripcord.jar', 'lib/jvm-options.sh', 'VERSION', 'README.md', 'runbooks/README.md',
                  'runbooks/compose-app/deploy.groovy', 'runbooks/host/preflight.groovy', 'runbooks/pg-app/pre-deploy.groovy',
                  'runbooks/pg-app/rollback-ladder.groovy', 'runbooks/tagged-app/rollback.groovy',
                  'runbooks/workload-app/backup.groovy', 'runbooks/workload-app/offsite.groovy', 'runbooks/workload-app/restore-drill.groovy',
                  'runbooks/workload-app/restore.groovy', 'share/bash-completion/completions/ripcord',
                  'share/zsh/site-functions/_ripcord',
                  'docs/architecture.md', 'docs/development.md', 'docs/guide.md', 'docs/operations.md', 'docs/performance.md',
                  'docs/verbs.md'] as Set) + MAN_PAGES.collect { "share/man/man1/$it".toString() }
        Files.readString(installed.resolve('share/bash-completion/completions/ripcord')).contains('complete -F _complete_ripcord')
        Files.isExecutable(installed.resolve('bin/ripcord'))
    }

    @IgnoreIf(value = { !System.getenv('CI') && !Files.isExecutable(Path.of('/usr/bin/man')) }, reason = 'no man (bin/engines/man.sh installs man-db)')
    def "man shows the installed pages: ripcord(1) lists every command, and ripcord-run(1) is found on the archive's MANPATH"() {
        given:
        Path man1 = installed.resolve('share/man/man1')
        Map env = [PATH: '/usr/bin:/bin', MANWIDTH: '120', PAGER: 'cat', HOME: work.toString()]

        when:
        def top = exec(work, env, 'man', '-l', man1.resolve('ripcord.1').toString())
        def run = exec(work, env, 'man', '-M', installed.resolve('share/man').toString(), 'ripcord-run')

        then:
        top.exit == 0
        top.out.startsWith('RIPCORD(1)')
        MAN_PAGES.findAll { it != 'ripcord.1' }.collect { it - '.1' }
                .findAll { !top.out.replaceAll(/-\s+/, '-').replaceAll(/\s+/, ' ').contains("See ${it}(1).") } == []
        top.out.contains("ripcord $version")
        run.exit == 0
        run.out.contains('SYNOPSIS\n       ripcord run [OPTIONS] FILE|NAME[@VERSION]\n')
    }

    def "the jar carries native libraries for x86-64 Linux only"() {
        when:
        def natives = new ZipFile(installed.resolve('lib/ripcord.jar').toFile()).withCloseable { zip ->
            zip.entries().toList()*.name.findAll { it ==~ /.*\.(so|dll|dylib|jnilib)$/ }.toSet()
        }

        then:
        natives == ['org/sqlite/native/Linux/x86_64/libsqlitejdbc.so', 'org/sqlite/native/Linux-Musl/x86_64/libsqlitejdbc.so',
                    'linux/amd64/libzstd-jni-1.5.7-28.so', 'com/sun/jna/linux-x86-64/libjnidispatch.so',
                    'org/jline/nativ/Linux/x86_64/libjlinenative.so'] as Set
    }

    def "installed with an empty HOME, it checks, plans and runs a shipped runbook, and makes its class-data archive in the cache"() {
        given: 'an empty home, an empty working directory, PATH with a JDK and the system tools only'
        Path home = Files.createDirectories(work.resolve('home'))
        Path cwd = Files.createDirectories(work.resolve('cwd'))
        String javaBin = Path.of(System.getProperty('java.home'), 'bin').toString()
        Map env = [HOME: home.toString(), PATH: "$javaBin:/usr/bin:/bin".toString()]
        String ripcord = installed.resolve('bin/ripcord').toString()

        when:
        def check = exec(cwd, env, ripcord, 'check', 'host/preflight')
        def plan = exec(cwd, env, ripcord, 'plan', 'host/preflight', '-p', "dir=$cwd")
        def run = exec(cwd, env, ripcord, 'run', '--no-plan', 'host/preflight', '-p', "dir=$cwd")
        def runs = exec(cwd, env, ripcord, 'runs')

        then:
        check.exit == 0
        check.out.contains('ok  host/preflight  host/preflight@1.0.0 (3 steps, 1 param)')
        plan.exit == 0
        plan.out.startsWith("Plan: host/preflight@1.0.0  ${installed.resolve('runbooks/host/preflight.groovy')}")
        run.exit == 0
        run.out.contains('Run succeeded: host/preflight@1.0.0, 3 steps')
        runs.out.contains('SUCCEEDED')

        and: 'the journal and the class-data archive went to the user\'s home, nothing to the install'
        Files.exists(home.resolve('.ripcord/journal.db'))
        Files.list(home.resolve('.cache/ripcord')).collect { it.fileName.toString() }.findAll { !it.startsWith('.') }
                .every { it ==~ /ripcord-\Q$version\E-jdk\d+\.(jsa|aot)/ }
        Files.list(home.resolve('.cache/ripcord')).count() == 2 // the archive and the lock of its training
        Files.walk(installed).count() == old(Files.walk(installed).count())
    }

    // ---- helpers

    static Map exec(Path cwd, Map env, String... command) {
        def builder = new ProcessBuilder(command).directory(cwd.toFile())
        if (env) {
            builder.environment().clear()
            env.each { k, v -> builder.environment().put(k as String, v as String) }
        }
        def p = builder.start()
        def out = new StringBuilder(), err = new StringBuilder()
        p.consumeProcessOutput(out, err)
        assert p.waitFor(5, TimeUnit.MINUTES): "${command.toList()} did not end"
        p.waitForProcessOutput()
        [exit: p.exitValue(), out: out.toString(), err: err.toString()]
    }
}
