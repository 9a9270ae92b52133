-- Query 6: average selling price by seller.
-- The average winning price of each seller's last 10 closed auctions: the winning-bids join of
-- query 4, a ROW_NUMBER top-1 per auction and an aggregate OVER a row window per seller.
SELECT STREAM
  Q.seller,
  AVG(Q.price) OVER
    (PARTITION BY Q.seller ORDER BY Q.date_time ROWS BETWEEN 10 PRECEDING AND CURRENT ROW)
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY id, seller ORDER BY price DESC) AS rownum
  FROM (
    SELECT A.id, A.seller, B.price, B.date_time
    FROM auction AS A, bid AS B
    WHERE A.id = B.auction AND B.date_time BETWEEN A.date_time AND A.expires
  )
) AS Q
WHERE Q.rownum <= 1;
