// The directory benchmark's runbook: back up, verify, restore a tree.
runbook 'bench/backup-tree', version: '1.1.0', {
    param 'src', required: true
    param 'to', required: true
    param 'compress', default: 'gzip'
    param 'mode', default: 'backup'
    param 'safety', default: 'auto'
    step 'work', {
        if (params.mode == 'backup') {
            backup dir(params.src), to: params.to, compress: params.compress
        } else if (params.mode == 'verify') {
            verify lastBackup(dir(params.src), from: params.to)
        } else {
            restore lastBackup(dir(params.src), from: params.to), to: params.to + '/restored', safety: params.safety
        }
    }
}
