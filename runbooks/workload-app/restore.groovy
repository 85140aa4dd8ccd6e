// Seed 000, "Database Rollback" and "Complete System Rollback": put the latest verified backups back over the live app.
// The backup is verified before anything stops; every restore takes a safety copy of what it replaces first (a catalog
// artifact, `-safety` in its name) and swaps atomically; the restored database is checked (integrity, row count)
// before the app starts again behind a health gate. full=true also restores the data volume (a Docker volume, restored
// in place so it stays the same volume, or a directory) and the env file.
runbook 'workload-app/restore', version: '1.1.0', {
    description 'Restore the database (full=true: also the volume and env file) with safety copies, checks and a health gate'
    param 'container', default: 'workload-app', description: 'the app container'
    param 'db', default: '/app/data/database.sqlite', description: 'the live SQLite database'
    param 'volume', default: 'workload-app-data', description: 'the data volume: a Docker volume name, or a directory (a value with /)'
    param 'env', default: '/app/.env', description: 'the environment file'
    param 'full', default: false, description: 'also restore the volume and the env file (full system restore)'
    param 'table', default: 'users', description: 'the table whose rows are counted in the backup and after the restore'
    param 'health', default: 'http://127.0.0.1:3000/health', description: 'the health endpoint'
    lock 'workload-app'

    step 'check the backups', {
        verify lastBackup(sqlite(params.db)), query: "SELECT count(*) FROM ${params.table}", expect: { it > 0 }
        if (params.full) {
            verify lastBackup(params.volume.contains('/') ? dir(params.volume) : volume(params.volume)), restoreTest: true
            verify lastBackup(file(params.env))
        }
    }

    step 'stop the app', {
        stopService container(params.container), timeout: 30.seconds
    }

    step 'restore', {
        restore lastBackup(sqlite(params.db))
        if (params.full) {
            restore lastBackup(params.volume.contains('/') ? dir(params.volume) : volume(params.volume))
            restore lastBackup(file(params.env))
        }
    }

    step 'check the restored database', {
        sh "test \"\$(sqlite3 '${params.db}' 'PRAGMA integrity_check')\" = ok"
        def rows = sh "sqlite3 '${params.db}' 'SELECT count(*) FROM ${params.table}'"
        log "restored database: integrity ok, ${rows} rows in ${params.table}"
    }

    step 'start the app', {
        startService container(params.container), timeout: 30.seconds
        healthCheck http(params.health), json: [status: 'pass'], retries: 10, interval: 1.seconds
    }
}
