package io.sluice.exec.driver;

/**
 * Event-time settings of one source of a query, from its stream's WATERMARK declaration.
 *
 * @param timeColumn the event-time column in the source's rows
 * @param idleTimeoutMillis silence after which the source stops holding the watermark back; 0 never
 * @param lateRows where rows older than the watermark go ({@code ON LATE INTO}), or null
 */
public record SourceWatermark(
    int timeColumn,
    long delayMillis,
    long idleTimeoutMillis,
    io.sluice.spi.connector.StreamSink lateRows) {}
