// The PostgreSQL container benchmark's runbook: one backup with pg_dump -Fc inside the container (exec API).
runbook 'bench/backup-pg-container', version: '1.0.0', {
    param 'container', required: true
    param 'database', required: true
    param 'to', required: true
    step 'work', {
        backup postgres(container: params.container, database: params.database), to: params.to
    }
}
