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
 * the database and the files, then deployed the bad commit (v2, whose /health fails).
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

    List<String> ladder(int level, String previous = DemoService.V1) {
        ['pg-app/rollback-ladder', '-p', "level=$level", '-p', "container=$name", '-p', "previous=$previous", '-p', "repo=$repo",
         '-p', 'deploy=sh deploy.sh', '-p', "db=$url", '-p', "files=$uploads", '-p', "health=http://127.0.0.1:$port/health",
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

    int safetyDumps() {
        Files.list(fx.dir.resolve('backups')).withCloseable { s -> s.filter { it.fileName.toString() ==~ /.*-safety\.dump/ }.count() as int }
    }

    def "level 1 redeploys the previous image and touches neither git nor the data"() {
        when:
        def result = fx.run(['run', '--no-plan'] + ladder(1))

        then:
        result.exit == 0
        result.out.contains('rollback level 1')
        DemoService.version(port) == 'v1' && health() == 200
        git('log -1 --format=%s') == 'release v2'
        users() == 500
    }

    def "a level whose health gate stays red fails the run at its gate (exit 1): the operator climbs one level"() {
        when: 'level 1 to an image that is just as broken'
        def result = fx.run(['run', '--no-plan'] + ladder(1, DemoService.V2))

        then:
        result.exit == 1
        result.err.contains("step 'health' failed")
        result.err.contains('503')
        DemoService.version(port) == 'v2'
    }

    def "level 2 reverts the bad commit in the checkout and deploys the result"() {
        when:
        def result = fx.run(['run', '--no-plan'] + ladder(2))

        then:
        result.exit == 0
        git('log -1 --format=%s') == 'Revert "release v2"'
        Files.readString(repo.resolve('VERSION')) == 'v1\n'
        DemoService.version(port) == 'v1' && health() == 200
    }

    def "level 2 in a checkout without a commit identity says which one is missing and reverts nothing"() {
        given: 'an empty email in the checkout, which overrides any identity this machine has'
        git('config user.email ""')

        when:
        def result = fx.run(['run', '--no-plan'] + ladder(2))

        then:
        result.exit == 1
        result.err.contains("git has no user.email to commit the revert in $repo: set it with git -C $repo config user.email VALUE")
        git('log -1 --format=%s') == 'release v2'
        DemoService.version(port) == 'v2'
    }

    def "level 3 stops the app, restores PostgreSQL after a safety dump, and redeploys the previous image"() {
        given:
        destroyData()

        when:
        def result = fx.run(['run', '--no-plan'] + ladder(3))

        then:
        result.exit == 0
        users() == 500
        safetyDumps() == 1
        uploads.toFile().list().length == 0 // level 3 leaves the files alone
        DemoService.version(port) == 'v1' && health() == 200
    }

    def "level 4 without approval is refused before anything stops"() {
        given:
        destroyData()

        when:
        def result = fx.run(['run', '--no-plan'] + ladder(4))

        then:
        result.exit == 1
        result.err.contains('not approved: Level 4 replaces the database and the files')
        result.err.contains("resume with --approve 'decide'")
        DemoService.version(port) == 'v2'
        users() == 0
    }

    def "level 4, approved with --approve and killed after the data came back, resumes without restoring twice"() {
        given:
        destroyData()

        when:
        def crashed = fx.killWhen('[4/5] redeploy', ['run', '--no-plan', '--approve', 'decide'] + ladder(4))
        def resumed = fx.run(['resume', RunbookFixture.runId(crashed)])

        then:
        crashed.exit == 137
        crashed.out.contains("approved (--approve 'decide')")
        resumed.exit == 0
        resumed.out.contains('(done before, not repeated)')
        users() == 500
        uploads.toFile().list().length == 3
        safetyDumps() == 1
        DemoService.version(port) == 'v1' && health() == 200
    }

    def "its plan is stable"() {
        when:
        def plan = fx.run(['plan'] + ladder(4))

        then:
        plan.exit == 0
        snapshotter.assertThat(fx.normalized(plan.out, ['<container>': name, '<port>': "$port".toString(), '<db>': db,
                                                        '<pg>': "${PostgresEngine.HOST}:${PostgresEngine.PORT}".toString()])).matchesSnapshot()
    }
}
