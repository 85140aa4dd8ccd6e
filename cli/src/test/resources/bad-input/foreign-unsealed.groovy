// case: another machine's backup whose manifest carries no seal
// given: data
// file: setup-other.groovy: runbook 'corpus/setup', version: '1.0.0', { def db = sqlite 'app.db'; step 'b', { backup db, to: 'backups'; backup dir('data'), to: 'backups' } }
// ripcord other: run --no-plan <SCRATCH>/setup-other.groovy
// sh: n=$(newest app); sqlite3 :memory: "SELECT writefile('m', json_remove(readfile('$n.manifest.json'), '$.seal'))" >/dev/null; mv m "$n.manifest.json"
// command: run --no-plan <FILE>
// exit: 65
// code: MANIFEST_INVALID
// expect: its manifest carries no seal
// next: if you trust where it came from, say trust: 'manifest'
// where: <FILE>:16
runbook 'corpus/foreign-unsealed', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db, from: 'backups')
    }
}
