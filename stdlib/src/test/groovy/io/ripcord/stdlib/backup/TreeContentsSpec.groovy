package io.ripcord.stdlib.backup

import io.ripcord.problem.RunbookException
import io.ripcord.stdlib.VerbContexts
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.sql.Connection
import java.sql.DriverManager

import static io.ripcord.stdlib.VerbContexts.call
import static io.ripcord.stdlib.backup.Tools.sh
import static io.ripcord.stdlib.backup.Tools.sqlite

/** What goes into a directory's archive: a live SQLite database through the backup API, never its WAL; what exclude: names left out. */
class TreeContentsSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-tree')
    Path tree = dir.resolve('app')
    Path backups = dir.resolve('backups')
    def output = new VerbContexts.RecordedOutput()
    def ctx = VerbContexts.context(dir, new VerbContexts.MemoryCatalog(), output)
    BackupVerb backup = new BackupVerb()
    VerifyVerb verify = new VerifyVerb()
    Connection writer

    def setup() {
        Files.createDirectories(tree.resolve('data'))
        Files.createDirectories(tree.resolve('cache/thumbs'))
        Files.createDirectories(tree.resolve('logs'))
        Files.writeString(tree.resolve('config.yml'), 'port: 8080\n')
        Files.writeString(tree.resolve('logs/app.log'), 'started\n')
        Files.writeString(tree.resolve('data/import.log'), 'imported\n')
        Files.writeString(tree.resolve('cache/thumbs/a.png'), 'png')
        Files.writeString(tree.resolve('cache/index'), 'idx')
    }

    def cleanup() {
        writer?.close()
        dir.toFile().deleteDir()
    }

    /** A WAL database whose last 2000 rows are only in its -wal: the writer stays open and never checkpoints. */
    Path liveDatabase() {
        Path db = tree.resolve('data/database.sqlite')
        writer = DriverManager.getConnection("jdbc:sqlite:$db")
        writer.createStatement().withCloseable { s ->
            s.execute('PRAGMA journal_mode=WAL')
            s.execute('PRAGMA wal_autocheckpoint=0')
            s.execute('CREATE TABLE users (id INTEGER PRIMARY KEY, note TEXT)')
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO users (note) SELECT hex(randomblob(50)) FROM n")
        }
        assert Files.size(tree.resolve('data/database.sqlite-wal')) > 0
        db
    }

    Artifact backupOf(Map args = [:]) {
        backup.apply(call(backup, [to: 'backups'] + args, new BackupTarget.Dir(tree)), ctx) as Artifact
    }

    static List<String> archived(Artifact artifact) {
        def (code, out) = sh("tar -tzf '${artifact.file()}'")
        assert code == 0: out
        (out as String).readLines().collect { it.replaceAll('/$', '') }.sort()
    }

    def "a live WAL database in a tree is archived through SQLite's backup API: every committed row, no -wal or -shm beside it"() {
        given:
        liveDatabase()

        when:
        def artifact = backupOf()
        Path unpacked = Files.createDirectories(dir.resolve('unpacked'))
        def (code, out) = sh("tar -xzf '${artifact.file()}' -C '$unpacked'")
        Path copy = unpacked.resolve('data/database.sqlite')

        then:
        code == 0
        !archived(artifact).any { it.endsWith('-wal') || it.endsWith('-shm') }
        sqlite(copy, 'PRAGMA integrity_check') == 'ok'
        sqlite(copy, 'PRAGMA journal_mode') == 'delete'
        sqlite(copy, 'SELECT COUNT(*) FROM users') == '2000'
        artifact.manifest().sqliteDatabases == ['data/database.sqlite']
        verify.apply(call(verify, [:], artifact), ctx) != null

        and: 'the live database and its WAL are as the writer left them, and no snapshot stays beside the backups'
        Files.size(tree.resolve('data/database.sqlite-wal')) > 0
        Files.list(backups).withCloseable { it.map { it.fileName.toString() }.filter { it.contains('snapshot') }.toList() } == []
    }

    def "a restore of a verified tree says which checks it applies again in a tree's terms, not SQLite's"() {
        given:
        def artifact = backupOf()
        verify.apply(call(verify, [:], artifact), ctx)

        when:
        new RestoreVerb().apply(call(new RestoreVerb(), artifact), ctx)

        then:
        output.lines.contains("info: applying the checks ${artifact.id()} was verified with: size, SHA-256 and a full read".toString())
    }

    def "the main file alone lacks the WAL's rows: archiving the file as bytes would have lost them"() {
        given:
        Path db = liveDatabase()
        Path raw = dir.resolve('raw.sqlite')
        Files.copy(db, raw)

        expect:
        sqlite(raw, 'SELECT COUNT(*) FROM sqlite_master') == '0'
    }

    def "exclude: #patterns leaves out exactly #left"() {
        when:
        def artifact = backupOf(exclude: patterns)
        def all = ['cache', 'cache/index', 'cache/thumbs', 'cache/thumbs/a.png', 'config.yml', 'data', 'data/import.log', 'logs', 'logs/app.log']

        then:
        archived(artifact) == (all - left).sort()
        artifact.manifest().exclude == (patterns instanceof List ? patterns : [patterns])

        where:
        patterns                  || left
        ['*.log']                 || ['data/import.log', 'logs/app.log']
        'cache'                   || ['cache', 'cache/index', 'cache/thumbs', 'cache/thumbs/a.png']
        ['cache/**']              || ['cache/index', 'cache/thumbs', 'cache/thumbs/a.png']
        ['cache/', 'logs/*.log']  || ['cache', 'cache/index', 'cache/thumbs', 'cache/thumbs/a.png', 'logs/app.log']
        ['/data/*.log', 'thumbs'] || ['data/import.log', 'cache/thumbs', 'cache/thumbs/a.png']
        ['nothing-matches']       || []
    }

    def "an incremental backup keeps what the full one excluded out, and still takes a changed database whole"() {
        given:
        liveDatabase()
        backupOf(exclude: ['*.log'])
        Files.writeString(tree.resolve('logs/app.log'), 'started again\n')
        Files.writeString(tree.resolve('config.yml'), 'port: 9090\n')
        writer.createStatement().withCloseable { it.execute("INSERT INTO users (note) VALUES ('after the full backup')") }

        when:
        def incremental = backupOf(exclude: ['*.log'], incremental: true)

        then:
        archived(incremental).findAll { !Files.isDirectory(tree.resolve(it)) } == ['config.yml', 'data/database.sqlite']
    }

    def "the plan names what is left out and counts only what is taken"() {
        when:
        def action = backup.plan(call(backup, [to: 'backups', exclude: ['cache/**', '*.log']], new BackupTarget.Dir(tree)), ctx)

        then:
        action.details().excluding == 'cache/**, *.log'
        action.details().source == '11 B'
    }

    def "exclude: #value is refused before anything is written: #message"() {
        when:
        backup.apply(call(backup, [to: 'backups', exclude: value], target(tree)), ctx)

        then:
        def e = thrown(RunbookException)
        e.message.contains(message)
        !Files.exists(backups)

        where:
        value        | target                               || message
        ['[a-']      | { Path t -> new BackupTarget.Dir(t) } || "exclude: pattern '[a-' is not a glob"
        ['']         | { Path t -> new BackupTarget.Dir(t) } || "exclude: pattern '' is empty"
        42           | { Path t -> new BackupTarget.Dir(t) } || 'exclude: expects a glob or a list of globs'
        ['*.log']    | { Path t -> new BackupTarget.File(t.resolve('config.yml')) } || 'exclude: is for dir(...) targets'
    }
}
