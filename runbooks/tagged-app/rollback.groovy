// Seed 001 (EquipeMed, Django on Docker image tags), "Deployment Rollback Procedures": the emergency rollback to the
// newest backup-* tag that upgrade.sh leaves (or version=TAG, the seed's rollback_to_version.sh), with its health
// loop; withData=true also puts back the latest database and static-files backups (the seed's complete rollback), each
// after a safety copy. Verified by the health loop: the run fails, with every attempt journaled, if it stays unhealthy.
runbook 'tagged-app/rollback', version: '1.1.0', {
    description 'Roll back to the newest backup-* image tag or a given version, optionally with database and static files'
    param 'container', default: 'equipemed', description: 'the app container'
    param 'repository', default: 'equipemed', description: 'the image repository holding the backup-* tags'
    param 'version', default: '', description: 'the tag to roll back to; empty: the newest backup-* tag'
    param 'withData', default: false, description: 'also restore the latest database and static-files backups'
    param 'db', default: '/app/data/db.sqlite3', description: 'the SQLite database'
    param 'static', default: '/app/staticfiles', description: 'the static-files directory'
    param 'health', default: 'http://127.0.0.1:8000/health/', description: 'the health endpoint'
    param 'interval', default: 3.seconds, description: 'between the 10 health attempts'
    lock 'tagged-app'

    def image = null // decided once, journaled: a resumed run rolls back to the same tag
    step 'find the image', {
        def tag = params.version ?: sh("docker images --format '{{.Tag}}' '${params.repository}' | grep '^backup-' | sort | tail -n 1")
        image = "${params.repository}:${tag}"
        sh "docker image inspect '${image}' > /dev/null" // fails here, before anything stops
        log "rolling back to ${image}"
    }

    step 'stop', {
        stopService container(params.container), timeout: 30.seconds
    }

    step 'restore data', {
        if (params.withData) {
            restore lastBackup(sqlite(params.db))
            restore lastBackup(dir(params.static))
        }
    }

    step 'start the old image', {
        startService container(params.container), image: image, timeout: 30.seconds
        healthCheck http(params.health), retries: 10, interval: params.interval
    }
}
