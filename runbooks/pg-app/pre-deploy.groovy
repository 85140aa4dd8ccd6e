// Seed 003 (schedgen, PostgreSQL + MinIO), "Pre-Deployment Backup": no deploy without a verified backup. Backs up the
// database (pg_dump -Fc) and the object store, verifies both (size floors, full read, restore test), writes
// .last-deployment-backup with the git commit and branch, prints the commands that restore them by hand, and only then
// deploys; any failure before that aborts the deploy. Retention keeps 7 days. As the seed runs them, the database is
// the compose project's `postgres` service (pg_dump runs inside its container, so its version always matches the
// server's) and the object store is MinIO's Docker volume; db= a postgresql:// URL (its password from PGPASSFILE) and
// objects= a directory (a value with /) back up a server and a directory instead.
runbook 'pg-app/pre-deploy', version: '1.1.0', {
    description 'Back up and verify PostgreSQL and the object store, record them with the git commit, then deploy'
    param 'project', default: 'schedgen', description: 'the compose project the services belong to (docker compose -p)'
    param 'db', default: 'postgres', description: 'the database: its compose service, or a postgresql:// URL (no password in it)'
    param 'database', default: 'schedgen', description: 'the database name in the compose service'
    param 'user', default: 'schedgen', description: 'the user pg_dump runs as in the compose service'
    param 'objects', default: 'schedgen_minio_data', description: 'the object store: its Docker volume, or a directory (a value with /)'
    param 'repo', default: '.', description: 'the git checkout being deployed'
    param 'backups', default: './backups', description: 'where the backups go'
    param 'deploy', default: 'docker compose -f docker-compose.yml -f docker-compose.prod.yml up -d', description: 'the deploy command'
    lock 'pg-app'

    def database = null, objects = null // decided in the first step from params; a resumed run decides the same
    step 'back up', {
        database = params.db.contains('://') ? postgres(params.db)
                : postgres(compose: [params.project, params.db], database: params.database, user: params.user)
        objects = params.objects.contains('/') ? dir(params.objects) : volume(params.objects)
        backup database, to: params.backups, keep: 7.days
        backup objects, to: params.backups, keep: 7.days
    }

    step 'verify', {
        verify lastBackup(database), minSize: 1.KB
        verify lastBackup(objects), minSize: 512.bytes, restoreTest: true
    }

    step 'record', {
        def commit = sh "git -C '${params.repo}' rev-parse HEAD"
        def branch = sh "git -C '${params.repo}' rev-parse --abbrev-ref HEAD"
        def db = lastBackup(database)
        def store = lastBackup(objects)
        sh(['sh', '-c', 'printf "%s\\n" "$@" > "$0.tmp" && mv "$0.tmp" "$0"', "${params.backups}/.last-deployment-backup",
            "commit=${commit}", "branch=${branch}", "database=${db.file}", "objects=${store.file}"])
        log "backups of ${commit} (${branch}): ${db.file}, ${store.file}"
        log "to restore by hand: ${db.manifest.restoreByHand}"
        log "to restore by hand: ${store.manifest.restoreByHand}"
    }

    step 'deploy', {
        sh params.deploy, dir: params.repo, timeout: 15.minutes
    }
}
