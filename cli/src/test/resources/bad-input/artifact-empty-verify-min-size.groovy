// case: a 0-byte artifact (its manifest fixed) fails verify's minSize
// given: backups 1
// sh: n=$(newest app); : > "$n"; fix_manifest "$n"
// command: run --no-plan <FILE>
// exit: 65
// code: CATALOG_MISMATCH
// expect: is not the one cataloged at backup time
// next: restore a backup that matches the catalog
// where: <FILE>:14
runbook 'corpus/empty', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'verify', {
        verify lastBackup(db), minSize: 1.KB
    }
}
