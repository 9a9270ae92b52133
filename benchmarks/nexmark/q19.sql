-- Query 19: auction top-10 price (not in the original suite).
-- The 10 highest bids of each auction: a top-N with ROW_NUMBER.
SELECT STREAM * FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rank_number FROM bid
)
WHERE rank_number <= 10;
