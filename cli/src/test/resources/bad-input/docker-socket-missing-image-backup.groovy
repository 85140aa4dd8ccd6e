// case: backing up an image while the engine is down
// env: DOCKER_HOST=unix://<CWD>/docker.sock
// command: run --no-plan <FILE>
// exit: 69
// code: ENGINE_UNAVAILABLE
// expect: cannot reach the Docker Engine at unix://<CWD>/docker.sock
// next: start the engine
// where: <FILE>:11
runbook 'corpus/docker-socket-missing-image-backup', version: '1.0.0', {
    step 'it', {
        backup image('corpus-app:1'), to: 'backups'
    }
}
