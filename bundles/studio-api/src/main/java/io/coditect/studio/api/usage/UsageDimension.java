package io.coditect.studio.api.usage;

/** What usage totals are grouped by. */
public enum UsageDimension {
    ORGANISATION, TEAM, USER, PROJECT, PROVIDER, MODEL
}
