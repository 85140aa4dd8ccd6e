// Seed 004 (smart-smoker, Docker Compose + MongoDB), "Deployment Rollback": the three-layer safety net in one run.
// Backs up what a deploy can break (compose file, data directory, container logs; each artifact with its manifest),
// deploys the new image, gates on health (HTTP with retries, the container, disk usage) and, when the gate fails, rolls
// back by itself: old image, compose file and data put back, then the same gate again — verified (exit 3), or
// MANUAL INTERVENTION REQUIRED with what was and was not restored (exit 4). `ripcord show RUN` is the rollback report.
// TODO(compose): target compose(params.project, params.service, file: params.compose) once that target is in main.
// TODO(image backup): `backup image(...)` for the seed's docker-images.tar.gz; until then previous(app) is kept by Docker.
runbook 'compose-app/deploy', version: '1.0.0', {
    description 'Back up, deploy, health-gate and roll back automatically (seed 004)'
    param 'image', default: 'smart-smoker-backend:latest', description: 'the image to deploy'
    param 'container', default: 'backend_cloud', description: 'the service container'
    param 'compose', default: '/opt/smart-smoker-prod/cloud.docker-compose.yml', description: 'the compose file'
    param 'data', default: '/opt/smart-smoker-prod/database', description: 'the data directory'
    param 'backups', default: '/opt/smart-smoker/backups/deployments', description: 'where the backups go'
    param 'health', default: 'http://127.0.0.1:3001/api/health', description: 'the health endpoint'
    param 'retries', default: 3, description: 'health attempts after the first'
    param 'interval', default: 10.seconds, description: 'between health attempts'
    lock 'compose-app'

    step 'back up', {
        sh "mkdir -p '${params.backups}/logs' && docker logs --tail 1000 '${params.container}' > '${params.backups}/logs/${params.container}.log' 2>&1"
        backup file(params.compose), to: params.backups, keep: 10
        backup dir(params.data), to: params.backups, keep: 10
        backup dir("${params.backups}/logs"), to: params.backups, keep: 10
    }

    step 'verify the backups', {
        verify lastBackup(file(params.compose))
        verify lastBackup(dir(params.data)), restoreTest: true
        verify lastBackup(dir("${params.backups}/logs"))
    }

    step 'deploy', {
        startService container(params.container), image: params.image
    }

    step 'health', {
        healthCheck http(params.health), json: [status: 'pass'], retries: params.retries, interval: params.interval
        healthCheck container(params.container)
        healthCheck disk(params.data, maxUsed: 90.percent)
    }

    // no health check here: the rollback is verified by repeating the 'health' step's gates
    rollbackIf { failed 'health' } then {
        def app = container(params.container)
        stopService app
        restore lastBackup(file(params.compose))
        restore lastBackup(dir(params.data))
        startService app, image: previous(app)
    }
}
