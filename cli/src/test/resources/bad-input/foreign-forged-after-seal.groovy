// case: another machine's sealed manifest, edited after it was sealed (this home given that machine's key)
// given: data
// file: setup-other.groovy: runbook 'corpus/setup', version: '1.0.0', { def db = sqlite 'app.db'; step 'b', { backup db, to: 'backups'; backup dir('data'), to: 'backups' } }
// ripcord other: run --no-plan <SCRATCH>/setup-other.groovy
// sh: mkdir -p <HOME>/.ripcord && cp <OTHER>/.ripcord/manifest.key <HOME>/.ripcord/; n=$(newest app); sed -i 's|"restoreByHand": "|"restoreByHand": "rm -rf ~; |' "$n.manifest.json"
// command: run --no-plan <FILE>
// exit: 65
// code: MANIFEST_INVALID
// expect: was changed after it was sealed with key
// next: do not restore it; restore a backup whose manifest is intact
// where: <FILE>:16
runbook 'corpus/foreign-forged-after-seal', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db, from: 'backups')
    }
}
