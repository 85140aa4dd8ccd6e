package io.ripcord.stdlib.postgres

import java.sql.Connection

/**
 * The PostgreSQL server bin/engines/postgres.sh brings up (127.0.0.1:54329, user postgres with a password), as the
 * RIPCORD_TEST_PG_* variables describe it. Specs needing it use
 * {@code @IgnoreIf({ !System.getenv('CI') && !PostgresEngine.available() })}: skipped without it, except in CI.
 */
class PostgresEngine {

    static final String HOST = System.getenv('RIPCORD_TEST_PG_HOST') ?: '127.0.0.1'
    static final int PORT = (System.getenv('RIPCORD_TEST_PG_PORT') ?: '54329') as int
    static final String USER = System.getenv('RIPCORD_TEST_PG_USER') ?: 'postgres'
    static final String PASSWORD = System.getenv('RIPCORD_TEST_PG_PASSWORD') ?: 'ripcord-test-secret'

    private static Boolean up

    static synchronized boolean available() {
        if (up == null) {
            try {
                connect('postgres').close()
                up = true
            } catch (Exception ignored) {
                up = false
            }
        }
        up
    }

    /** A target for database {@code db}, with the password as a runbook's secret would give it. */
    static PostgresTarget target(String db, String password = PASSWORD) {
        new PostgresTarget(HOST, PORT, db, USER, password)
    }

    static Connection connect(String db) {
        PgConnections.connect(new PostgresTarget(HOST, PORT, db, USER, PASSWORD), db, java.time.Duration.ofSeconds(5))
    }

    /** Runs statements (separated by ';' as psql would take them) in {@code db}. */
    static void sql(String db, String statements) {
        connect(db).withCloseable { c -> c.createStatement().withCloseable { it.execute(statements) } }
    }

    /** Every row of a query, each as a list of its values. */
    static List<List> rows(String db, String query) {
        connect(db).withCloseable { c ->
            c.createStatement().withCloseable { s ->
                def r = s.executeQuery(query)
                def out = []
                while (r.next()) {
                    out << (1..r.metaData.columnCount).collect { r.getObject(it) }
                }
                out
            }
        }
    }

    /** A new, empty database with a unique name. */
    static String freshDatabase(String prefix = 'spec') {
        String name = "${prefix}_${Long.toHexString(System.nanoTime())}"
        sql('postgres', "CREATE DATABASE $name")
        name
    }

    static void drop(String db) {
        sql('postgres', "DROP DATABASE IF EXISTS $db WITH (FORCE)")
    }

    /** Environment for a child ripcord or psql that must reach the server by itself. */
    static Map<String, String> env() {
        [RIPCORD_TEST_PG_HOST: HOST, RIPCORD_TEST_PG_PORT: PORT as String, RIPCORD_TEST_PG_USER: USER, PG_SPEC_PASSWORD: PASSWORD]
    }
}
