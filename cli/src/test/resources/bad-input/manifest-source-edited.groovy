// case: the manifest was edited to point at another source path
// given: backups 1
// sh: n=$(newest app); sed -i 's|"path": "[^"]*"|"path": "/etc/passwd"|' "$n.manifest.json"
// command: run --no-plan <FILE>
// exit: 65
// code: CATALOG_MISMATCH
// expect: source.path is /etc/passwd
// next: restore a backup that matches the catalog
// where: <FILE>:14
runbook 'corpus/manifest-source', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db)
    }
}
