// given: file journal.db: these are not the bytes of a SQLite database
// command: run --no-plan <FILE> --journal journal.db
// exit: 2
// expect: error[JOURNAL_CORRUPT]: <CWD>/journal.db is not a usable Ripcord journal: it is not a SQLite database
runbook 'problems/journal-corrupt', version: '1.0.0', {
    step 'a', { log 'hi' }
}
