// case: RIPCORD_HOME names a file
// sh: echo x > jhome
// env: RIPCORD_HOME=<CWD>/jhome
// command: run --no-plan <FILE>
// exit: 2
// code: JOURNAL_UNAVAILABLE
// expect: cannot write the journal <CWD>/jhome/journal.db
// next: point --journal (or RIPCORD_HOME) somewhere writable
runbook 'corpus/journal-home-is-a-file', version: '1.0.0', {
    step 'a', { log 'hi' }
}
