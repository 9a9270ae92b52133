-- Query 22: get URL directories (not in the original suite).
-- The first three directories of each bid's URL: string splitting.
SELECT STREAM
  auction, bidder, price, channel,
  SPLIT_INDEX(url, '/', 3) AS dir1,
  SPLIT_INDEX(url, '/', 4) AS dir2,
  SPLIT_INDEX(url, '/', 5) AS dir3
FROM bid;
