/**
 * {@code ripcord schedule}: a runbook run every day by systemd (a service and a timer, written as text here) or by
 * cron (one crontab line). What is scheduled is a plain {@code ripcord run --quiet}: the journal, locks and alerts
 * work as for any run.
 */
package io.ripcord.cli.schedule;
