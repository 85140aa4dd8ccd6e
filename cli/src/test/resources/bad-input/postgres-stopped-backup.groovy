// case: the PostgreSQL server is stopped (nothing listens on its port)
// needs: pg_dump
// command: run --no-plan <FILE>
// exit: 69
// code: ENGINE_UNAVAILABLE
// expect: the PostgreSQL server at 127.0.0.1:1 does not answer
// next: start it, or fix host:/port:
// where: <FILE>:12
runbook 'corpus/postgres-stopped-backup', version: '1.0.0', {
    def pg = postgres url: 'postgresql://corpus@127.0.0.1:1/corpus'
    step 'it', {
        backup pg, to: 'backups'
    }
}
