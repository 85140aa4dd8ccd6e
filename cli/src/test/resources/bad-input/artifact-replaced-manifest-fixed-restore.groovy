// case: the artifact was replaced with another database and its manifest's size and SHA-256 fixed to match
// given: backups 1
// sh: n=$(newest app); foreign_db other.db; gzip -c other.db > "$n"; rm other.db; fix_manifest "$n"
// command: run --no-plan <FILE>
// exit: 65
// code: CATALOG_MISMATCH
// expect: is not the one cataloged at backup time: artifact.sha256 is
// next: restore a backup that matches the catalog
// where: <FILE>:14
runbook 'corpus/replaced', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db)
    }
}
