// Seed 002 (merq, PostgreSQL on Dokploy), "Rollback Procedures": the four-level ladder, climbed only as far as needed.
// The health step asks whether the service is down after the deploy; when it is, the ladder climbs from level
// `startLevel`: 1 redeploys the previous image (a bug without data damage); 2 reverts the last commit in the local
// checkout and redeploys (a bad commit); 3 restores PostgreSQL after a safety dump, with the app stopped, then
// redeploys the previous image (a destructive migration); 4 restores the database and the files too. Each level ends
// behind the same health gate and the next runs only while it stays red. Levels 3 and 4 throw away what changed since
// the last backup, so each asks for approval first (at the terminal, or `--approve 'restore db'`/`'full restore'`).
runbook 'pg-app/rollback-ladder', version: '2.0.0', {
    description 'Rollback ladder: redeploy previous image, git revert, PostgreSQL restore (approved), full restore (approved)'
    param 'startLevel', default: 1, description: 'start at level N (1 redeploy, 2 git revert, 3 database restore, 4 full restore)'
    param 'container', default: 'merq-backend', description: 'the app container'
    param 'previous', default: 'merq-backend:previous', description: 'the image that worked (level 1, 3 and 4)'
    param 'repo', default: '/srv/merq', description: 'the git checkout (level 2)'
    param 'deploy', default: 'docker compose up -d --build', description: 'the deploy command after a revert (level 2)'
    param 'db', default: 'postgresql://merq@127.0.0.1:5432/merq', description: 'the database (level 3 and 4)'
    param 'files', default: '/srv/merq/uploads', description: 'the uploaded files (level 4)'
    param 'health', default: 'http://127.0.0.1:3000/api/health', description: 'the health endpoint'
    param 'interval', default: 3.seconds, description: 'between the 10 health attempts'
    lock 'pg-app'

    step 'health', {
        healthCheck http(params.health), json: [status: 'pass'], retries: 10, interval: params.interval
    }

    rollbackIf { failed 'health' } then ladder(from: params.startLevel) {
        level 'redeploy', {
            startService container(params.container), image: params.previous, timeout: 60.seconds
        }
        level 'revert', {
            // a revert is a commit: say which identity is missing rather than let git fail with "tell me who you are"
            sh """for key in user.name user.email; do [ -n "\$(git -C '${params.repo}' config \$key)" ] || \
                  { echo "git has no \$key to commit the revert in ${params.repo}: set it with git -C ${params.repo} config \$key VALUE" >&2; exit 2; }; done"""
            sh "git -C '${params.repo}' revert --no-edit HEAD"
            sh params.deploy, dir: params.repo, timeout: 15.minutes
        }
        level 'restore db', confirm: true, {
            stopService container(params.container), timeout: 30.seconds
            restore lastBackup(postgres(params.db)) // a safety dump is taken first
            startService container(params.container), image: params.previous, timeout: 60.seconds
        }
        level 'full restore', confirm: true, {
            stopService container(params.container), timeout: 30.seconds
            restore lastBackup(postgres(params.db))
            restore lastBackup(dir(params.files))
            startService container(params.container), image: params.previous, timeout: 60.seconds
        }
    }
}
