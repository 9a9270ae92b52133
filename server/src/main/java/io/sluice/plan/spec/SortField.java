package io.sluice.plan.spec;

/**
 * One key of an ORDER BY: an input column, its direction and where NULLs go.
 *
 * @param column input column
 */
public record SortField(int column, boolean descending, boolean nullsFirst) {}
