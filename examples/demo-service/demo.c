/*
 * ripcord-demo: the demo service of Ripcord's quick start and runbook specs. One small HTTP server with a SQLite
 * database and an uploads directory under its data directory, and an env file it reads at start.
 *
 *   GET  /health   application/health+json: {"status":"pass",...} 200, or {"status":"fail",...} 503
 *   GET  /version  the version (v1, v2)
 *   GET  /notes    how many notes the database holds
 *   POST /notes    adds a note (the body), so specs can write between a backup and a restore
 *
 * Configuration (flags win over the environment): --port N (DEMO_PORT, 8080), --data DIR (DEMO_DATA, ./data),
 * --env-file FILE (DEMO_ENV_FILE, none), --pidfile FILE. The env file's APP_NAME is reported by /health.
 * Built with -DDEMO_BROKEN, /health fails (v2 of the quick start): the rest of the service works.
 * Static (gcc -static, libsqlite3.a), so one binary runs on the host and as the only file of a Docker image.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef DEMO_VERSION
#define DEMO_VERSION "v1"
#endif

static char app_name[128] = "ripcord-demo";
static char db_path[4096];

static void on_term(int sig) { (void)sig; _exit(0); } /* PID 1 in a container ignores SIGTERM without a handler */

static void read_env_file(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) { fprintf(stderr, "ripcord-demo: cannot read env file %s: %s\n", path, strerror(errno)); exit(2); }
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (strncmp(line, "APP_NAME=", 9) == 0) snprintf(app_name, sizeof app_name, "%.100s", line + 9);
    }
    fclose(f);
}

static sqlite3 *open_db(void) {
    sqlite3 *db;
    if (sqlite3_open(db_path, &db) != SQLITE_OK) { sqlite3_close(db); return NULL; }
    sqlite3_busy_timeout(db, 5000);
    return db;
}

/* The number of notes, or -1 with the reason in err. */
static long count_notes(char *err, size_t errlen) {
    sqlite3 *db = open_db();
    sqlite3_stmt *st = NULL;
    long n = -1;
    if (db && sqlite3_prepare_v2(db, "SELECT count(*) FROM notes", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    else
        snprintf(err, errlen, "%s", db ? sqlite3_errmsg(db) : "cannot open the database");
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static int add_note(const char *text) {
    sqlite3 *db = open_db();
    sqlite3_stmt *st = NULL;
    int ok = db && sqlite3_prepare_v2(db, "INSERT INTO notes (body) VALUES (?)", -1, &st, NULL) == SQLITE_OK
             && sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT) == SQLITE_OK && sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return ok;
}

static void reply(int fd, int status, const char *type, const char *body) {
    char head[256];
    const char *reason = status == 200 ? "OK" : status == 201 ? "Created" : status == 404 ? "Not Found" : "Service Unavailable";
    int n = snprintf(head, sizeof head, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
                     status, reason, type, strlen(body));
    if (write(fd, head, n) < 0 || write(fd, body, strlen(body)) < 0) { /* the client went away */ }
}

static void serve(int fd) {
    char req[8192];
    ssize_t len = 0, r;
    while (len < (ssize_t)sizeof req - 1 && (r = read(fd, req + len, sizeof req - 1 - len)) > 0) {
        len += r;
        req[len] = 0;
        char *end = strstr(req, "\r\n\r\n");
        if (!end) continue;
        char *cl = strcasestr(req, "Content-Length:");
        if (!cl || cl > end || req + len >= end + 4 + atol(cl + 15)) break;
    }
    req[len] = 0;
    char body[1024], err[256] = "";
    if (strncmp(req, "GET /health", 11) == 0) {
        long notes = count_notes(err, sizeof err);
#ifdef DEMO_BROKEN
        snprintf(err, sizeof err, "this build is broken on purpose");
        notes = -1;
#endif
        if (notes >= 0)
            snprintf(body, sizeof body, "{\"status\":\"pass\",\"version\":\"%s\",\"serviceId\":\"%s\",\"checks\":{\"database:notes\":[{\"status\":\"pass\",\"observedValue\":%ld}]}}\n",
                     DEMO_VERSION, app_name, notes);
        else
            snprintf(body, sizeof body, "{\"status\":\"fail\",\"version\":\"%s\",\"serviceId\":\"%s\",\"output\":\"%s\"}\n", DEMO_VERSION, app_name, err);
        reply(fd, notes >= 0 ? 200 : 503, "application/health+json", body);
    } else if (strncmp(req, "GET /version", 12) == 0) {
        reply(fd, 200, "text/plain", DEMO_VERSION "\n");
    } else if (strncmp(req, "GET /notes", 10) == 0) {
        long notes = count_notes(err, sizeof err);
        snprintf(body, sizeof body, "%ld\n", notes);
        reply(fd, notes >= 0 ? 200 : 503, "text/plain", body);
    } else if (strncmp(req, "POST /notes", 11) == 0) {
        char *text = strstr(req, "\r\n\r\n");
        int ok = add_note(text ? text + 4 : "");
        reply(fd, ok ? 201 : 503, "text/plain", ok ? "added\n" : "database unavailable\n");
    } else {
        reply(fd, 404, "text/plain", "not found\n");
    }
}

int main(int argc, char **argv) {
    const char *port = getenv("DEMO_PORT"), *data = getenv("DEMO_DATA"), *envfile = getenv("DEMO_ENV_FILE"), *pidfile = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--port")) port = argv[i + 1];
        else if (!strcmp(argv[i], "--data")) data = argv[i + 1];
        else if (!strcmp(argv[i], "--env-file")) envfile = argv[i + 1];
        else if (!strcmp(argv[i], "--pidfile")) pidfile = argv[i + 1];
        else { fprintf(stderr, "usage: ripcord-demo [--port N] [--data DIR] [--env-file FILE] [--pidfile FILE]\n"); return 2; }
    }
    if (argc % 2 == 0) { fprintf(stderr, "usage: ripcord-demo [--port N] [--data DIR] [--env-file FILE] [--pidfile FILE]\n"); return 2; }
    if (!port) port = "8080";
    if (!data) data = "data";
    if (envfile) read_env_file(envfile);
    char uploads[4096];
    snprintf(uploads, sizeof uploads, "%s/uploads", data);
    mkdir(data, 0755);
    mkdir(uploads, 0755);
    snprintf(db_path, sizeof db_path, "%s/app.sqlite", data);
    sqlite3 *db = open_db();
    if (!db || sqlite3_exec(db, "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL,"
                                " created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)", NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "ripcord-demo: cannot open %s: %s\n", db_path, db ? sqlite3_errmsg(db) : "out of memory");
        return 1;
    }
    sqlite3_close(db);

    signal(SIGTERM, on_term);
    signal(SIGINT, on_term);
    signal(SIGPIPE, SIG_IGN);
    int s = socket(AF_INET, SOCK_STREAM, 0), on = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(atoi(port)), .sin_addr.s_addr = htonl(INADDR_ANY)};
    if (bind(s, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(s, 64) < 0) {
        fprintf(stderr, "ripcord-demo: cannot listen on port %s: %s\n", port, strerror(errno));
        return 1;
    }
    if (pidfile) {
        FILE *f = fopen(pidfile, "w");
        if (f) { fprintf(f, "%d\n", getpid()); fclose(f); }
    }
    fprintf(stderr, "ripcord-demo %s (%s) listening on port %s, data in %s\n", DEMO_VERSION, app_name, port, data);
    for (;;) {
        int fd = accept(s, NULL, NULL);
        if (fd < 0) continue;
        serve(fd);
        close(fd);
    }
}
