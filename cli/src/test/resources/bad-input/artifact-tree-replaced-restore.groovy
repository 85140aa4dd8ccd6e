// case: a directory backup's archive was replaced by another archive and its manifest fixed
// given: backups 1
// sh: n=$(newest data); mkdir evil && echo pwned > evil/index.html && tar -czf "$n" -C evil . && rm -r evil && fix_manifest "$n"
// command: run --no-plan <FILE>
// exit: 65
// code: CATALOG_MISMATCH
// expect: is not the one cataloged at backup time
// next: restore a backup that matches the catalog
// where: <FILE>:14
runbook 'corpus/tree-replaced', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(tree)
    }
}
