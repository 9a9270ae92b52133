package io.sluice.exec.checkpoint;

/** What {@code commits/N} records once the sink committed batch N: the watermark after it. */
public record BatchCommit(long batchId, long watermark) {}
