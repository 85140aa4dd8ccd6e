package io.ripcord.journal

import io.ripcord.exec.RunState
import io.ripcord.process.ProcessIdentity
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.sql.DriverManager

/**
 * Whether a RUNNING run's owner still runs, on a real journal file and real processes: pid + start time + boot, not
 * the pid alone, which after a crash may belong to any other program.
 */
class RunOwnerSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-owner')
    Path file = dir.resolve('journal.db')
    Operator me = Operator.current()
    Journal journal = Journal.open(file)

    def cleanup() {
        journal.close()
        dir.toFile().deleteDir()
    }

    RunRecord run(String id, Operator owner = me) {
        journal.createRun(new Journal.NewRun(id, 'run', 'demo/x', '1.0.0', '/x.groovy', 'abc', [:], [:], owner))
    }

    void sql(String statement) {
        DriverManager.getConnection("jdbc:sqlite:$file").withCloseable { it.createStatement().execute(statement) }
    }

    def "a run records its owner's pid, start time and boot, and a heartbeat"() {
        when:
        def recorded = run('r1')

        then:
        recorded.ownerProcess() == ProcessIdentity.current().get()
        recorded.heartbeatAt() != null
        !recorded.ownerGone()
        recorded.stateLabel() == 'RUNNING'
    }

    def "an owner pid that is alive but started at another time (#what) is a reused pid: the owner is gone"() {
        given:
        run('r1')

        when:
        sql("UPDATE runs SET $change WHERE id = 'r1'")
        def now = journal.run('r1').get()

        then: 'the pid alone would say alive: this very process has it'
        ProcessHandle.of(now.operator().pid()).get().alive
        now.ownerGone()
        now.stateLabel() == 'RUNNING (owner gone; resumable)'

        and: 'so the run may be claimed by a resume'
        journal.claimRun('r1', new Operator('bob', me.host(), me.pid() + 1), 'abc', [:])

        where:
        what                      | change
        'an earlier start tick'   | 'owner_start = owner_start - 1'
        'another boot'            | "owner_boot = 'another-boot'"
    }

    def "a killed owner is gone, an owner on another host is never taken as gone here, and a finished run is not RUNNING"() {
        given:
        def child = new ProcessBuilder('sleep', '60').start()
        run('killed', new Operator(me.user(), me.host(), child.pid()))
        run('elsewhere', new Operator('carol', 'another-host', me.pid()))
        run('done')
        journal.finishRun('done', RunState.SUCCEEDED, null)

        expect:
        !journal.run('killed').get().ownerGone()

        when:
        child.destroyForcibly().waitFor()

        then:
        journal.run('killed').get().ownerGone()
        !journal.run('elsewhere').get().ownerGone()
        !journal.run('done').get().ownerGone()
        journal.run('done').get().stateLabel() == 'SUCCEEDED'
    }

    def "the heartbeat moves forward while the run is under way and stops when it ends"() {
        given:
        run('r1')
        sql("UPDATE runs SET heartbeat_at = 1 WHERE id = 'r1'")

        when:
        journal.heartbeatRun('r1')

        then:
        journal.run('r1').get().heartbeatAt().toEpochMilli() > 1

        when:
        journal.finishRun('r1', RunState.FAILED, 'x')
        sql("UPDATE runs SET heartbeat_at = 1 WHERE id = 'r1'")
        journal.heartbeatRun('r1')

        then:
        journal.run('r1').get().heartbeatAt().toEpochMilli() == 1
    }
}
