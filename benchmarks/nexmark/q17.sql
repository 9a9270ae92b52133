-- Query 17: auction statistics report (not in the original suite).
-- How many bids each auction gets per day and at what prices: an unwindowed aggregate with many
-- keys.
-- Adapted: Flink's DATE_FORMAT(ts, 'yyyy-MM-dd') is spelt CAST(CAST(ts AS DATE) AS VARCHAR).
SELECT STREAM
  auction,
  CAST(CAST(date_time AS DATE) AS VARCHAR) AS "day",
  COUNT(*) AS total_bids,
  COUNT(*) FILTER (WHERE price < 10000) AS rank1_bids,
  COUNT(*) FILTER (WHERE price >= 10000 AND price < 1000000) AS rank2_bids,
  COUNT(*) FILTER (WHERE price >= 1000000) AS rank3_bids,
  MIN(price) AS min_price,
  MAX(price) AS max_price,
  AVG(price) AS avg_price,
  SUM(price) AS sum_price
FROM bid
GROUP BY auction, CAST(CAST(date_time AS DATE) AS VARCHAR);
