-- Query 15: bidding statistics report (not in the original suite).
-- How many distinct bidders and auctions each price range sees per day: several COUNT DISTINCT
-- with filters, an unwindowed aggregate (updated as bids arrive).
-- Adapted: Flink's DATE_FORMAT(ts, 'yyyy-MM-dd') is spelt CAST(CAST(ts AS DATE) AS VARCHAR).
SELECT STREAM
  CAST(CAST(date_time AS DATE) AS VARCHAR) AS "day",
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
GROUP BY CAST(CAST(date_time AS DATE) AS VARCHAR);
