// Seed 002 (merq, PostgreSQL on Dokploy), "Rollback Procedures": the four-level ladder, climbed only as far as needed.
// The decision tree: a bug without data damage → level 1 (redeploy the previous image); a bad commit → level 2 (revert
// it in the local checkout and redeploy); a destructive migration → level 3 (restore PostgreSQL, after a safety dump,
// with the app stopped, then level 1); everything else → level 4 (full restore: database, files, previous image), which
// asks for approval first (at the terminal, or `--approve decide`). Each level ends behind the same health gate; when
// it stays red the run fails there: climb one level.
runbook 'pg-app/rollback-ladder', version: '1.1.1', {
    description 'Rollback levels 1-4: redeploy previous image, git revert, PostgreSQL restore, full restore (approved)'
    param 'level', default: 1, description: '1 redeploy, 2 git revert, 3 database restore, 4 full restore'
    param 'container', default: 'merq-backend', description: 'the app container'
    param 'previous', default: 'merq-backend:previous', description: 'the image that worked (level 1, 3 and 4)'
    param 'repo', default: '/srv/merq', description: 'the git checkout (level 2)'
    param 'deploy', default: 'docker compose up -d --build', description: 'the deploy command after a revert (level 2)'
    param 'db', default: 'postgresql://merq@127.0.0.1:5432/merq', description: 'the database (level 3 and 4)'
    param 'files', default: '/srv/merq/uploads', description: 'the uploaded files (level 4)'
    param 'health', default: 'http://127.0.0.1:3000/api/health', description: 'the health endpoint'
    param 'interval', default: 3.seconds, description: 'between the 10 health attempts'
    lock 'pg-app'

    step 'decide', {
        if (!(params.level in 1..4)) { sh "echo 'level must be 1 to 4, not ${params.level}' >&2; exit 2" }
        if (params.level == 4) { confirm 'Level 4 replaces the database and the files with their last backups. Go on?' }
        log "rollback level ${params.level}"
    }

    step 'stop the app', {
        if (params.level >= 3) { stopService container(params.container), timeout: 30.seconds }
    }

    step 'restore data', {
        if (params.level >= 3) { restore lastBackup(postgres(params.db)) } // a safety dump is taken first
        if (params.level == 4) { restore lastBackup(dir(params.files)) }
    }

    step 'redeploy', {
        if (params.level == 2) {
            // a revert is a commit: say which identity is missing rather than let git fail with "tell me who you are"
            sh """for key in user.name user.email; do [ -n "\$(git -C '${params.repo}' config \$key)" ] || \
                  { echo "git has no \$key to commit the revert in ${params.repo}: set it with git -C ${params.repo} config \$key VALUE" >&2; exit 2; }; done"""
            sh "git -C '${params.repo}' revert --no-edit HEAD"
            sh params.deploy, dir: params.repo, timeout: 15.minutes
        } else {
            startService container(params.container), image: params.previous, timeout: 60.seconds
        }
    }

    step 'health', {
        healthCheck http(params.health), json: [status: 'pass'], retries: 10, interval: params.interval
    }
}
