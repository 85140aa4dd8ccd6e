// case: the same swap, found by verify before anyone restores
// given: backups 2
// sh: o=$(oldest app); n=$(newest app); cp "$o" "$n"; cp "$o.manifest.json" "$n.manifest.json"
// command: run --no-plan <FILE>
// exit: 65
// code: CATALOG_MISMATCH
// expect: the files were renamed, swapped or copied over
// next: these files hold backup app-
// where: <FILE>:14
runbook 'corpus/swapped-verify', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'verify', {
        verify lastBackup(db)
    }
}
