// Seed 003 (schedgen, PostgreSQL + MinIO), "Pre-Deployment Backup": no deploy without a verified backup. Backs up the
// database (pg_dump -Fc) and the object-store directory, verifies both (size floors, full read, restore test), writes
// .last-deployment-backup with the git commit and branch, prints the commands that restore them by hand, and only then
// deploys; any failure before that aborts the deploy. Retention keeps 7 days. The password comes from PGPASSFILE.
runbook 'pg-app/pre-deploy', version: '1.0.0', {
    description 'Back up and verify PostgreSQL and the object store, record them with the git commit, then deploy'
    param 'db', default: 'postgresql://schedgen@127.0.0.1:5432/schedgen', description: 'the database (no password in it)'
    param 'objects', default: '/var/lib/docker/volumes/schedgen_minio_data/_data', description: 'the object-store directory'
    param 'repo', default: '.', description: 'the git checkout being deployed'
    param 'backups', default: './backups', description: 'where the backups go'
    param 'deploy', default: 'docker compose -f docker-compose.yml -f docker-compose.prod.yml up -d', description: 'the deploy command'
    lock 'pg-app'

    step 'back up', {
        backup postgres(params.db), to: params.backups, keep: 7.days
        backup dir(params.objects), to: params.backups, keep: 7.days
    }

    step 'verify', {
        verify lastBackup(postgres(params.db)), minSize: 1.KB
        verify lastBackup(dir(params.objects)), minSize: 512.bytes, restoreTest: true
    }

    step 'record', {
        def commit = sh "git -C '${params.repo}' rev-parse HEAD"
        def branch = sh "git -C '${params.repo}' rev-parse --abbrev-ref HEAD"
        def db = lastBackup(postgres(params.db))
        def objects = lastBackup(dir(params.objects))
        sh(['sh', '-c', 'printf "%s\\n" "$@" > "$0.tmp" && mv "$0.tmp" "$0"', "${params.backups}/.last-deployment-backup",
            "commit=${commit}", "branch=${branch}", "database=${db.file}", "objects=${objects.file}"])
        log "backups of ${commit} (${branch}): ${db.file}, ${objects.file}"
        log "to restore by hand: ${db.manifest.restoreByHand}"
        log "to restore by hand: ${objects.manifest.restoreByHand}"
    }

    step 'deploy', {
        sh params.deploy, dir: params.repo, timeout: 15.minutes
    }
}
