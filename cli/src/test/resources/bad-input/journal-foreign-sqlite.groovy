// case: journal.db is another program's SQLite database
// sh: mkdir -p jhome && sqlite3 jhome/journal.db 'CREATE TABLE photos (id INTEGER, path TEXT); INSERT INTO photos VALUES (1, "a.jpg");'
// env: RIPCORD_HOME=<CWD>/jhome
// command: run --no-plan <FILE>
// exit: 2
// code: JOURNAL_CORRUPT
// expect: is not a usable Ripcord journal: it is another program's SQLite database
// next: Ripcord left it untouched
runbook 'corpus/journal-foreign-sqlite', version: '1.0.0', {
    step 'a', { log 'hi' }
}
