// case: the journal path is a directory
// sh: mkdir -p jhome/journal.db
// env: RIPCORD_HOME=<CWD>/jhome
// command: run --no-plan <FILE>
// exit: 2
// code: JOURNAL_UNAVAILABLE
// expect: cannot write the journal <CWD>/jhome/journal.db
// next: point --journal (or RIPCORD_HOME) somewhere writable
runbook 'corpus/journal-db-is-a-directory', version: '1.0.0', {
    step 'a', { log 'hi' }
}
