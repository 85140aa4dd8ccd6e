package io.ripcord.cli

import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord

class RunCommandSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-run')

    static final String DEPLOY = '''\
        runbook 'demo/deploy', version: '1.2.0', {
            description 'Write the image name to a file'
            param 'image', required: true, description: 'the image to deploy'
            param 'retries', type: Integer, default: 2
            param 'pause', default: 1.seconds

            step 'record', {
                sh "echo ${params.image} > deployed.txt"
            }
            step 'report', {
                def text = sh 'cat deployed.txt'
                log "deployed ${text} with ${params.retries} retries after ${params.pause}"
            }
        }
        '''.stripIndent()

    def setup() {
        Files.writeString(dir.resolve('deploy.groovy'), DEPLOY)
    }

    def cleanup() {
        dir.toFile().deleteDir()
    }

    def "a run prints the plan, runs every step in order and exits 0"() {
        when:
        def result = ripcord('run', 'deploy.groovy', '-p', 'image=app:2', cwd: dir)

        then:
        result.exit == 0
        result.out.indexOf('Plan: demo/deploy@1.2.0') < result.out.indexOf('[1/2] record')
        result.out.indexOf('[1/2] record') < result.out.indexOf('[2/2] report')
        result.out.contains('deployed app:2 with 2 retries after 1s')
        result.out.contains('Run succeeded: demo/deploy@1.2.0, 2 steps')
        Files.readString(dir.resolve('deployed.txt')).trim() == 'app:2'
    }

    def "a failing step stops the run with exit 1, naming the step, the verb, the line and the command's error"() {
        given:
        Files.writeString(dir.resolve('fail.groovy'), '''\
            runbook 'demo/fail', version: '1.0.0', {
                step 'first', { sh 'echo first > first.txt' }
                step 'broken', {
                    sh 'echo about to fail; echo disk full >&2; exit 3'
                }
                step 'never', { sh 'echo never > never.txt' }
            }
            '''.stripIndent())

        when:
        def result = ripcord('run', '--no-plan', 'fail.groovy', cwd: dir)

        then:
        result.exit == 1
        result.err.contains("error[STEP_FAILED]: step 'broken' failed: sh: command exited with status 3: 'echo about to fail; echo disk full >&2; exit 3'")
        result.err.contains('disk full')
        result.err.contains('at fail.groovy:4')
        result.err.contains('Run failed: demo/fail@1.0.0 after 1 of 3 steps (exit 1)')
        Files.exists(dir.resolve('first.txt'))
        !Files.exists(dir.resolve('never.txt'))
    }

    def "a bug in a step's own code is caught by the plan, before anything runs, with its line and no stack trace"() {
        given:
        Files.writeString(dir.resolve('npe.groovy'), '''\
            runbook 'demo/npe', version: '1.0.0', {
                step 'compute', {
                    def missing = null
                    log "length ${missing.length()}"
                }
            }
            '''.stripIndent())

        when:
        def result = ripcord('run', '--no-plan', 'npe.groovy', cwd: dir)

        then:
        result.exit == 2
        result.err.contains("planning step 'compute' failed: NullPointerException")
        result.err.contains('at npe.groovy:4')
        !result.err.contains('\tat ')
    }

    def "parameter problem: #problem exits 2 before anything runs"() {
        when:
        def result = ripcord(['run', 'deploy.groovy'] + args as String[], cwd: dir)

        then:
        result.exit == 2
        result.err.contains(message)
        !Files.exists(dir.resolve('deployed.txt'))

        where:
        problem            | args                                      | message
        'missing required' | []                                        | "missing required parameter 'image' (the image to deploy) at deploy.groovy:3"
        'unknown name'     | ['-p', 'image=a', '-p', 'imgae=b']         | "unknown parameter 'imgae' for runbook demo/deploy@1.2.0 — did you mean image?"
        'wrong type'       | ['-p', 'image=a', '-p', 'retries=many']   | "parameter 'retries' expects a whole number, got 'many'"
        'bad duration'     | ['-p', 'image=a', '-p', 'pause=soon']     | "parameter 'pause' expects a duration like 30s, 10m, 1m30s, 2h, 1d, got 'soon'"
        'no params file'   | ['--params-file', 'nope.json']            | 'cannot read params file nope.json: no such file'
    }

    def "values come from a #format params file, and -p wins over the file"() {
        given:
        Files.writeString(dir.resolve(file), text)

        when:
        def result = ripcord('run', 'deploy.groovy', '--params-file', file, '-p', 'retries=5', cwd: dir)

        then:
        result.exit == 0
        result.out.contains('deployed from-file with 5 retries after 30s')

        where:
        format       | file            | text
        'JSON'       | 'params.json'   | '{"image": "from-file", "retries": 1, "pause": "30s"}'
        'key=value'  | 'params.env'    | '# deploy settings\nimage = from-file\nretries=1\npause=30s\n'
    }

    def "a journal that cannot be written stops the run before any step acts"() {
        when:
        def result = ripcord('run', '--no-plan', 'deploy.groovy', '-p', 'image=a', '--journal', '/proc/ripcord-no/journal.db', cwd: dir)

        then:
        result.exit == 2
        result.err.contains('cannot write the journal /proc/ripcord-no/journal.db')
        result.err.contains('--journal')
        !Files.exists(dir.resolve('deployed.txt'))
    }

    def "a malformed params file is reported with its line"() {
        given:
        Files.writeString(dir.resolve('bad.env'), 'image=a\nthis line has no equals sign\n')

        when:
        def result = ripcord('run', 'deploy.groovy', '--params-file', 'bad.env', cwd: dir)

        then:
        result.exit == 2
        result.err.contains("params file bad.env:2: expected key=value, got 'this line has no equals sign'")
    }

    def "a verb argument of the wrong type computed at run time is caught by the plan before any step acts"() {
        given:
        Files.writeString(dir.resolve('typed.groovy'), '''\
            runbook 'demo/typed', version: '1.0.0', {
                step 'first', { sh 'echo first > first.txt' }
                step 'second', {
                    def seconds = 5
                    wait seconds
                }
            }
            '''.stripIndent())

        when:
        def result = ripcord('run', 'typed.groovy', cwd: dir)

        then:
        result.exit == 2
        result.err.contains("wait argument 'duration' expects a duration like 30.seconds, got 5 (Integer) at typed.groovy:5")
        !Files.exists(dir.resolve('first.txt'))
    }
}
