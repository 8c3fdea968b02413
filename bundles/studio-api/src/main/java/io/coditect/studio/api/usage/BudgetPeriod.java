package io.coditect.studio.api.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How long a budget's allowance lasts before it starts afresh: a calendar day or month in UTC, so
 * every node of a cluster agrees on where a period ends.
 */
public enum BudgetPeriod {
    DAY, MONTH;

    /** The first instant of the period that contains {@code at}. */
    public Instant start(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return (this == DAY ? day : day.withDayOfMonth(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first instant after the period that contains {@code at}: where the next one starts. */
    public Instant end(Instant at) {
        LocalDate first = LocalDate.ofInstant(start(at), ZoneOffset.UTC);
        return (this == DAY ? first.plusDays(1) : first.plusMonths(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
