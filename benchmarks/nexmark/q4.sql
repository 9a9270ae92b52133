-- Query 4: average price per category.
-- The average winning bid of the auctions in each category: the winning bid of an auction is the
-- highest bid placed while it was open. A join of two streams bounded by each auction's own
-- expiry, then an aggregate of an aggregate.
SELECT STREAM Q.category, AVG(Q.final)
FROM (
  SELECT MAX(B.price) AS final, A.category
  FROM auction A, bid B
  WHERE A.id = B.auction AND B.date_time BETWEEN A.date_time AND A.expires
  GROUP BY A.id, A.category
) Q
GROUP BY Q.category;
