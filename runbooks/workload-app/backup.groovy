// Seed 000 (the Dokploy SQLite app), "Backup Strategy": the daily backups of the database, the data volume and the
// environment file, verified the way the seed checks them by hand. Cron: `ripcord run workload-app/backup`, and
// `ripcord backups --check --max-age 25h --min-size 1KB` for the seed's monitoring script. The data volume is the
// Docker volume Dokploy mounts (found through the Engine), or a directory when the value has a `/` in it.
runbook 'workload-app/backup', version: '1.2.0', {
    description 'Daily backup of the SQLite database, the data volume (incremental) and the env file, verified'
    param 'db', default: '/app/data/database.sqlite', description: 'the live SQLite database'
    param 'volume', default: 'workload-app-data', description: 'the data volume: a Docker volume name, or a directory (a value with /)'
    param 'env', default: '/app/.env', description: 'the environment file'
    param 'to', default: '/var/backups/workload-app', description: 'where the backups go'
    param 'check', default: "SELECT COUNT(*) FROM users WHERE role = 'Admin'", description: 'a count the backup must show above 0'
    lock 'workload-app'

    step 'back up the database', {
        backup sqlite(params.db), to: params.to, keep: 30.days
    }

    step 'verify the database backup', {
        verify lastBackup(sqlite(params.db)), minSize: 1.KB, query: params.check, expect: { it > 0 }
    }

    step 'back up the volume', {
        def data = params.volume.contains('/') ? dir(params.volume) : volume(params.volume) // a / makes it a directory
        backup data, to: params.to, incremental: true, keep: 28.days
        verify lastBackup(data)
    }

    step 'back up the configuration', {
        backup file(params.env), to: params.to, keep: 30.days
        verify lastBackup(file(params.env))
    }
}
