// case: a restore's safety copy was replaced by another database, manifest fixed; putting it back is refused
// given: backups 1
// file: restore.groovy: runbook 'corpus/restore-once', version: '1.0.0', { def db = sqlite 'app.db'; step 'r', { restore lastBackup(db) } }
// ripcord: run --no-plan <SCRATCH>/restore.groovy
// sh: s=$(ls -t backups/app-*safety* | grep -v '\.json$' | head -1); foreign_db other.db; case "$s" in *.gz) gzip -c other.db > "$s";; *) cp other.db "$s";; esac; rm other.db; fix_manifest "$s"
// command: run --no-plan <FILE>
// exit: 65
// code: CATALOG_MISMATCH
// expect: is not the one cataloged at backup time
// next: restore a backup that matches the catalog
// where: <FILE>:16
runbook 'corpus/safety-tampered', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'put back', {
        restore lastBackup(db, safety: true)
    }
}
