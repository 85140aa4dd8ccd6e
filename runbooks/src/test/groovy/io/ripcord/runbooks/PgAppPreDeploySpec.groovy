package io.ripcord.runbooks

import io.ripcord.stdlib.docker.DockerTestEngine
import io.ripcord.stdlib.postgres.PostgresContainerSpec
import io.ripcord.stdlib.postgres.PostgresEngine
import spock.lang.IgnoreIf
import spock.lang.Snapshot
import spock.lang.Snapshotter
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.stdlib.postgres.PostgresEngine.sql

/**
 * Seed 003's pre-deployment backup (runbooks/pg-app/pre-deploy.groovy) against the real PostgreSQL server, a real git
 * checkout and an object-store directory: backed up, verified and recorded with the commit before the deploy runs; a
 * failed backup aborts the deploy; a crash after the backups resumes without taking them again. And as the seed runs
 * it: the database a compose service (pg_dump inside its container) and the object store MinIO's named volume.
 */
@IgnoreIf(value = { !System.getenv('CI') && !PostgresEngine.available() }, reason = 'no PostgreSQL server (bin/engines/postgres.sh starts one)')
@Timeout(120)
class PgAppPreDeploySpec extends Specification {

    @Snapshot
    Snapshotter snapshotter

    String db = PostgresEngine.freshDatabase('predeploy')
    RunbookFixture fx
    Path repo, objects

    def setup() {
        fx = new RunbookFixture(RunbookFixture.pgpass(PostgresEngine.USER, PostgresEngine.PASSWORD))
        sql(db, "CREATE TABLE schedules (id int PRIMARY KEY, body text); INSERT INTO schedules SELECT i, md5(i::text) FROM generate_series(1, 2000) i")
        repo = fx.dir.resolve('repo')
        objects = fx.dir.resolve('objects')
        Files.createDirectories(objects.resolve('pdfs'))
        (1..5).each { Files.writeString(objects.resolve("pdfs/schedule-${it}.pdf"), "%PDF-1.4 ${(1..20).collect { UUID.randomUUID() }}\n") }
        Files.createDirectories(repo)
        RunbookFixture.shell(repo, 'git init -q -b main && git -c user.email=a@b -c user.name=a commit -q --allow-empty -m first')
    }

    def cleanup() {
        PostgresEngine.drop(db)
        fx.cleanup()
    }

    List<String> args(Map extra = [:]) {
        if (extra.containsKey('compose')) { // the seed's layout: both are services of a compose project
            extra.remove('compose')
            return (['pg-app/pre-deploy', '-p', "repo=$repo", '-p', "backups=${fx.dir}/backups", '-p', 'deploy=touch deployed'] +
                    extra.collectMany { k, v -> ['-p', "$k=$v"] })*.toString()
        }
        (['pg-app/pre-deploy', '-p', "db=postgresql://${PostgresEngine.USER}@${PostgresEngine.HOST}:${PostgresEngine.PORT}/$db",
          '-p', "objects=$objects", '-p', "repo=$repo", '-p', "backups=${fx.dir}/backups", '-p', 'deploy=touch deployed'] +
                extra.collectMany { k, v -> ['-p', "$k=$v"] })*.toString()
    }

    String head() { ['git', '-C', repo.toString(), 'rev-parse', 'HEAD'].execute().text.trim() }

    def "both backups are taken and verified, recorded with the git commit and the restore commands, then the deploy runs"() {
        when:
        def result = fx.run(['run', '--no-plan'] + args())
        def pointer = Files.readString(fx.dir.resolve('backups/.last-deployment-backup'))

        then:
        result.exit == 0
        Files.exists(repo.resolve('deployed'))
        pointer.contains("commit=${head()}\nbranch=main\ndatabase=${fx.dir}/backups/$db-")
        result.out.contains('to restore by hand: pg_restore')
        fx.run(['backups', '--check', '--max-age', '1h', '--min-size', '512B']).exit == 0
    }

    def "a backup that fails aborts the deploy"() {
        given:
        objects.toFile().deleteDir()

        when:
        def result = fx.run(['run', '--no-plan'] + args())

        then:
        result.exit == 66  // TARGET_MISSING: the objects directory is gone
        result.err.contains("step 'back up' failed")
        !Files.exists(repo.resolve('deployed'))
        !Files.exists(fx.dir.resolve('backups/.last-deployment-backup'))
    }

    def "killed after the backups, the run resumes: the backups are not taken again and the deploy runs once"() {
        when:
        def crashed = fx.killWhen('[3/4] record', ['run', '--no-plan'] + args())
        def resumed = fx.run(['resume', RunbookFixture.runId(crashed)])

        then:
        crashed.exit == 137
        resumed.exit == 0
        resumed.out.contains('(done before, not repeated)')
        Files.exists(repo.resolve('deployed'))
        Files.list(fx.dir.resolve('backups')).withCloseable { s -> s.filter { it.toString().endsWith('.manifest.json') }.count() } == 2
    }

    def "its plan is stable"() {
        when:
        def plan = fx.run(['plan'] + args())

        then:
        plan.exit == 0
        snapshotter.assertThat(fx.normalized(plan.out, ['<db>': db, '<pg>': "${PostgresEngine.HOST}:${PostgresEngine.PORT}".toString()])
                .replaceAll(/pg_dump [0-9.]+ of PostgreSQL [0-9.]+, [0-9.]+ [KMG]?B/, 'pg_dump <version> of PostgreSQL <version>, <size>')).matchesSnapshot()
    }

    @IgnoreIf(value = { !System.getenv('CI') && !(DockerTestEngine.available() && System.getenv('RIPCORD_TEST_PG_IMAGE')
            && DockerTestEngine.exec(['docker-compose', 'version']).exit == 0) }, reason = 'needs a Docker Engine, docker-compose and the PostgreSQL test image')
    def "with the seed's compose services: pg_dump runs in the postgres service's container, the object store's volume is backed up"() {
        given: 'a compose project: postgres from the locally built image, minio as a service holding its volume'
        DockerTestEngine.ensureImages()
        String project = 'rcschedgen' + UUID.randomUUID().toString().substring(0, 8)
        Path file = fx.dir.resolve('docker-compose.yml')
        Files.writeString(file, """\
            version: "2.4"
            services:
              postgres:
                image: ${System.getenv('RIPCORD_TEST_PG_IMAGE')}
              minio:
                image: ${DockerTestEngine.V1}
                volumes: ["minio_data:/www/data"]
            volumes:
              minio_data: {}
            """.stripIndent())
        DockerTestEngine.run(['docker-compose', '-p', project, '-f', file.toString(), 'up', '-d'])
        String pg = DockerTestEngine.exec(['docker', 'ps', '-q', '--filter', "label=com.docker.compose.project=$project".toString(),
                                           '--filter', 'label=com.docker.compose.service=postgres']).out.trim()
        PostgresContainerSpec.awaitReady(pg)
        String database = PostgresContainerSpec.seeded(pg, 2_000)
        DockerTestEngine.run(['docker', 'exec', DockerTestEngine.exec(['docker', 'ps', '-q', '--filter', "label=com.docker.compose.project=$project".toString(),
                              '--filter', 'label=com.docker.compose.service=minio']).out.trim(), '/bin/busybox', 'sh', '-c',
                              'mkdir -p /www/data/pdfs && i=0; while [ $i -lt 50 ]; do echo "%PDF-1.4 schedule $i" > /www/data/pdfs/s-$i.pdf; i=$((i+1)); done'])

        when:
        def result = fx.run(['run', '--no-plan'] + args(compose: true, project: project, database: database, user: 'postgres', objects: project + '_minio_data'))
        def pointer = Files.readString(fx.dir.resolve('backups/.last-deployment-backup'))

        then:
        result.exit == 0
        Files.exists(repo.resolve('deployed'))
        pointer.contains("database=${fx.dir}/backups/$database-")
        pointer.contains("objects=${fx.dir}/backups/${project}_minio_data-")
        result.out.contains("to restore by hand: docker compose -p '$project' exec -T -u postgres 'postgres' pg_restore")
        result.out.contains("in compose service $project/postgres read every data block")

        cleanup:
        DockerTestEngine.exec(['docker-compose', '-p', project, '-f', file.toString(), 'down', '-v', '-t', '1'])
    }
}
