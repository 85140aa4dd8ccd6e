// The SQLite benchmark's runbook: one backup through the online backup API.
runbook 'bench/backup-sqlite', version: '1.0.0', {
    param 'db', required: true
    param 'to', required: true
    param 'compress', default: 'none'
    step 'work', {
        backup sqlite(params.db), to: params.to, compress: params.compress
    }
}
