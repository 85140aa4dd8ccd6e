// expect: postgres URL carries a password at postgres-password-in-url.groovy:3
runbook 'demo/postgres-password-in-url', version: '1.0.0', {
    def db = postgres 'postgresql://app:hunter22@127.0.0.1:5432/app'
    step 'back up', { backup db, to: 'backups' }
}
