// command: run --no-plan <FILE> --journal <FILE>/journal.db
// exit: 2
// expect: error[JOURNAL_UNAVAILABLE]: cannot write the journal <CWD>/JOURNAL_UNAVAILABLE.groovy/journal.db: the file or its directory is not writable
runbook 'problems/journal-unavailable', version: '1.0.0', {
    step 'a', { log 'hi' }
}
