# Shell helpers for the corpus's `// sh:` lines (sourced before each one; the working directory is the case's).

# The newest / oldest artifact of a source in backups/ (app: the SQLite database, data: the tree), by write time.
newest() { ls -t backups/"$1"-*.gz | grep -v '\.index\.gz$' | head -1; }
oldest() { ls -tr backups/"$1"-*.gz | grep -v '\.index\.gz$' | head -1; }

# Makes a manifest agree with its (replaced) artifact again: size and SHA-256 rewritten, as an attacker would.
fix_manifest() {
    local size sha
    size=$(stat -c %s "$1")
    sha=$(sha256sum "$1" | cut -d' ' -f1)
    sed -i -e "0,/\"size\": [0-9]*/s//\"size\": $size/" -e "s/\"sha256\": \"[0-9a-f]*\"/\"sha256\": \"$sha\"/" "$1.manifest.json"
}

# A small SQLite database that is not the app's: 3 foreign rows.
foreign_db() { sqlite3 "$1" "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('x'), ('y'), ('z');"; }

# Holds a file open (or a directory as working directory) in a process of its own until the case's cleanup.
hold_open() { setsid bash -c "exec 3<>'$1'; exec sleep 600" </dev/null >/dev/null 2>&1 & echo $! > "$CWD/../holder.pid"; wait_for_holder; }
hold_cwd() { (cd "$1" && { setsid sleep 600 </dev/null >/dev/null 2>&1 & echo $! > "$CWD/../holder.pid"; }); wait_for_holder; }
wait_for_holder() { for _ in $(seq 100); do [ -s "$CWD/../holder.pid" ] && [ -e "/proc/$(cat "$CWD/../holder.pid")" ] && return; sleep 0.05; done; return 1; }
stop_holder() { kill "$(cat "$CWD/../holder.pid")" 2>/dev/null || true; }

# As fix_manifest, and the gzip member list too (a crafted archive is one member): the manifest then says it exactly.
fix_members() {
    fix_manifest "$1"
    sqlite3 :memory: "SELECT writefile('$1.m', json_set(readfile('$1.manifest.json'), '\$.artifact.gzipMembers', json_array($(stat -c %s "$1"))))" >/dev/null
    mv "$1.m" "$1.manifest.json"
}

# A container that runs but is not PostgreSQL: a static busybox imported as an image (no registry), sleeping.
not_postgres() {
    docker image inspect ripcord-corpus/busybox:1 >/dev/null 2>&1 || {
        local d; d=$(mktemp -d); mkdir "$d/bin"; cp "$(command -v busybox)" "$d/bin/busybox"; ln -s busybox "$d/bin/sh"
        tar -C "$d" -cf "$d.tar" . && docker import --change 'CMD ["/bin/busybox","sleep","600"]' "$d.tar" ripcord-corpus/busybox:1 >/dev/null
        rm -rf "$d" "$d.tar"
    }
    docker rm -f "$1" >/dev/null 2>&1 || true
    docker run -d --name "$1" ripcord-corpus/busybox:1 >/dev/null
}
