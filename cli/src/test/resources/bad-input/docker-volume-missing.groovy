// case: volume(...) names a Docker volume that does not exist
// needs: docker
// command: run --no-plan <FILE>
// exit: 66
// code: TARGET_MISSING
// expect: volume ripcord-corpus-no-such-volume does not exist on the Docker Engine at
// next: docker volume ls
// where: <FILE>:11
runbook 'corpus/docker-volume-missing', version: '1.0.0', {
    step 'back up', {
        backup volume('ripcord-corpus-no-such-volume'), to: 'backups'
    }
}
