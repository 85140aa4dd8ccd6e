// command: run --no-plan <FILE>
// exit: 65
// expect: error[CATALOG_MISMATCH]: step 'verify' failed: verify: backup <ID> does not match the catalog: the manifest beside <CWD>/backups/<ID>.sqlite.gz describes backup <ID> (file <ID>.sqlite.gz), not <ID> (file <ID>.sqlite.gz): the files were renamed, swapped or copied over at CATALOG_MISMATCH.groovy:10
runbook 'problems/catalog-mismatch', version: '1.0.0', {
    def db = sqlite 'app.db'
    step 'make', { sh "sqlite3 app.db 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES (1), (2), (3);'" }
    step 'back up twice', { backup db, to: 'backups'; backup db, to: 'backups' }
    // the older backup's files copied over the newest one's names
    step 'swap', { sh 'set -- $(ls -tr backups/app-*.sqlite.gz); cp "$1" "$2"; cp "$1.manifest.json" "$2.manifest.json"' }
    step 'verify', { verify lastBackup(db) }
}
