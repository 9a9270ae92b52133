-- Query 7: highest bid.
-- The bids with the highest price of each 10 s tumbling window: the window's maximum joined back
-- to the bids of that window.
SELECT STREAM B.auction, B.bidder, B.price, B.date_time, B.extra
FROM bid B
JOIN (
  SELECT MAX(price) AS maxprice, window_end AS date_time
  FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(date_time), INTERVAL '10' SECOND))
  GROUP BY window_start, window_end
) B1
ON B.price = B1.maxprice
WHERE B.date_time BETWEEN B1.date_time - INTERVAL '10' SECOND AND B1.date_time;
