package io.coditect.studio.api.usage;

/**
 * What usage totals are grouped by. {@link #DAY} groups by calendar day in UTC; its keys are ISO
 * dates such as {@code 2026-11-01}.
 */
public enum UsageDimension {
    ORGANISATION, TEAM, USER, PROJECT, PROVIDER, MODEL, DAY
}
