package io.ripcord.cli

import io.ripcord.stdlib.repository.S3TestEngine
import spock.lang.IgnoreIf
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

import static io.ripcord.cli.CliHarness.ripcord

/**
 * Offsite copies through the real command line against a real S3Proxy (SigV4 on), with awscli as the independent
 * oracle both ways: aws reads what Ripcord shipped, and Ripcord restores what aws uploaded. The disaster case is a
 * fresh RIPCORD_HOME (an empty journal) that lists and restores what the dead machine shipped.
 */
@IgnoreIf(value = { !System.getenv('CI') && !S3TestEngine.available() }, reason = 'no S3Proxy (bin/engines/s3proxy.sh starts one)')
class S3RepositorySpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-s3-runbook')
    String bucket = S3TestEngine.freshBucket('runbook')
    String repo = "s3://$bucket/app"
    static final String MANIFEST_KEY = 'offsite-manifest-key-for-specs'

    Map<String, String> env(String home = 'home', Map<String, String> extra = [:]) {
        [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve(home).toString(), OFFSITE_MANIFEST_KEY: MANIFEST_KEY] + S3TestEngine.env() + extra
    }

    def setup() {
        sqlite3(dir.resolve('app.db'), "CREATE TABLE users (id INTEGER PRIMARY KEY, role TEXT); INSERT INTO users (role) VALUES ('Admin'), ('User'), ('User');")
    }

    def cleanup() {
        dir.toFile().deleteDir()
    }

    static void sqlite3(Path db, String sql) {
        def p = ['sqlite3', db.toString(), sql].execute()
        p.waitFor()
        assert p.exitValue() == 0: p.err.text
    }

    static String sqlite3Out(Path db, String sql) {
        def p = ['sqlite3', db.toString(), sql].execute()
        p.waitFor()
        p.text.trim()
    }

    static String sha256(Path f) {
        MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(f)).encodeHex().toString()
    }

    /** Every file under root with its SHA-256: what "byte for byte untouched" is compared by. */
    static Map<String, String> tree(Path root) {
        if (!Files.exists(root)) {
            return [:]
        }
        Files.walk(root).withCloseable { s ->
            s.filter { Files.isRegularFile(it) }.collect { root.relativize(it).toString() }.sort().collectEntries { [(it): sha256(root.resolve(it))] }
        }
    }

    CliHarness.Result runbook(String name, String steps, Map<String, String> environment = env()) {
        Path file = dir.resolve("${name}.groovy")
        Files.writeString(file, """\
            runbook 'offsite/${name}-${Long.toHexString(System.nanoTime())}', version: '1.0.0', {
                def db = sqlite 'app.db'
            ${steps.stripIndent().readLines().collect { '    ' + it }.join('\n')}
            }
            """.stripIndent())
        ripcord(['run', '--no-plan', file.toString()] as String[], cwd: dir, env: environment)
    }

    List<String> awsKeys() {
        S3TestEngine.aws('s3', 'ls', "s3://$bucket/app/").out.readLines().collect { it.split(/\s+/).last() }.sort()
    }

    def "backup to: [dir, s3] ships the artifact and its manifest, aws reads the same bytes, and the catalog records the copy"() {
        when:
        def r = runbook('ship', """
            step 'back up', { backup db, to: ['backups', '$repo'], manifestKey: secret('OFFSITE_MANIFEST_KEY') }
            """)
        Path local = Files.list(dir.resolve('backups')).withCloseable { s -> s.find { it.fileName.toString().endsWith('.sqlite.gz') } }
        String name = local.fileName.toString()
        def cp = S3TestEngine.aws('s3', 'cp', "$repo/$name", dir.resolve('oracle.gz').toString())

        then:
        r.exit == 0
        r.out.contains("copied ${name - '.sqlite.gz'}")
        awsKeys() == [name, name + '.manifest.json']
        cp.exit == 0
        sha256(dir.resolve('oracle.gz')) == sha256(local)
        sqlite3Out(dir.resolve('home/journal.db'), 'SELECT repository, object_key FROM artifact_copies') == "$repo|$name"
        !new String(Files.readAllBytes(dir.resolve('home/journal.db')), 'ISO-8859-1').contains(S3TestEngine.SECRET_KEY)
    }

    def "the disaster case: a fresh home lists what was shipped and restores it (manifest sealed with manifestKey:)"() {
        given: 'the dead machine shipped a backup'
        assert runbook('ship', """
            step 'back up', { backup db, to: ['backups', '$repo'], manifestKey: secret('OFFSITE_MANIFEST_KEY') }
            """).exit == 0
        String id = Files.list(dir.resolve('backups')).withCloseable { s -> s.find { it.toString().endsWith('.sqlite.gz') } }.fileName.toString() - '.sqlite.gz'
        and: 'the new machine has nothing: no journal, no local backups, no database'
        dir.resolve('backups').toFile().deleteDir()
        Files.delete(dir.resolve('app.db'))

        when:
        def listed = ripcord(['backups', '--repo', repo] as String[], cwd: dir, env: env('fresh'))
        def restored = runbook('restore', """
            step 'restore', { restore lastBackup(db, from: '$repo'), manifestKey: secret('OFFSITE_MANIFEST_KEY') }
            """, env('fresh'))

        then:
        listed.exit == 0
        listed.out.readLines().size() == 2
        listed.out.contains(id)
        restored.exit == 0
        restored.out.contains("fetched $id")
        sqlite3Out(dir.resolve('app.db'), 'SELECT COUNT(*) FROM users') == '3'
        and: 'the fetched artifact was not kept'
        Files.list(dir.resolve('fresh/fetched')).withCloseable { s -> s.toList() }.every { d ->
            Files.list(d).withCloseable { f -> f.toList() }.every { it.toString() ==~ /.*\.(manifest|chunks)\.json/ }
        }
    }

    def "backups --repo URL --json prints the ripcord-backups/1 document of backups --json, read from the manifests, the repository named"() {
        given: 'a backup shipped; the catalog on the old machine and the manifests in the repository'
        assert runbook('ship', """
            step 'back up', { backup db, to: ['backups', '$repo'], manifestKey: secret('OFFSITE_MANIFEST_KEY') }
            """).exit == 0
        Path local = Files.list(dir.resolve('backups')).withCloseable { s -> s.find { it.fileName.toString().endsWith('.sqlite.gz') } }
        String name = local.fileName.toString()
        def catalog = new groovy.json.JsonSlurper().parseText(ripcord(['backups', '--json'] as String[], cwd: dir, env: env()).out)

        when: 'a fresh home reads the repository'
        def r = ripcord(['backups', '--repo', repo, '--json'] as String[], cwd: dir, env: env('fresh'))
        def json = new groovy.json.JsonSlurper().parseText(r.out)
        def safety = new groovy.json.JsonSlurper().parseText(ripcord(['backups', '--repo', repo, '--safety', '--json'] as String[], cwd: dir, env: env('fresh')).out)

        then:
        r.exit == 0
        json.keySet() as List == ['format', 'repository', 'backups']
        json.format == 'ripcord-backups/1'
        json.repository == repo
        json.backups.size() == 1
        and: "the catalog's fields, and where the copy is"
        json.backups[0].keySet() as List == (catalog.backups[0].keySet() as List) + ['repository', 'object', 'encrypted', 'artifactPresent', 'sealedWith']
        json.backups[0].subMap(['id', 'kind', 'source', 'sizeBytes', 'sha256', 'createdAt', 'safetyCopy']) ==
                catalog.backups[0].subMap(['id', 'kind', 'source', 'sizeBytes', 'sha256', 'createdAt', 'safetyCopy'])
        json.backups[0].sha256 == sha256(local)
        json.backups[0].path == name
        json.backups[0].ageMs instanceof Number
        [json.backups[0].run, json.backups[0].step, json.backups[0].host, json.backups[0].verified] == [null, null, null, null]
        json.backups[0].repository == repo
        json.backups[0].object == name
        json.backups[0].encrypted == false
        json.backups[0].artifactPresent == true
        json.backups[0].sealedWith ==~ /[0-9a-f]{16}/
        safety == [format: 'ripcord-backups/1', repository: repo, safetyCopies: []]
    }

    def "#verb of a backup whose object was moved away (its manifest left) is BACKUP_MISSING, exit 66, with what to do; nothing local changes"() {
        given: 'a backup shipped, then its artifact moved out of the repository by hand'
        assert runbook('ship', """
            step 'back up', { backup db, to: ['backups', '$repo'], manifestKey: secret('OFFSITE_MANIFEST_KEY') }
            """).exit == 0
        String name = Files.list(dir.resolve('backups')).withCloseable { s -> s.find { it.fileName.toString().endsWith('.sqlite.gz') } }.fileName.toString()
        assert S3TestEngine.aws('s3', 'mv', "$repo/$name", "s3://$bucket/moved/$name").exit == 0
        Map<String, String> before = tree(dir)

        when:
        def r = runbook(verb, """
            step '$verb', { $verb lastBackup(db, from: '$repo'), manifestKey: secret('OFFSITE_MANIFEST_KEY') }
            """, env('fresh'))

        then:
        r.exit == 66
        r.err.contains("error[BACKUP_MISSING]")
        r.err.contains("backup ${name - '.sqlite.gz'} is missing from $repo: its manifest is there, its artifact is not")
        r.err.contains("next: copy it there again from a local backup (copy lastBackup(…), to: '$repo'), or restore another (`ripcord backups --repo $repo` lists them)")
        !r.err.contains('REPOSITORY_UNAVAILABLE')
        and: 'the database and the local backups are byte for byte as they were'
        tree(dir).findAll { k, v -> !k.startsWith('fresh/') && !k.endsWith('.groovy') } == before.findAll { k, v -> !k.endsWith('.groovy') }

        where:
        verb << ['verify', 'restore']
    }

    def "lastBackup(db, from: an empty prefix) counts only what that repository holds, not the home's safety copies, and points at backups --repo"() {
        given: 'a home that restored from the repository, so its catalog holds a safety copy of app.db'
        assert runbook('ship', """
            step 'back up', { backup db, to: ['backups', '$repo'], manifestKey: secret('OFFSITE_MANIFEST_KEY') }
            """).exit == 0
        assert runbook('restore', """
            step 'restore', { restore lastBackup(db, from: '$repo'), manifestKey: secret('OFFSITE_MANIFEST_KEY') }
            """, env('fresh')).exit == 0
        assert sqlite3Out(dir.resolve('fresh/journal.db'), "SELECT COUNT(*) FROM artifacts WHERE role = 'safety'") == '1'
        String empty = "s3://$bucket/empty"

        when:
        def r = runbook('empty', """
            step 'check', { verify lastBackup(db, from: '$empty'), manifestKey: secret('OFFSITE_MANIFEST_KEY') }
            """, env('fresh'))

        then:
        r.exit == 66
        r.err.contains("error[BACKUP_MISSING]: step 'check' failed: lastBackup: no backup of sqlite ${dir.resolve('app.db').toRealPath()} in $empty at ")
        !r.err.contains('not counted')
        r.err.contains("next: `ripcord backups --repo $empty` lists what it holds; ship one there with backup …, to: [DIR, '$empty'] or copy lastBackup(…), to: '$empty'")
        !r.err.contains('--rescan')
    }

    def "a disaster restore over a live database keeps its safety copy in RIPCORD_HOME/safety, not in the fetch cache; backups --safety lists it and it puts the state back"() {
        given: 'a backup shipped, then a change made after it: the state a restore replaces'
        assert runbook('ship', """
            step 'back up', { backup db, to: ['backups', '$repo'], manifestKey: secret('OFFSITE_MANIFEST_KEY') }
            """).exit == 0
        sqlite3(dir.resolve('app.db'), "INSERT INTO users (role) VALUES ('Later')")

        when: 'a fresh home restores from the repository'
        def restored = runbook('restore', """
            step 'restore', { restore lastBackup(db, from: '$repo'), manifestKey: secret('OFFSITE_MANIFEST_KEY') }
            """, env('fresh'))
        List<String> safetyFiles = Files.list(dir.resolve('fresh/safety')).withCloseable { s -> s.collect { it.fileName.toString() }.sort() }
        List<Path> fetchedDirs = Files.list(dir.resolve('fresh/fetched')).withCloseable { s -> s.toList() }
        List<String> modes = ([dir.resolve('fresh/safety'), dir.resolve('fresh/fetched')] + fetchedDirs).collect {
            java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(it))
        }
        List<String> fetchedFiles = Files.list(fetchedDirs[0]).withCloseable { s -> s.collect { it.fileName.toString() }.sort() }
        def listed = ripcord(['backups', '--safety'] as String[], cwd: dir, env: env('fresh'))
        and: 'the fetch cache is cleared, then the safety copy is put back'
        dir.resolve('fresh/fetched').toFile().deleteDir()
        def putBack = runbook('put-back', """
            step 'put back', { restore lastBackup(db, safety: true) }
            """, env('fresh'))

        then:
        restored.exit == 0
        safetyFiles.size() == 2
        safetyFiles[0] ==~ /app-.*-safety\.sqlite(\.gz)?/ && safetyFiles[1] == safetyFiles[0] + '.manifest.json'
        restored.out.contains('safety copy of the current state: ' + dir.resolve('fresh/safety').resolve(safetyFiles[0]))
        and: 'the safety directory and the fetched directories are owner-only'
        modes == ['rwx------'] * 3
        fetchedDirs.size() == 1
        fetchedFiles.size() == 2 && fetchedFiles[0].endsWith('.chunks.json') && fetchedFiles[1].endsWith('.sqlite.gz.manifest.json')
        fetchedFiles.every { !it.contains('-safety') }
        and: 'backups --safety lists it where it is'
        listed.exit == 0
        listed.out.readLines().size() == 2
        listed.out.readLines()[1].endsWith(dir.resolve('fresh/safety').resolve(safetyFiles[0]).toString())
        and: 'the state before the restore comes back from it'
        putBack.exit == 0
        sqlite3Out(dir.resolve('app.db'), "SELECT COUNT(*) FROM users WHERE role = 'Later'") == '1'
    }

    def "the plan of a restore from a repository says the backup is read back first, and leaves nothing in a fresh home"() {
        given: 'a backup shipped, and a new machine with an empty home'
        assert runbook('ship', """
            step 'back up', { backup db, to: ['backups', '$repo'] }
            """).exit == 0
        String id = Files.list(dir.resolve('backups')).withCloseable { s -> s.find { it.toString().endsWith('.sqlite.gz') } }.fileName.toString() - '.sqlite.gz'
        Path file = dir.resolve('restore.groovy')
        Files.writeString(file, """\
            runbook 'offsite/plan-restore', version: '1.0.0', {
                def db = sqlite 'app.db'
                step 'check it', { verify lastBackup(db, from: '$repo') }
                step 'restore', { restore lastBackup(db, from: '$repo') }
            }
            """.stripIndent())
        def before = tree(dir.resolve('backups')) + ['app.db': sha256(dir.resolve('app.db'))]

        when:
        def plan = ripcord(['plan', file.toString()] as String[], cwd: dir, env: env('fresh'))

        then:
        plan.exit == 0
        plan.out.count("fetch: first read back from $repo (") == 2
        plan.out.contains("restore backup $id (")
        plan.out.indexOf('fetch: first read back') < plan.out.indexOf('first: full verification')

        and: 'a plan touches nothing: no fetched manifest, no journal, local data as it was'
        !Files.exists(dir.resolve('fresh/fetched'))
        !Files.exists(dir.resolve('fresh/journal.db'))
        tree(dir.resolve('backups')) + ['app.db': sha256(dir.resolve('app.db'))] == before
    }

    def "the disaster case for a directory: an increment read back from the repository restores with the full backup it builds on"() {
        given: 'a full backup of a tree and an increment on it, both shipped'
        Path data = Files.createDirectories(dir.resolve('tree/docs'))
        (1..5).each { Files.writeString(data.resolve("page-${it}.txt"), "page $it\n" * 50) }
        assert runbook('full', """
            step 'full', { backup dir('tree'), to: ['backups', '$repo'], manifestKey: secret('OFFSITE_MANIFEST_KEY') }
            """).exit == 0
        Files.writeString(data.resolve('page-2.txt'), 'page 2, changed\n')
        Files.delete(data.resolve('page-3.txt'))
        Files.writeString(data.resolve('page-6.txt'), 'a new page\n')
        assert runbook('increment', """
            step 'increment', { backup dir('tree'), to: ['backups', '$repo'], incremental: true, manifestKey: secret('OFFSITE_MANIFEST_KEY') }
            """).exit == 0
        def expected = tree(dir.resolve('tree'))

        and: 'the new machine has neither the local backups nor the tree'
        dir.resolve('backups').toFile().deleteDir()
        dir.resolve('tree').toFile().deleteDir()

        when:
        def restored = runbook('restore', """
            step 'restore', { restore lastBackup(dir('tree'), from: '$repo'), manifestKey: secret('OFFSITE_MANIFEST_KEY') }
            """, env('fresh'))

        then:
        restored.exit == 0
        tree(dir.resolve('tree')) == expected
        !Files.exists(dir.resolve('tree/docs/page-3.txt'))

        and: 'neither fetched artifact was kept'
        Files.list(dir.resolve('fresh/fetched')).withCloseable { s -> s.toList() }.every { d ->
            Files.list(d).withCloseable { f -> f.toList() }.every { it.toString().endsWith('.json') }
        }
    }

    def "Ripcord restores what aws s3 cp uploaded (a local backup shipped by hand)"() {
        given:
        assert runbook('local', """
            step 'back up', { backup db, to: 'backups', manifestKey: secret('OFFSITE_MANIFEST_KEY') }
            """).exit == 0
        assert S3TestEngine.aws('s3', 'cp', '--recursive', dir.resolve('backups').toString(), "$repo/").exit == 0
        sqlite3(dir.resolve('app.db'), 'DELETE FROM users')

        when:
        def r = runbook('restore', """
            step 'restore', { restore lastBackup(db, from: '$repo'), manifestKey: secret('OFFSITE_MANIFEST_KEY') }
            """, env('other-home'))

        then:
        r.exit == 0
        sqlite3Out(dir.resolve('app.db'), 'SELECT COUNT(*) FROM users') == '3'
    }

    def "copy ships a verified local backup; verify from the repository reads it back and records the copy verified"() {
        when:
        def r = runbook('copy', """
            step 'back up', { backup db, to: 'backups' }
            step 'ship', { copy lastBackup(db), to: '$repo' }
            step 'check', { verify lastBackup(db, from: '$repo') }
            """)

        then:
        r.exit == 0
        awsKeys().size() == 2
        sqlite3Out(dir.resolve('home/journal.db'), 'SELECT repository, verify_passed FROM artifact_copies') == "$repo|1"
    }

    def "s3(...) with its own endpoint and credentials from secret() ships and reads back with no AWS_* variable set"() {
        given:
        Map<String, String> bare = [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString(),
                                    S3_KEY: S3TestEngine.ACCESS_KEY, S3_SECRET: S3TestEngine.SECRET_KEY,
                                    AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null']

        when:
        def r = runbook('own-credentials', """
            def offsite = s3 '$repo', endpoint: '${S3TestEngine.ENDPOINT}', region: 'us-east-1', accessKey: secret('S3_KEY'), secretKey: secret('S3_SECRET')
            step 'back up', { backup db, to: ['backups', offsite] }
            step 'check', { verify lastBackup(db, from: offsite) }
            """, bare)

        then:
        r.exit == 0
        awsKeys().size() == 2
        sqlite3Out(dir.resolve('home/journal.db'), 'SELECT repository, verify_passed FROM artifact_copies') == "$repo|1"
        !r.all.contains(S3TestEngine.SECRET_KEY)
    }

    def "a restore from an s3(...) repository with its own credentials, killed midway, resumes with them (no AWS_* variable set)"() {
        given: 'a shipped backup, then new rows the restore will take back'
        Map<String, String> bare = [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString(),
                                    S3_KEY: S3TestEngine.ACCESS_KEY, S3_SECRET: S3TestEngine.SECRET_KEY,
                                    AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null']
        String offsite = "def offsite = s3 '$repo', endpoint: '${S3TestEngine.ENDPOINT}', region: 'us-east-1', accessKey: secret('S3_KEY'), secretKey: secret('S3_SECRET')"
        assert runbook('ship', """
            $offsite
            step 'back up', { backup db, to: ['backups', offsite] }
            """, bare).exit == 0
        sqlite3(dir.resolve('app.db'), "INSERT INTO users (role) VALUES ('Later')")
        Path file = dir.resolve('restore.groovy')
        Files.writeString(file, """\
            runbook 'offsite/restore-own-credentials', version: '1.0.0', {
                def db = sqlite 'app.db'
                $offsite
                step 'restore', { restore lastBackup(db, from: offsite) }
            }
            """.stripIndent())

        when: 'the JVM is killed once the restore matched the backup (its lastBackup journaled)'
        def crashed = CliHarness.startProcess(['run', '--no-plan', file.toString()] as String[], cwd: dir,
                env: bare + [RIPCORD_CRASH_AT: 'restore: after match']).finish()
        String id = sqlite3Out(dir.resolve('home/journal.db'), "SELECT id FROM runs WHERE state = 'RUNNING'")
        def resumed = ripcord(['resume', id] as String[], cwd: dir, env: bare)

        then:
        crashed.exit == 137
        resumed.exit == 0
        sqlite3Out(dir.resolve('app.db'), 'SELECT COUNT(*) FROM users') == '3'
        !resumed.all.contains(S3TestEngine.SECRET_KEY)
    }

    def "a copy truncated or replaced in the repository fails verify from there; local data untouched"() {
        given:
        assert runbook('ship', """
            step 'back up', { backup db, to: ['backups', '$repo'] }
            """).exit == 0
        String name = awsKeys().find { it.endsWith('.gz') }
        Path damaged = dir.resolve('damaged')
        Files.write(damaged, bytes)
        assert S3TestEngine.aws('s3', 'cp', damaged.toString(), "$repo/$name").exit == 0
        def before = tree(dir.resolve('backups')) + [db: sha256(dir.resolve('app.db'))]

        when:
        def r = runbook('verify', """
            step 'check', { verify lastBackup(db, from: '$repo') }
            """)

        then:
        r.exit == 65
        r.err.contains('error[VERIFICATION_FAILED]')
        r.err.contains('truncated or replaced there')
        tree(dir.resolve('backups')) + [db: sha256(dir.resolve('app.db'))] == before
        sqlite3Out(dir.resolve('home/journal.db'), 'SELECT verify_passed FROM artifact_copies') == '0'

        and: 'a damaged copy says nothing of the local backup: it is not marked failed, and it still restores'
        sqlite3Out(dir.resolve('home/journal.db'), 'SELECT COUNT(*) FROM artifacts WHERE verify_passed = 0') == '0'
        runbook('restore', """
            step 'restore', { restore lastBackup(db) }
            """).exit == 0

        where:
        what        | bytes
        'truncated' | new byte[10]
        'replaced'  | 'not a backup at all'.bytes
    }

    def "a backup to: [dir, s3] #how resumes by shipping the backup it wrote, not by taking another"() {
        given:
        Path file = dir.resolve('ship.groovy')
        Files.writeString(file, """\
            runbook 'offsite/ship-resume', version: '1.0.0', {
                def db = sqlite 'app.db'
                step 'back up', { backup db, to: ['backups', '$repo'] }
            }
            """.stripIndent())

        when:
        def first = CliHarness.startProcess(['run', '--no-plan', file.toString()] as String[], cwd: dir, env: env('home', firstEnv)).finish()
        List<String> written = tree(dir.resolve('backups')).keySet().findAll { it.endsWith('.sqlite.gz') } as List
        String id = sqlite3Out(dir.resolve('home/journal.db'), "SELECT id FROM runs ORDER BY started_at DESC LIMIT 1")
        def resumed = ripcord(['resume', id] as String[], cwd: dir, env: env())

        then: 'one backup, written by the first attempt, and that one is what the repository holds'
        first.exit == firstExit
        written.size() == 1
        resumed.exit == 0
        resumed.out.contains('before it stopped')
        tree(dir.resolve('backups')).keySet().findAll { it.endsWith('.sqlite.gz') } as List == written
        awsKeys() == [written[0], written[0] + '.manifest.json']
        sqlite3Out(dir.resolve('home/journal.db'), 'SELECT COUNT(*) FROM artifacts') == '1'
        sqlite3Out(dir.resolve('home/journal.db'), 'SELECT object_key FROM artifact_copies') == written[0]

        where:
        how                                                  | firstEnv                                                                         | firstExit
        'killed after its local write'                       | [RIPCORD_CRASH_AT: 'backup: written, not yet copied']                            | 137
        'whose copy the store refused (a wrong secret)'      | [AWS_SECRET_ACCESS_KEY: 'wrong-secret-value']                                    | 69
    }

    def "a repository that refuses or does not answer fails the step clearly (exit 69), retention does not run, local data untouched"() {
        given: 'one backup already there, and keep: 1'
        assert runbook('first', "step 'back up', { backup db, to: 'backups' }").exit == 0
        def before = tree(dir.resolve('backups'))

        when:
        def r = runbook('ship', """
            step 'back up', { backup db, to: ['backups', '${target.replace('BUCKET', bucket)}'], keep: 1 }
            """, env('home', overrides))

        then:
        r.exit == 69
        r.err.contains('error[REPOSITORY_UNAVAILABLE]')
        r.err.contains(said)
        r.err.contains('next: ')
        !r.err.contains('\tat ')
        !r.all.contains('wrong-secret-value')
        and: 'the earlier backup is still there, byte for byte, beside the new one: retention did not run'
        tree(dir.resolve('backups')).keySet().containsAll(before.keySet())
        before.every { k, v -> tree(dir.resolve('backups'))[k] == v }
        tree(dir.resolve('backups')).keySet().count { it.endsWith('.sqlite.gz') } == 2

        where:
        target                     | overrides                                           | said
        's3://BUCKET/app'          | [AWS_SECRET_ACCESS_KEY: 'wrong-secret-value']       | 'the store refused the credentials (403'
        's3://no-such-bucket-9z/a' | [:]                                                 | "the bucket 'no-such-bucket-9z' does not exist"
        's3://BUCKET/app'          | [AWS_ENDPOINT_URL: 'http://127.0.0.1:9']            | 'the endpoint does not answer'
    }

    def "retention runs in each repository, journals each delete there, and keeps the last verified copy of the source"() {
        given: 'backup A, verified by reading its remote copy back; then its local files are lost'
        String ship = """
            step 'back up', { backup db, to: ['backups', '$repo'], keep: 1 }
            """
        assert runbook('first', ship + "step 'check', { verify lastBackup(db, from: '$repo') }").exit == 0
        String a = awsKeys().find { it.endsWith('.sqlite.gz') }
        Files.list(dir.resolve('backups')).withCloseable { s -> s.toList() }.each { Files.delete(it) }

        when: 'two more backups with keep: 1'
        def b = runbook('second', ship)
        String bKey = (awsKeys().findAll { it.endsWith('.sqlite.gz') } - a).first()
        def c = runbook('third', ship)
        String cKey = (awsKeys().findAll { it.endsWith('.sqlite.gz') } - [a, bKey]).first()

        then:
        b.exit == 0 && c.exit == 0
        c.out.contains("retention deleted $bKey from $repo")
        c.all.contains("retention kept ${a - '.sqlite.gz'} in $repo: it is the last verified copy")
        awsKeys() == [a, a + '.manifest.json', cKey, cKey + '.manifest.json'].sort()
        sqlite3Out(dir.resolve('home/journal.db'), 'SELECT object_key FROM artifact_copies ORDER BY copied_at').readLines() == [a, cKey]
    }

    def "a place no repository reads is refused before anything runs (#command): #place"() {
        given:
        Path file = dir.resolve('bad.groovy')
        Files.writeString(file, """\
            runbook 'offsite/bad-${Long.toHexString(System.nanoTime())}', version: '1.0.0', {
                def db = sqlite 'app.db'
                step 'back up', { backup db, to: $place }
            }
            """.stripIndent())

        when:
        def r = ripcord([command, file.toString()] as String[], cwd: dir, env: env())

        then:
        r.exit == 2
        r.err.readLines().first().startsWith('error[INVALID_REPOSITORY]: ')
        r.err.contains(said)
        r.err.contains('next: ')
        !Files.exists(dir.resolve('s3:'))
        !Files.exists(dir.resolve('backups'))

        where:
        command | place                  | said
        'check' | "'s3:/bucket/app'"     | 'looks like a URL with one slash'
        'check' | "'ftp://host/x'"       | 'no repository speaks ftp://'
        'check' | "'s3://Bad_Bucket/x'"  | 'is not an S3 bucket name'
        'check' | "['backups', 's3:/x']" | 'looks like a URL with one slash'
        'check' | "['s3://b-ok/x']"      | 'names no local directory'
        'check' | "['a', 'b']"           | 'names 2 local directories'
    }
}
