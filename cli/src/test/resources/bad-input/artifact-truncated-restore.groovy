// case: the artifact lost its second half (a copy cut short); restore refuses it and keeps the live database
// given: backups 1
// sh: n=$(newest app); head -c 2000 "$n" > cut; cat cut > "$n"; rm cut
// command: run --no-plan <FILE>
// exit: 65
// code: VERIFICATION_FAILED
// expect: refusing to restore: backup app-
// next: do not restore it
// where: <FILE>:14
runbook 'corpus/truncated', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db)
    }
}
