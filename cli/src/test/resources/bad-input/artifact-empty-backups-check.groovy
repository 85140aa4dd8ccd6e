// case: `backups --check --min-size 1KB` looks at the file, not the manifest: a 0-byte artifact fails it
// given: backups 1
// sh: n=$(newest app); : > "$n"
// command: backups --check --min-size 1KB
// exit: 1
// code: none
// expect: FAIL 
runbook 'corpus/empty-check', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')

}
