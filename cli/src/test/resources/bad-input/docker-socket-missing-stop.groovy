// case: DOCKER_HOST names a socket that does not exist (the engine is not running)
// env: DOCKER_HOST=unix://<CWD>/docker.sock
// command: run --no-plan <FILE>
// exit: 69
// code: ENGINE_UNAVAILABLE
// expect: cannot reach the Docker Engine at unix://<CWD>/docker.sock
// next: start the engine
// where: <FILE>:11
runbook 'corpus/docker-socket-missing-stop', version: '1.0.0', {
    step 'it', {
        stopService container('corpus-app')
    }
}
