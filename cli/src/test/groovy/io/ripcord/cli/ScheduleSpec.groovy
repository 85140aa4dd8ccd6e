package io.ripcord.cli

import spock.lang.IgnoreIf
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord

/**
 * ripcord schedule: systemd units that systemd-analyze verify accepts (a real systemd-analyze: bin/engines/systemd.sh
 * installs it for CI), a crontab line, --list and --remove, no secret in anything written; and run --quiet, which
 * is what they run.
 */
class ScheduleSpec extends Specification {

    static final String SECRET = 'tok3n-never-in-units'
    static final Path LAUNCHER = CliHarness.repoRoot().resolve('bin/ripcord')

    @TempDir Path dir
    @Shared int features = 0

    Path home() { dir.resolve('home') }

    Map<String, String> env() {
        [PATH: System.getenv('PATH'), HOME: home().toString(), RIPCORD_HOME: dir.resolve('rhome').toString(),
         RIPCORD_LAUNCHER: LAUNCHER.toString(), HOOK_TOKEN: SECRET]
    }

    Path units() { home().resolve('.config/systemd/user') }

    CliHarness.Result here(String... args) {
        ripcord(args, cwd: dir, env: env())
    }

    Path runbook(String name = 'shop/nightly-backup') {
        Path file = dir.resolve('nightly.groovy')
        Files.writeString(file, """\
            runbook '$name', version: '1.0.${features++}', {
                param 'label', default: 'nightly'
                def token = secret('HOOK_TOKEN')
                step 'back up', { sh 'true' }
            }
            """.stripIndent())
        file
    }

    @IgnoreIf(value = { !System.getenv('CI') && !ScheduleSpec.analyzer() }, reason = 'no systemd-analyze (bin/engines/systemd.sh installs it)')
    def "schedule writes a service and a timer that systemd-analyze verify accepts"() {
        given:
        Path file = runbook()

        when:
        def result = here('schedule', 'nightly.groovy', '--daily', '02:00', '-p', 'label=night run', '--randomized-delay', '1h')
        String service = Files.readString(units().resolve('ripcord-shop-nightly-backup.service'))
        String timer = Files.readString(units().resolve('ripcord-shop-nightly-backup.timer'))

        then:
        result.exit == 0
        result.out.contains('next: systemctl --user daemon-reload && systemctl --user enable --now ripcord-shop-nightly-backup.timer')
        service.contains('Type=oneshot')
        service.contains("ExecStart=${inhibit()} --who=ripcord --what=sleep:shutdown \"--why=ripcord run ${file}\" --mode=block "
                + "$LAUNCHER run --quiet $file -p \"label=night run\"")
        service.contains("WorkingDirectory=$dir")
        timer.readLines().containsAll(['OnCalendar=*-*-* 02:00:00', 'Persistent=true', 'RandomizedDelaySec=3600', 'WantedBy=timers.target'])

        and: 'no secret, and no variable but the paths, is in either'
        !service.contains(SECRET) && !timer.contains(SECRET)
        service.readLines().findAll { it.startsWith('Environment=') }.collect { it.split('=')[1] } as Set == ['PATH', 'RIPCORD_HOME'] as Set

        and: 'systemd reads them'
        verify(units().resolve('ripcord-shop-nightly-backup.timer'), units().resolve('ripcord-shop-nightly-backup.service')) == [0, '']
    }

    @IgnoreIf(value = { !System.getenv('CI') && !ScheduleSpec.analyzer() }, reason = 'no systemd-analyze (bin/engines/systemd.sh installs it)')
    def "systemd-analyze verify refuses a unit gone wrong (the check can fail)"() {
        given:
        runbook()
        here('schedule', 'nightly.groovy', '--daily', '02:00')
        Path bad = dir.resolve('bad')
        Files.createDirectories(bad)
        Files.writeString(bad.resolve('ripcord-shop-nightly-backup.service'), Files.readString(units().resolve('ripcord-shop-nightly-backup.service')))
        Files.writeString(bad.resolve('ripcord-shop-nightly-backup.timer'),
                Files.readString(units().resolve('ripcord-shop-nightly-backup.timer')).replace('02:00:00', '25:99'))

        expect:
        verify(bad.resolve('ripcord-shop-nightly-backup.timer'))[0] != 0
    }

    def "--list shows what was scheduled and --remove deletes it, leaving other units alone"() {
        given:
        runbook()
        here('schedule', 'nightly.groovy', '--daily', '03:15')
        Files.writeString(units().resolve('ripcord-mine.timer'), '[Timer]\nOnCalendar=daily\n') // not written by ripcord

        when:
        def listed = here('schedule', '--list')
        def removed = here('schedule', '--remove', 'shop/nightly-backup')
        def after = here('schedule', '--list')
        def again = here('schedule', '--remove', 'shop/nightly-backup')

        then:
        listed.exit == 0
        listed.out.readLines()[1].split(/\s{2,}/).toList() == ['ripcord-shop-nightly-backup', dir.resolve('nightly.groovy').toString(), 'daily 03:15', units().toString()]
        listed.out.readLines().size() == 2
        removed.exit == 0
        removed.out.contains('next: systemctl --user disable --now ripcord-shop-nightly-backup.timer; systemctl --user daemon-reload')
        Files.list(units()).collect { it.fileName.toString() } == ['ripcord-mine.timer']
        after.out.contains("No schedules in ${units()}.")
        again.exit == 2
        again.err.contains("error[INVALID_COMMAND_LINE]: no schedule named 'shop/nightly-backup'")
    }

    def "--cron prints a crontab line: minute, hour, the directory, a random sleep, the quiet run"() {
        given:
        runbook()

        when:
        def result = here('schedule', 'nightly.groovy', '--daily', '02:30', '--cron', '--randomized-delay', '30m', '-p', 'label=a%b')

        then:
        result.exit == 0
        result.out.startsWith("30 2 * * * cd $dir && sleep \$(shuf -i 0-1799 -n 1) && PATH=")
        result.out.strip().endsWith("$LAUNCHER run --quiet ${dir.resolve('nightly.groovy')} -p label=a\\%b")
        !result.out.contains(SECRET)
        !Files.exists(units())
    }

    def "a secret given as a -p value is refused: nothing is written"() {
        given:
        runbook()

        when:
        def result = here('schedule', 'nightly.groovy', '--daily', '02:00', '-p', "label=$SECRET")

        then:
        result.exit == 2
        result.err.contains('error[INVALID_COMMAND_LINE]: the service unit would hold a secret\'s value')
        !result.all.contains(SECRET)
        !Files.exists(units().resolve('ripcord-shop-nightly-backup.service'))
    }

    def "#what is refused before anything is written"() {
        given:
        runbook()

        when:
        def result = here(['schedule'] + args as String[])

        then:
        result.exit == 2
        result.err.contains(says)
        !Files.exists(units())

        where:
        what                      | args                                                       || says
        'a time of day past 23:59'| ['nightly.groovy', '--daily', '25:00']                     || "--daily expects a time of day like 02:00, got '25:00'"
        'no --daily'              | ['nightly.groovy']                                         || 'schedule needs a runbook and --daily HH:MM'
        'an unknown parameter'    | ['nightly.groovy', '--daily', '02:00', '-p', 'lable=x']    || "lable"
        'a bad delay'             | ['nightly.groovy', '--daily', '02:00', '--randomized-delay', 'soon'] || "--randomized-delay expects a duration like 1h or 30m, got 'soon'"
    }

    def "run --quiet prints nothing when the run succeeds, and the failure when it fails"() {
        given:
        Path ok = dir.resolve('ok.groovy')
        Files.writeString(ok, "runbook 'demo/quiet-ok', version: '1.0.${features++}', {\n    step 'a', { sh 'echo hello' }\n}\n")
        Path bad = dir.resolve('bad.groovy')
        Files.writeString(bad, "runbook 'demo/quiet-bad', version: '1.0.${features++}', {\n    step 'a', { log 'w', level: 'warn'; sh 'exit 3' }\n}\n")

        when:
        def quiet = here('run', '--quiet', 'ok.groovy')
        def failing = here('run', '--quiet', 'bad.groovy')

        then:
        quiet.exit == 0
        quiet.out == ''
        quiet.err == ''
        failing.exit == 1
        failing.out == ''
        failing.err.readLines()[0] == 'warning: w'
        failing.err.contains("error[STEP_FAILED]: step 'a' failed: sh: ")
    }

    // ---- helpers

    static String analyzer() {
        String path = System.getenv('RIPCORD_SYSTEMD_ANALYZE') ?: 'systemd-analyze'
        try {
            [path, '--version'].execute().waitFor() == 0 ? path : null
        } catch (IOException ignored) {
            null
        }
    }

    static String inhibit() {
        System.getenv('PATH').split(':').collect { Path.of(it, 'systemd-inhibit') }.find { it.isAbsolute() && Files.isExecutable(it) }
                ?: '/usr/bin/systemd-inhibit'
    }

    /** systemd-analyze verify on the files, offline (no manager runs here): exit code and what it said. */
    List verify(Path... files) {
        String analyze = analyzer()
        assert analyze: 'systemd-analyze is missing: source bin/engines/systemd.sh'
        def p = ([analyze, 'verify'] + files*.toString()).execute()
        String said = p.err.text + p.in.text
        p.waitFor()
        [p.exitValue(), said.strip()]
    }
}
