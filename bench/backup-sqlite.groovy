// The SQLite benchmark's runbook: one backup through the online backup API, or a restore of the newest one over live:.
runbook 'bench/backup-sqlite', version: '1.1.0', {
    param 'db', required: true
    param 'to', required: true
    param 'compress', default: 'none'
    param 'mode', default: 'backup'
    param 'live', default: ''
    param 'safety', default: 'auto'
    step 'work', {
        if (params.mode == 'backup') {
            backup sqlite(params.db), to: params.to, compress: params.compress
        } else {
            restore lastBackup(sqlite(params.db), from: params.to), to: params.live, safety: params.safety
        }
    }
}
