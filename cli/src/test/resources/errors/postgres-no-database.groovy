// expect: postgres needs a database: postgres 'postgresql://user@host:5432/app' or postgres database: 'app' at postgres-no-database.groovy:3
runbook 'demo/postgres-no-database', version: '1.0.0', {
    def db = postgres host: '127.0.0.1', user: 'app'
    step 'back up', { backup db, to: 'backups' }
}
