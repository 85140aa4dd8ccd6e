// case: a health check of a PostgreSQL server that is stopped: the service is unhealthy, so the step fails
// command: run --no-plan <FILE>
// exit: 1
// code: STEP_FAILED
// expect: is unhealthy after 1 attempt
// next: check the service's logs
// where: <FILE>:11
runbook 'corpus/postgres-stopped-health', version: '1.0.0', {
    def pg = postgres url: 'postgresql://corpus@127.0.0.1:1/corpus'
    step 'it', {
        healthCheck pg
    }
}
