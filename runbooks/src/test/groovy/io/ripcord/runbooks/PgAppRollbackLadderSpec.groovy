package io.ripcord.runbooks

import io.ripcord.cli.DemoService
import io.ripcord.stdlib.postgres.PostgresEngine
import spock.lang.IgnoreIf
import spock.lang.Snapshot
import spock.lang.Snapshotter
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.runbooks.RunbookFixture.shell
import static io.ripcord.stdlib.postgres.PostgresEngine.rows
import static io.ripcord.stdlib.postgres.PostgresEngine.sql

/**
 * Seed 002's rollback ladder (runbooks/pg-app/rollback-ladder.groovy) after a bad release, on real components: the
 * demo service in a Docker container, the PostgreSQL test server, an uploads directory and a git checkout whose
 * deploy.sh runs the image its VERSION names. Every spec starts from the incident: seed 003's pre-deploy backed up
 * the database and the files, then deployed the bad commit (v2, whose /health fails). The run's health step finds
 * the service down and the ladder climbs from `startLevel`, one level at a time while the health gate stays red.
 */
@IgnoreIf(value = { !System.getenv('CI') && !(DemoService.available() && PostgresEngine.available()) },
        reason = 'needs the Docker Engine with the demo service and the PostgreSQL test server (bin/test brings them up)')
@Timeout(180)
class PgAppRollbackLadderSpec extends Specification {

    @Snapshot
    Snapshotter snapshotter

    String db = PostgresEngine.freshDatabase('ladder')
    RunbookFixture fx = new RunbookFixture(RunbookFixture.pgpass(PostgresEngine.USER, PostgresEngine.PASSWORD))
    String name = 'rc-ladder-' + UUID.randomUUID().toString().substring(0, 8)
    String url = "postgresql://${PostgresEngine.USER}@${PostgresEngine.HOST}:${PostgresEngine.PORT}/$db"
    Path state = fx.dir.resolve('app'), repo = fx.dir.resolve('repo'), uploads = fx.dir.resolve('uploads')
    int port

    def setup() {
        port = DemoService.start(name, state)
        sql(db, "CREATE TABLE users (id int PRIMARY KEY, name text); INSERT INTO users SELECT i, 'user ' || i FROM generate_series(1, 500) i")
        Files.createDirectories(uploads)
        (1..3).each { Files.writeString(uploads.resolve("avatar-${it}.png"), "PNG ${(1..30).collect { UUID.randomUUID() }}\n") }
        Files.createDirectories(repo)
        Files.writeString(repo.resolve('deploy.sh'), """\
            docker rm -f $name > /dev/null 2>&1
            exec docker run -d --name $name -p 127.0.0.1:$port:8080 -v $state/data:/data -v $state/app.env:/app.env:ro \\
                -e DEMO_ENV_FILE=/app.env ripcord-demo:\$(cat VERSION)
            """.stripIndent())
        Files.writeString(repo.resolve('VERSION'), 'v1\n')
        // the checkout has its own identity, as a server's deploy checkout would: the suite runs with an empty HOME
        shell(repo, 'git init -q -b main && git config user.email oncall@example.org && git config user.name oncall')
        git('add . && git commit -q -m "release v1"')
        Files.writeString(repo.resolve('VERSION'), 'v2\n')
        git('commit -q -am "release v2"')

        def bad = fx.run(['run', '--no-plan', 'pg-app/pre-deploy', '-p', "db=$url", '-p', "objects=$uploads", '-p', "repo=$repo",
                          '-p', "backups=${fx.dir}/backups", '-p', 'deploy=sh deploy.sh']*.toString())
        assert bad.exit == 0: bad
        assert DemoService.version(port) == 'v2' && health() == 503
    }

    def cleanup() {
        DemoService.remove(name)
        PostgresEngine.drop(db)
        fx.cleanup()
    }

    List<String> ladder(Map options = [:]) {
        int start = options.start ?: 1
        String previous = options.previous ?: DemoService.V1
        String deploy = options.deploy ?: 'sh deploy.sh'
        ['pg-app/rollback-ladder', '-p', "startLevel=$start", '-p', "container=$name", '-p', "previous=$previous", '-p', "repo=$repo",
         '-p', "deploy=$deploy", '-p', "db=$url", '-p', "files=$uploads", '-p', "health=http://127.0.0.1:$port/health",
         '-p', 'interval=200ms']*.toString()
    }

    String git(String command) { shell(repo, "git $command") }

    int users() { rows(db, 'SELECT count(*) FROM users')[0][0] as int }

    int health() { ((HttpURLConnection) new URL("http://127.0.0.1:$port/health").openConnection()).responseCode }

    /** What the bad release's migration destroyed: every user, and the uploads. */
    void destroyData() {
        sql(db, 'DELETE FROM users')
        uploads.toFile().listFiles()*.delete()
    }

    /** A commit after the bad one that changes nothing that runs: reverting HEAD (level 2) then cannot help. */
    void commitAfterTheBadOne() {
        Files.writeString(repo.resolve('CHANGELOG'), 'v2: new migration\n')
        git('add CHANGELOG && git commit -q -m "changelog"')
    }

    int safetyDumps() {
        Files.list(fx.dir.resolve('backups')).withCloseable { s -> s.filter { it.fileName.toString() ==~ /.*-safety\.dump/ }.count() as int }
    }

    def show(String runId) {
        new groovy.json.JsonSlurper().parseText(fx.run(['show', runId, '--format', 'json']).out)
    }

    def "level 1 redeploys the previous image, its gate turns green, and neither git nor the data is touched (exit 3)"() {
        when:
        def result = fx.run(['run', '--no-plan'] + ladder())

        then:
        result.exit == 3
        result.err.contains("level 1 'redeploy' of the ladder brought it back, its gate verified it (RTO ")
        DemoService.version(port) == 'v1' && health() == 200
        git('log -1 --format=%s') == 'release v2'
        users() == 500
        show(RunbookFixture.runId(result)).rollback.levels*.name == ['redeploy']
    }

    def "level 1's gate stays red (the previous image is just as broken), so level 2 reverts the bad commit and deploys: green"() {
        when:
        def result = fx.run(['run', '--no-plan'] + ladder(previous: DemoService.V2))
        def report = show(RunbookFixture.runId(result))

        then:
        result.exit == 3
        result.out.contains("✗ level 1 'redeploy': still red: healthCheck: ")
        result.err.contains("level 2 'revert' of the ladder brought it back")
        git('log -1 --format=%s') == 'Revert "release v2"'
        Files.readString(repo.resolve('VERSION')) == 'v1\n'
        DemoService.version(port) == 'v1' && health() == 200
        users() == 500 && safetyDumps() == 0
        report.rollback.levels*.outcome == ['STILL_RED', 'FIXED']
        report.rollback.fixedBy == 'revert'
        report.rollback.levels.every { it.millis >= 0 }
    }

    def "red up to level 3, whose approval is refused: exit 4, every level listed, nothing of level 3 done"() {
        given: 'a broken previous image, a revert that cannot help, and a migration that destroyed the data'
        commitAfterTheBadOne()
        destroyData()

        when:
        def result = fx.run(['run', '--no-plan'] + ladder(previous: DemoService.V2))

        then:
        result.exit == 4
        result.err.contains('MANUAL INTERVENTION REQUIRED: the rollback of pg-app/rollback-ladder@2.0.0 failed')
        result.err.contains("level 1 'redeploy' ran; its gate stayed red")
        result.err.contains("level 2 'revert' ran; its gate stayed red")
        result.err.contains("level 3 'restore db' not approved; nothing of it was done")
        result.err.contains("approved with --approve 'restore db'")
        !result.out.contains("Level 4/4")

        and: 'level 3 stopped nothing, dumped nothing, restored nothing'
        DemoService.version(port) == 'v2' // still running: not stopped
        safetyDumps() == 0
        users() == 0
        git('log -1 --format=%s') == 'Revert "changelog"'
    }

    def "killed by SIGKILL inside level 2, the resume replays level 1 and the revert, deploys, and never reaches level 3"() {
        given: 'level 2\'s deploy waits first, so the kill lands inside it'
        destroyData()
        String slowDeploy = 'sleep 3 && sh deploy.sh'

        when:
        def crashed = fx.killWhen("! sh: run '$slowDeploy'", ['run', '--no-plan'] + ladder(previous: DemoService.V2, deploy: slowDeploy))
        def resumed = fx.run(['resume', RunbookFixture.runId(crashed)])

        then:
        crashed.exit == 137
        resumed.exit == 3
        resumed.out.contains("= startService: ") // level 1, replayed
        resumed.out.contains("= sh: run 'git -C '$repo' revert --no-edit HEAD' (done before, not repeated)")
        !resumed.out.contains('Level 3/4')
        git('log --format=%s').readLines().count { it.startsWith('Revert') } == 1
        DemoService.version(port) == 'v1' && health() == 200
        safetyDumps() == 0
        users() == 0 // level 3 never ran: the data is as the migration left it
        show(RunbookFixture.runId(crashed)).rollback.levels*.outcome == ['STILL_RED', 'FIXED']
    }

    def "level 2 in a checkout without a commit identity says which one is missing, reverts nothing and climbs"() {
        given: 'an empty email in the checkout, which overrides any identity this machine has'
        git('config user.email ""')

        when:
        def result = fx.run(['run', '--no-plan'] + ladder(start: 2))

        then:
        result.exit == 4
        result.err.contains("git has no user.email to commit the revert in $repo: set it with git -C $repo config user.email VALUE")
        result.err.contains("level 2 'revert' failed part-way")
        result.err.contains("level 3 'restore db' not approved")
        git('log -1 --format=%s') == 'release v2'
        DemoService.version(port) == 'v2'
    }

    def "started at level 3 and approved, it stops the app, restores PostgreSQL after a safety dump and redeploys the previous image"() {
        given:
        destroyData()

        when:
        def result = fx.run(['run', '--no-plan', '--approve', 'restore db'] + ladder(start: 3))

        then:
        result.exit == 3
        result.out.contains("approved (--approve 'restore db')")
        result.err.contains("level 3 'restore db' of the ladder brought it back")
        users() == 500
        safetyDumps() == 1
        uploads.toFile().list().length == 0 // level 3 leaves the files alone
        DemoService.version(port) == 'v1' && health() == 200
    }

    def "its plan is stable"() {
        when:
        def plan = fx.run(['plan'] + ladder(start: 2))

        then:
        plan.exit == 0
        snapshotter.assertThat(fx.normalized(plan.out, ['<container>': name, '<port>': "$port".toString(), '<db>': db,
                                                        '<pg>': "${PostgresEngine.HOST}:${PostgresEngine.PORT}".toString()])).matchesSnapshot()
    }
}
