// case: postgres(container:) names a running container that is not PostgreSQL (no pg_dump in it)
// needs: docker
// needs: busybox
// sh: not_postgres ripcord-corpus-not-pg
// command: run --no-plan <FILE>
// exit: 66
// code: TARGET_MISSING
// expect: container ripcord-corpus-not-pg has no pg_dump (needed to
// next: name the database's own container in postgres(container: ...)
// where: <FILE>:15
// cleanup: docker rm -f ripcord-corpus-not-pg
runbook 'corpus/docker-not-postgres-container', version: '1.0.0', {
    def db = postgres container: 'ripcord-corpus-not-pg', database: 'shop'
    step 'back up', {
        backup db, to: 'backups'
    }
}
