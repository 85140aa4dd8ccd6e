// command: run --no-plan <FILE>
// exit: 2
// expect: error[INVALID_REPOSITORY]: backup to: 'ftp://backup.example.com/app': no repository speaks ftp://; use a directory, s3://BUCKET/PREFIX or sftp://USER@HOST/PATH at INVALID_REPOSITORY.groovy:6
runbook 'problems/invalid-repository', version: '1.0.0', {
    def db = sqlite 'app.db'
    step 'back up', { backup db, to: 'ftp://backup.example.com/app' }
}
