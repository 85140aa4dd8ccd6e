// case: the manifest was edited to describe another id than its file's
// given: backups 1
// sh: n=$(newest app); sed -i 's/"id": "app-/"id": "app-x/' "$n.manifest.json"
// command: run --no-plan <FILE>
// exit: 65
// code: CATALOG_MISMATCH
// expect: the files were renamed, swapped or copied over
// next: restore a backup that matches the catalog
// where: <FILE>:14
runbook 'corpus/manifest-id', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'verify', {
        verify lastBackup(db)
    }
}
