package io.coditect.studio.api.usage;

/** What a budget limits: the usage of a whole organisation, or of one team, user or project in it. */
public enum BudgetScope {
    ORGANISATION, TEAM, USER, PROJECT
}
