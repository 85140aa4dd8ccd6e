// case: the "database" is a text file
// given: data
// sh: echo "just notes" > notes.db
// command: run --no-plan <FILE>
// exit: 66
// code: TARGET_MISSING
// expect: is not a SQLite database (its header is wrong)
// next: point sqlite() at the database file itself
// where: <FILE>:13
runbook 'corpus/source-sqlite-not-a-database', version: '1.0.0', {
    def source = sqlite 'notes.db'
    step 'back up', {
        backup source, to: 'backups'
    }
}
