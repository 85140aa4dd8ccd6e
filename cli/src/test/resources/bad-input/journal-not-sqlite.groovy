// case: RIPCORD_HOME's journal.db is a text file
// sh: mkdir -p jhome && echo 'not a database' > jhome/journal.db
// env: RIPCORD_HOME=<CWD>/jhome
// command: run --no-plan <FILE>
// exit: 2
// code: JOURNAL_CORRUPT
// expect: is not a usable Ripcord journal: it is not a SQLite database
// next: Ripcord left it untouched
runbook 'corpus/journal-not-sqlite', version: '1.0.0', {
    step 'a', { log 'hi' }
}
