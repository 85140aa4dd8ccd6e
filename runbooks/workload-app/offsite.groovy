// Seed 000, "Multiple Locations (local and remote)" and "SCP Transfer" (`scp …sqlite.gz user@backup-server:/backups/
// workload-app/`): after the nightly workload-app/backup, ship its verified backups offsite — over SFTP to the backup
// server and to an S3-compatible object store — read the remote copies back, and report. Cron, after the backup:
// `ripcord run workload-app/offsite`. SFTP: keys from the agent or ~/.ssh, known_hosts checked; S3: AWS_* or ~/.aws.
// An incremental volume backup is shipped with the full backup it builds on, so the remote copy restores alone.
// The data volume as workload-app/backup names it: a Docker volume by name, or a directory when the value has a /.
def dataVolume(String value) {
    value.contains('/') ? dir(value) : volume(value)
}

runbook 'workload-app/offsite', version: '1.0.0', {
    description "Ship last night's verified backups to a backup server (SFTP) and an object store (S3), then verify the remote copies"
    param 'db', default: '/app/data/database.sqlite', description: 'the live SQLite database (as workload-app/backup)'
    param 'volume', default: 'workload-app-data', description: 'the data volume (as workload-app/backup): a Docker volume name, or a directory (a value with /)'
    param 'env', default: '/app/.env', description: 'the environment file (as workload-app/backup)'
    param 'sftp', default: 'sftp://backup@backup-server/backups/workload-app', description: 'the backup server'
    param 's3', default: 's3://workload-app-backups/offsite', description: 'the object store'
    param 'readData', default: 10, description: 'percent of each remote copy read back per run, rotating (10: every byte over 10 runs; 100: all of it every run)'
    param 'hook', default: '', description: 'a webhook for the report (empty: the run log only)'
    lock 'workload-app'

    step "ship last night's backups", {
        [sqlite(params.db), dataVolume(params.volume), file(params.env)].each { target ->
            def newest = lastBackup(target)
            verify newest // what workload-app/backup verified, checked again: a backup changed on disk since is not shipped
            copy newest, to: params.sftp
            copy newest, to: params.s3
        }
    }

    step 'ship the full backup the volume increment builds on', {
        def base = lastBackup(dataVolume(params.volume)).manifest.incremental?.baseFile
        if (base) { // an increment alone does not restore: its full backup goes along (already there: not sent again)
            def full = backups(dataVolume(params.volume)).find { it.file.fileName.toString() == base }
            verify full
            copy full, to: params.sftp
            copy full, to: params.s3
            [params.sftp, params.s3].each { repo ->
                // the copy just shipped, read back; a plan made before it was ever shipped finds none there and plans
                // the newest volume backup there (step 'verify the remote copies' reads that one anyway)
                def there = backups(dataVolume(params.volume), from: repo).find { it.file.fileName.toString() == base }
                verify there ?: lastBackup(dataVolume(params.volume), from: repo), readData: params.readData
            }
        }
    }

    step 'verify the remote copies', {
        [params.sftp, params.s3].each { repo ->
            [sqlite(params.db), dataVolume(params.volume), file(params.env)].each { target ->
                verify lastBackup(target, from: repo), readData: params.readData
            }
        }
    }

    step 'report', {
        def shipped = [sqlite(params.db), dataVolume(params.volume), file(params.env)].collect { lastBackup(it) }
        String message = "workload-app offsite: last night's backups (${shipped*.id.join(', ')}) shipped to ${params.sftp}" +
                " and ${params.s3}, read back there (${params.readData}% of each copy)"
        log message
        if (params.hook) { notify params.hook, message: message }
    }
}
