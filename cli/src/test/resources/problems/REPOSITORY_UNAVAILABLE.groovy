// env: AWS_ENDPOINT_URL=http://127.0.0.1:9
// env: AWS_ACCESS_KEY_ID=problems-key
// env: AWS_SECRET_ACCESS_KEY=problems-secret
// env: AWS_REGION=us-east-1
// command: run --no-plan <FILE>
// exit: 69
// expect: error[REPOSITORY_UNAVAILABLE]: step 'back up' failed: backup: cannot copy <ID> to s3://problems-bucket/app: cannot list incomplete uploads in s3://problems-bucket/app (at http://127.0.0.1:9): the endpoint does not answer (<ANY>) at REPOSITORY_UNAVAILABLE.groovy:11
runbook 'problems/repository-unavailable', version: '1.0.0', {
    def db = sqlite 'app.db'
    step 'make', { sh "sqlite3 app.db 'CREATE TABLE t (x)'" }
    step 'back up', { backup db, to: ['backups', 's3://problems-bucket/app'] }
}
