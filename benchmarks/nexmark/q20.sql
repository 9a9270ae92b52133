-- Query 20: expand bid with auction (not in the original suite).
-- Bids joined with their auction where the category is 10: a join of two streams without a time
-- bound, filtered.
SELECT STREAM
  auction, bidder, price, channel, url, B.date_time, B.extra,
  item_name, description, initial_bid, reserve, A.date_time, expires, seller, category, A.extra
FROM bid AS B INNER JOIN auction AS A ON B.auction = A.id
WHERE A.category = 10;
