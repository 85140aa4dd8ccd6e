package io.ripcord.runbooks

import spock.lang.IgnoreIf
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.repoRoot
import static io.ripcord.runbooks.ReleaseArchiveSpec.exec

/**
 * The two other things bin/release makes, used as a user would: the archive with its own jlink runtime runs on a
 * machine whose PATH has no java at all, and the .deb, installed by the real dpkg (into a root of its own, so the
 * suite never changes the machine's packages), puts ripcord on /usr/bin, with its man pages and completion where
 * Debian looks for them.
 */
@IgnoreIf(value = { !System.getenv('CI') && !Files.isExecutable(Path.of('/usr/bin/dpkg')) }, reason = 'no dpkg: a Debian machine builds and installs the .deb')
class ReleasePackagesSpec extends Specification {

    @Shared Path work = Files.createTempDirectory('ripcord-packages')
    @Shared String version = (Files.readString(repoRoot().resolve('pom.xml')) =~ /(?m)^  <version>(.+)<\/version>/)[0][1]
    @Shared String debVersion = version.replace('-', '~')
    @Shared Path out = repoRoot().resolve('target/release')

    def setupSpec() {
        def release = exec(repoRoot(), [:], repoRoot().resolve('bin/release').toString(), '--no-build')
        assert release.exit == 0: release.err
    }

    def cleanupSpec() {
        // Files.walk does not follow links: it removes the links of tools/, never what they point to (Groovy's deleteDir follows a link to a
        // directory, such as /usr/bin/X11 -> ., and would empty /usr/bin)
        Files.walk(work).withCloseable { paths -> paths.sorted(Comparator.reverseOrder()).each { Files.delete(it) } }
    }

    def "the runtime archive needs no JDK: with no java on PATH and no JAVA_HOME it checks and plans a shipped runbook on its own runtime"() {
        given: 'a PATH with every tool of the system (not its directories) except java and its kin'
        Path tools = Files.createDirectories(work.resolve('tools'))
        Files.list(Path.of('/usr/bin')).withCloseable { bins ->
            bins.filter { Files.isRegularFile(it) && Files.isExecutable(it) && !(it.fileName.toString() ==~ /java.*|jlink|jshell|jar|javac|jdeps|keytool|jcmd|jps|jstack|jfr/) }
                .each { Files.createSymbolicLink(tools.resolve(it.fileName.toString()), it) }
        }
        Path opt = Files.createDirectories(work.resolve('opt'))
        assert exec(opt, [:], 'tar', '-xzf', out.resolve("ripcord-$version-linux-x64-runtime.tar.gz").toString()).exit == 0
        Path home = Files.createDirectories(work.resolve('home-runtime'))
        Map env = [HOME: home.toString(), PATH: tools.toString()]
        String ripcord = opt.resolve("ripcord-$version-linux-x64/bin/ripcord").toString()

        when:
        def noJava = exec(opt, env, tools.resolve('sh').toString(), '-c', 'command -v java || echo none')
        def check = exec(opt, env, ripcord, 'check', 'host/preflight')
        def plan = exec(opt, env + [RIPCORD_JAVA_OPTS: '-XshowSettings:properties'], ripcord, 'plan', 'host/preflight', '-p', "dir=$home")

        then:
        noJava.out.trim() == 'none'
        check.exit == 0
        check.out.contains('ok  host/preflight  host/preflight@1.0.0 (3 steps, 1 param)')
        plan.exit == 0
        plan.out.startsWith('Plan: host/preflight@1.0.0')
        plan.err.contains("java.home = ${opt.resolve("ripcord-$version-linux-x64/runtime")}")
    }

    def "the .deb names the package and its JDK dependency, and dpkg installs /usr/bin/ripcord, the man pages and the completion"() {
        given: 'an empty root with dpkg\'s database, so the real dpkg installs there and not into the machine'
        Path root = work.resolve('root')
        Files.createDirectories(root.resolve('var/lib/dpkg/info'))
        Files.createDirectories(root.resolve('var/lib/dpkg/updates'))
        Files.createFile(root.resolve('var/lib/dpkg/status'))
        Path deb = out.resolve("ripcord_${debVersion}_amd64.deb")
        String javaBin = Path.of(System.getProperty('java.home'), 'bin').toString()
        Path home = Files.createDirectories(work.resolve('home-deb'))

        when: 'its dependency (a Java runtime) is the machine\'s JDK, not in this root: dpkg is told so'
        def info = exec(work, [:], 'dpkg-deb', '--field', deb.toString(), 'Package', 'Version', 'Architecture', 'Depends')
        def install = exec(work, [:], 'dpkg', "--root=$root", '--force-depends', '--force-script-chrootless', '-i', deb.toString())
        def status = exec(work, [:], 'dpkg', "--root=$root", '-s', 'ripcord')
        def check = exec(work, [HOME: home.toString(), PATH: "$javaBin:/usr/bin:/bin".toString()], root.resolve('usr/bin/ripcord').toString(),
                'check', 'workload-app/backup')

        then:
        info.out.readLines() == ['Package: ripcord', "Version: $debVersion".toString(), 'Architecture: amd64',
                                 'Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless | java21-runtime-headless']
        install.exit == 0
        status.out.contains('Status: install ok installed')
        Files.readSymbolicLink(root.resolve('usr/bin/ripcord')) == Path.of('../lib/ripcord/bin/ripcord')
        Files.isRegularFile(root.resolve('usr/share/man/man1/ripcord.1.gz'))
        Files.isRegularFile(root.resolve('usr/share/man/man1/ripcord-run.1.gz'))
        Files.isRegularFile(root.resolve('usr/share/bash-completion/completions/ripcord'))
        Files.isRegularFile(root.resolve('usr/share/zsh/vendor-completions/_ripcord'))
        check.exit == 0
        check.out.startsWith('ok  workload-app/backup  workload-app/backup@')
    }
}
