// env: DOCKER_HOST=unix://<CWD>/no-docker.sock
// command: run --no-plan <FILE>
// exit: 69
// expect: error[ENGINE_UNAVAILABLE]: step 'stop' failed: stopService: inspect container problems-app: cannot reach the Docker Engine at unix://<CWD>/no-docker.sock (No such file or directory) at ENGINE_UNAVAILABLE.groovy:6
runbook 'problems/engine-unavailable', version: '1.0.0', {
    step 'stop', { stopService container('problems-app') }
}
