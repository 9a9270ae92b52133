-- Query 10: log to file system (not in the original suite).
-- Writes every bid to CSV files partitioned by day and minute: a file sink.
-- Adapted: Flink's DATE_FORMAT(ts, 'yyyy-MM-dd') and DATE_FORMAT(ts, 'HH:mm') are spelt with
-- standard casts.
CREATE SINK nexmark_q10 WITH ('connector' = 'files', 'path' = '${OUTPUT_DIR}/q10', 'format' = 'csv')
AS SELECT
  auction, bidder, price, date_time, extra,
  CAST(CAST(date_time AS DATE) AS VARCHAR) AS dt,
  SUBSTRING(CAST(CAST(date_time AS TIME) AS VARCHAR) FROM 1 FOR 5) AS hm
FROM bid;
