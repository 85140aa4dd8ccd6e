package io.ripcord.cli

import groovy.json.JsonSlurper
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord
import static io.ripcord.cli.CliHarness.startProcess

/** Checkpointed runs through the real command line and a real journal file. */
class ResumeSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-resume')
    Map<String, String> env = [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString(), DEMO_TOKEN: 's3cr3t-t0ken"wörd\\x']

    static final String RUNBOOK = '''\
        runbook 'demo/resume', version: '1.0.0', {
            param 'who', default: 'ops'
            step 'prepare', {
                sh 'echo prepare >> effects.txt'
                def token = secret('DEMO_TOKEN')
                sh(['echo', "token is ${token}"])   // no shell: the secret holds a quote
            }
            step 'deploy', {
                sh 'echo deploy >> effects.txt'
                sh 'test -f fixed'
                sh 'echo finish >> effects.txt'
            }
        }
        '''.stripIndent()

    def setup() {
        Files.writeString(dir.resolve('resume.groovy'), RUNBOOK)
    }

    def cleanup() {
        dir.toFile().deleteDir()
    }

    CliHarness.Result ripcordHere(String... args) {
        ripcord(args, cwd: dir, env: env)
    }

    String lastRunId() {
        ripcordHere('runs', '--limit', '1').out.readLines()[1].split(/\s+/)[0]
    }

    List<String> effects() {
        Files.readAllLines(dir.resolve('effects.txt'))
    }

    def "a failed run resumes after the fix without repeating completed calls"() {
        when:
        def first = ripcordHere('run', '--no-plan', 'resume.groovy', '-p', 'who=alice')
        def id = lastRunId()

        then:
        first.exit == 1
        first.err.contains("ripcord resume $id")
        ripcordHere('runs').out.contains("$id  FAILED")

        when:
        Files.createFile(dir.resolve('fixed'))
        def resumed = ripcordHere('resume', id)

        then:
        resumed.exit == 0
        resumed.out.contains("Resuming run $id")
        resumed.out.contains("= sh: run 'echo prepare >> effects.txt' (done before, not repeated)")
        resumed.out.contains("Run succeeded: demo/resume@1.0.0")
        effects() == ['prepare', 'deploy', 'finish']
        ripcordHere('runs', '--state', 'SUCCEEDED').out.contains(id)

        and: 'the report tells the whole story, with the parameters as given'
        def json = new JsonSlurper().parseText(ripcordHere('show', id, '--format', 'json').out)
        json.state == 'SUCCEEDED'
        json.params == [who: 'alice']
        json.steps*.name == ['prepare', 'deploy']
        json.steps[1].calls*.state == ['COMPLETED', 'COMPLETED', 'COMPLETED']
        json.events.any { it.startsWith('resume: resumed by') }
        ripcordHere('show', id).out.contains('#4 sh {"command":"test -f fixed"}  COMPLETED')
        ripcordHere('show', id, '--format', 'md').out.contains("| 4 | deploy | `sh` | COMPLETED |")
    }

    def "a secret's value reaches neither the output, the errors, the report nor the journal file"() {
        when:
        def plan = ripcordHere('plan', 'resume.groovy')
        def planJson = ripcordHere('plan', '--json', 'resume.groovy')
        def run = ripcordHere('run', 'resume.groovy')
        def id = lastRunId()
        def show = ripcordHere('show', id, '--format', 'json')
        def journalBytes = Files.walk(dir.resolve('home')).withCloseable { s ->
            s.filter { Files.isRegularFile(it) }.collect { new String(Files.readAllBytes(it), 'ISO-8859-1') }.join()
        }

        then: 'not in plans, output, reports or the journal, even where JSON escaping would have disguised it'
        !plan.all.contains('s3cr3t-t0ken')
        !planJson.all.contains('s3cr3t-t0ken')
        run.exit == 1
        run.out.contains('token is ${secret:DEMO_TOKEN}')
        !run.all.contains('s3cr3t-t0ken')
        !show.out.contains('s3cr3t-t0ken')
        show.out.contains('${secret:DEMO_TOKEN}')
        !journalBytes.contains('s3cr3t-t0ken')
    }

    def "a changed runbook is refused with the changed steps, and accepted on request"() {
        given:
        ripcordHere('run', 'resume.groovy')
        def id = lastRunId()
        Files.writeString(dir.resolve('resume.groovy'), RUNBOOK.replace("sh 'test -f fixed'", "sh 'true'"))

        when:
        def refused = ripcordHere('resume', id)

        then:
        refused.exit == 2
        refused.err.contains("changed since run $id started: changed steps 'deploy'")
        refused.err.contains('--accept-changes')

        when:
        def accepted = ripcordHere('resume', id, '--accept-changes')

        then:
        accepted.exit == 0
        effects() == ['prepare', 'deploy', 'finish']
    }

    def "a resume whose replay meets a different call stops: the runbook is not deterministic there"() {
        given:
        ripcordHere('run', 'resume.groovy')
        def id = lastRunId()
        Files.writeString(dir.resolve('resume.groovy'), RUNBOOK.replace("sh 'echo deploy >> effects.txt'", "sh 'echo DEPLOY >> effects.txt'"))

        when:
        def result = ripcordHere('resume', id, '--accept-changes')

        then:
        result.exit == 2
        result.err.contains("runbook is not deterministic here: call #3 was sh at line 9 in step 'deploy' with other arguments")
        effects() == ['prepare', 'deploy']
    }

    def "bad resumes: #what"() {
        given:
        if (setupRun) {
            Files.createFile(dir.resolve('fixed'))
            ripcordHere('run', 'resume.groovy')
        }

        when:
        def result = ripcordHere(*(args.collect { it == 'LAST' ? lastRunId() : it }) as String[])

        then:
        result.exit == 2
        result.err.contains(message)

        where:
        what                     | setupRun | args                          | message
        'no journal yet'         | false    | ['resume', 'x']               | 'there is no journal at'
        'an unknown run id'      | true     | ['resume', '20991231-000000-0000'] | "no run '20991231-000000-0000' in the journal"
        'a run that succeeded'   | true     | ['resume', 'LAST']            | 'already succeeded; nothing to resume'
        'show of an unknown run' | true     | ['show', 'nope']              | "no run 'nope'"
    }

    @Timeout(60)
    def "Ctrl-C stops the running command, marks the run interrupted (exit 130), and it resumes"() {
        given:
        Files.writeString(dir.resolve('slow.groovy'), '''\
            runbook 'demo/slow', version: '1.0.0', {
                step 'slow', {
                    sh 'echo before >> effects.txt'
                    sh '[ -e resumed ] || { sleep 60; }; echo slept >> effects.txt'
                }
            }
            '''.stripIndent())
        def running = startProcess(['run', '--no-plan', 'slow.groovy'] as String[], cwd: dir, env: env)

        when:
        while (!Files.exists(dir.resolve('effects.txt'))) sleep 50
        sleep 500
        running.signal('INT')
        def result = running.finish()
        def id = lastRunId()

        then:
        result.exit == 130
        result.err.contains("step 'slow' interrupted during sh")
        result.err.contains("next: resume it with `ripcord resume $id` when ready") // the id, not a placeholder
        ripcordHere('runs').out.contains("$id  INTERRUPTED")

        when:
        Files.createFile(dir.resolve('resumed'))
        def resumed = ripcordHere('resume', id)

        then:
        resumed.exit == 0
        effects() == ['before', 'slept']
    }
}
