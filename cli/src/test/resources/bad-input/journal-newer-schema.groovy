// case: the journal was written by a newer Ripcord (a schema version this one does not know)
// file: hello.groovy: runbook 'corpus/hello', version: '1.0.0', { step 'a', { log 'hi' } }
// ripcord: run --no-plan <SCRATCH>/hello.groovy --journal <CWD>/jhome/journal.db
// sh: sqlite3 jhome/journal.db 'PRAGMA user_version = 999;'
// env: RIPCORD_HOME=<CWD>/jhome
// command: run --no-plan <FILE>
// exit: 2
// code: JOURNAL_CORRUPT
// expect: it was written by a newer Ripcord (schema 999
// next: Ripcord left it untouched
runbook 'corpus/journal-newer-schema', version: '1.0.0', {
    step 'a', { log 'hi' }
}
