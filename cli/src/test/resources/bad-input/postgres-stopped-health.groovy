// case: a health check of a PostgreSQL server that is stopped
// command: run --no-plan <FILE>
// exit: 69
// code: ENGINE_UNAVAILABLE
// expect: x
// next: x
// where: <FILE>:11
runbook 'corpus/postgres-stopped-health', version: '1.0.0', {
    def pg = postgres url: 'postgresql://corpus@127.0.0.1:1/corpus'
    step 'it', {
        healthCheck pg
    }
}
