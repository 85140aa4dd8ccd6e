// Seed 004 (smart-smoker, Docker Compose + MongoDB), "Deployment Rollback": the three-layer safety net in one run.
// Backs up what a deploy can break (the image the compose file runs, as docker save; the compose file; the data
// directory; the container logs; each artifact with its manifest), deploys the new image under that tag through
// compose, gates on health (HTTP with retries, the container, disk usage) and, when the gate fails, rolls back by
// itself: the project down (`down`, volumes kept), image (docker load), compose file and data put back, the project
// up again (`up -d`), then the same gate again — verified (exit 3), or
// MANUAL INTERVENTION REQUIRED with what was and was not restored (exit 4). `ripcord show RUN` is the rollback report;
// with hook= it is also POSTed to that webhook.
runbook 'compose-app/deploy', version: '2.1.0', {
    description 'Back up, deploy, health-gate and roll back automatically (seed 004)'
    param 'image', default: 'smart-smoker-backend:next', description: 'the image to deploy'
    param 'tag', default: 'smart-smoker-backend:latest', description: 'the image the compose file runs'
    param 'project', default: 'smart-smoker-prod', description: 'the compose project'
    param 'service', default: 'backend', description: 'the service in the compose file'
    param 'container', default: 'backend_cloud', description: 'its container (container_name)'
    param 'compose', default: '/opt/smart-smoker-prod/cloud.docker-compose.yml', description: 'the compose file'
    param 'data', default: '/opt/smart-smoker-prod/database', description: 'the data directory'
    param 'backups', default: '/opt/smart-smoker/backups/deployments', description: 'where the backups go'
    param 'health', default: 'http://127.0.0.1:3001/api/health', description: 'the health endpoint'
    param 'retries', default: 3, description: 'health attempts after the first'
    param 'interval', default: 10.seconds, description: 'between health attempts'
    param 'hook', default: '', description: 'a webhook for the rollback report (empty: none)'
    lock 'compose-app'

    step 'back up', {
        def logs = "${params.backups}/logs"
        sh "mkdir -p '${logs}' && docker logs --tail 1000 '${params.container}' > '${logs}/${params.container}.log' 2>&1"
        [image(params.tag), file(params.compose), dir(params.data), dir(logs)].each { backup it, to: params.backups, keep: 10 }
    }

    step 'verify the backups', {
        [image(params.tag), file(params.compose), dir("${params.backups}/logs")].each { verify lastBackup(it) }
        verify lastBackup(dir(params.data)), restoreTest: true
    }

    step 'deploy', {
        tagImage params.image, as: params.tag
        startService compose(params.project, params.service, file: params.compose) // recreated: its image changed
    }

    step 'health', {
        healthCheck http(params.health), json: [status: 'pass'], retries: params.retries, interval: params.interval
        healthCheck container(params.container)
        healthCheck disk(params.data, maxUsed: 90.percent)
    }

    // no health check here: the rollback is verified by repeating the 'health' step's gates
    // as the seed does it: the whole project down (volumes kept), its files and image put back, the project up again
    rollbackIf { failed 'health' } then {
        def project = compose(params.project, file: params.compose)
        stopService project
        [image(params.tag), file(params.compose), dir(params.data)].each { restore lastBackup(it) }
        startService project
        if (params.hook) { notify params.hook, message: "${params.project}/${params.service}: ${params.image} failed its health gate and was rolled back" }
    }
}
