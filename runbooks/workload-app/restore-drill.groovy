// Seed 000, "restore drill": prove the latest backups restore — into a scratch directory, never over the live data —
// and that the restored database is whole and still has its admins. Run it monthly; `ripcord show` gives the timings.
runbook 'workload-app/restore-drill', version: '1.1.0', {
    description 'Restore the latest database and volume backups into a scratch directory and check them'
    param 'db', default: '/app/data/database.sqlite', description: 'the live SQLite database (only its backups are read)'
    param 'volume', default: 'workload-app-data', description: 'the data volume: a Docker volume name, or a directory (a value with /)'
    param 'scratch', default: '/var/tmp/workload-app-drill', description: 'an empty scratch directory'

    step 'restore the database', {
        restore lastBackup(sqlite(params.db)), to: "${params.scratch}/database.sqlite"
        sh "test \"\$(sqlite3 '${params.scratch}/database.sqlite' 'PRAGMA integrity_check')\" = ok"
        def admins = sh "sqlite3 '${params.scratch}/database.sqlite' \"SELECT COUNT(*) FROM users WHERE role = 'Admin'\""
        log "restored database has ${admins} admin(s)"
    }

    step 'restore the volume', {
        def data = params.volume.contains('/') ? dir(params.volume) : volume(params.volume) // a / makes it a directory
        restore lastBackup(data), to: "${params.scratch}/volume"
        def files = sh "find '${params.scratch}/volume' -type f | wc -l"
        log "restored volume holds ${files} files"
    }

    step 'clean up', {
        sh "rm -rf '${params.scratch}'"
    }
}
