/**
 * PostgreSQL: the {@code postgres(...)} target, dumped with {@code pg_dump}, verified by a full read with
 * {@code pg_restore} (and a test restore into a scratch database), restored safely (verified first, safety dump,
 * sessions blocked and terminated, one transaction); {@link io.ripcord.stdlib.postgres.PostgresProbe} connects and
 * runs a query for health checks. The backup family's verbs reach it through {@link io.ripcord.stdlib.backup.ServerTarget}.
 */
package io.ripcord.stdlib.postgres;
