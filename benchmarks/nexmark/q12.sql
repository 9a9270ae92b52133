-- Query 12: processing-time windows (not in the original suite).
-- How many bids each bidder makes per 10 s of processing time.
-- Adapted: Flink's view with PROCTIME() and the TUMBLE table function over it is spelt as a
-- sub-query and the GROUP BY TUMBLE form.
SELECT STREAM
  bidder,
  COUNT(*) AS bid_count,
  TUMBLE_START(p_time, INTERVAL '10' SECOND) AS starttime,
  TUMBLE_END(p_time, INTERVAL '10' SECOND) AS endtime
FROM (SELECT *, PROCTIME() AS p_time FROM bid)
GROUP BY bidder, TUMBLE(p_time, INTERVAL '10' SECOND);
