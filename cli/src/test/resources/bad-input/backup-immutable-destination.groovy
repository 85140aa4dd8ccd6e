// case: the backup destination is a directory marked immutable (chattr +i): not writable, whoever asks
// needs: root
// given: data
// sh: mkdir m && chattr +i m
// cleanup: chattr -i <CWD>/m
// command: run --no-plan <FILE>
// exit: 73
// code: DESTINATION_NOT_WRITABLE
// expect: Operation not permitted
// next: make <CWD>/m writable for this user, or give another to:
// where: <FILE>:16
runbook 'corpus/backup-immutable-destination', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'back up', {
        backup db, to: 'm'
    }
}
