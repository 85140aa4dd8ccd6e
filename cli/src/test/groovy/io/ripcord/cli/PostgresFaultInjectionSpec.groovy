package io.ripcord.cli

import io.ripcord.stdlib.postgres.PostgresEngine
import spock.lang.IgnoreIf

/**
 * The same kills at every call, inside restores and backups, with the journal in PostgreSQL (team mode, a fresh
 * database per feature) instead of SQLite: what a crash leaves and what a resume does must not depend on the store.
 */
@IgnoreIf(value = { !System.getenv('CI') && !PostgresEngine.available() }, reason = 'no PostgreSQL server (bin/engines/postgres.sh starts one)')
class PostgresFaultInjectionSpec extends FaultInjectionSpec {

    String db = PostgresEngine.freshDatabase('faults')

    def cleanup() {
        PostgresEngine.drop(db)
    }

    @Override
    Map<String, String> env(Map extra = [:]) {
        super.env(extra) + [RIPCORD_JOURNAL: "postgresql://${PostgresEngine.USER}@${PostgresEngine.HOST}:${PostgresEngine.PORT}/$db".toString(),
                            PGPASSWORD: PostgresEngine.PASSWORD]
    }

    @Override
    String journalValue(String sql) {
        PostgresEngine.rows(db, sql)[0][0] as String
    }
}
