-- Query 6: average selling price by seller.
-- The average winning price of each seller's last auctions: the winning-bids join of query 4, a
-- ROW_NUMBER top-1 per auction (ties on price go to the earlier bid, as in q9, so the result is
-- deterministic) and an aggregate OVER a row window per seller. The OVER's input is the top-N's
-- updating result: a new winning bid replaces the auction's row, and the averages of the seller's
-- later rows whose frames it reaches are updated (-U, +U). Flink refuses an OVER over updates.
SELECT STREAM
  Q.seller,
  AVG(Q.price) OVER
    (PARTITION BY Q.seller ORDER BY Q.date_time ROWS BETWEEN 10 PRECEDING AND CURRENT ROW)
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY id, seller ORDER BY price DESC, date_time ASC)
    AS rownum
  FROM (
    SELECT A.id, A.seller, B.price, B.date_time
    FROM auction AS A, bid AS B
    WHERE A.id = B.auction AND B.date_time BETWEEN A.date_time AND A.expires
  )
) AS Q
WHERE Q.rownum <= 1;
