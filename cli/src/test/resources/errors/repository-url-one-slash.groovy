// expect: backup to: 's3:/acme-backups/app' looks like a URL with one slash; a local directory with a ':' in its first name is refused too (write ./s3:/acme-backups/app if you mean it), and a repository URL is s3://… at repository-url-one-slash.groovy:4
runbook 'demo/repository-url-one-slash', version: '1.0.0', {
    def db = sqlite 'app.db'
    step 'back up', { backup db, to: 's3:/acme-backups/app' }
}
