-- Query 16: channel statistics report (not in the original suite).
-- Query 15 per channel and day, with the latest minute seen: distinct aggregates with filters
-- over two keys.
-- Adapted: Flink's DATE_FORMAT(ts, 'yyyy-MM-dd') and DATE_FORMAT(ts, 'HH:mm') are spelt with
-- standard casts.
SELECT STREAM
  channel,
  CAST(CAST(date_time AS DATE) AS VARCHAR) AS "day",
  MAX(SUBSTRING(CAST(CAST(date_time AS TIME) AS VARCHAR) FROM 1 FOR 5)) AS "minute",
  COUNT(*) AS total_bids,
  COUNT(*) FILTER (WHERE price < 10000) AS rank1_bids,
  COUNT(*) FILTER (WHERE price >= 10000 AND price < 1000000) AS rank2_bids,
  COUNT(*) FILTER (WHERE price >= 1000000) AS rank3_bids,
  COUNT(DISTINCT bidder) AS total_bidders,
  COUNT(DISTINCT bidder) FILTER (WHERE price < 10000) AS rank1_bidders,
  COUNT(DISTINCT bidder) FILTER (WHERE price >= 10000 AND price < 1000000) AS rank2_bidders,
  COUNT(DISTINCT bidder) FILTER (WHERE price >= 1000000) AS rank3_bidders,
  COUNT(DISTINCT auction) AS total_auctions,
  COUNT(DISTINCT auction) FILTER (WHERE price < 10000) AS rank1_auctions,
  COUNT(DISTINCT auction) FILTER (WHERE price >= 10000 AND price < 1000000) AS rank2_auctions,
  COUNT(DISTINCT auction) FILTER (WHERE price >= 1000000) AS rank3_auctions
FROM bid
GROUP BY channel, CAST(CAST(date_time AS DATE) AS VARCHAR);
