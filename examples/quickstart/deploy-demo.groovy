// The quick start's safety net, on the demo service (examples/demo-service): back up its database, deploy a new image
// behind a health gate, and when the gate fails put everything back by itself — old image, database as backed up —
// verified by the same gate. `examples/quickstart/demo.sh` starts the demo container and runs this with v2 (broken).
runbook 'quickstart/deploy-demo', version: '1.0.0', {
    description 'Back up the demo database, deploy an image behind a health gate, roll back automatically if it fails'
    param 'image', default: 'ripcord-demo:v2', description: 'the image to deploy'
    param 'container', default: 'ripcord-demo', description: 'the running demo container'
    param 'data', default: 'target/demo/data', description: 'the data directory the container mounts at /data'
    param 'backups', default: 'target/demo/backups', description: 'where the backups go'
    param 'health', default: 'http://127.0.0.1:8778/health', description: 'the health endpoint'
    lock 'ripcord-demo'

    step 'back up the database', {
        backup sqlite("${params.data}/app.sqlite"), to: params.backups, keep: 10
        verify lastBackup(sqlite("${params.data}/app.sqlite")), query: 'SELECT count(*) FROM notes', expect: { it >= 0 }
    }

    step 'deploy', {
        startService container(params.container), image: params.image, timeout: 30.seconds
    }

    step 'health gate', {
        healthCheck http(params.health), json: [status: 'pass'], retries: 3, interval: 1.seconds, timeout: 2.seconds
    }

    rollbackIf { failed 'health gate' } then {
        def app = container(params.container)
        stopService app, timeout: 30.seconds
        restore lastBackup(sqlite("${params.data}/app.sqlite"))
        startService app, image: previous(app), timeout: 30.seconds
        healthCheck http(params.health), json: [status: 'pass'], retries: 10, interval: 500.milliseconds
    }
}
