-- Query 2: selection.
-- The bids on every 123rd auction (the original picks five fixed ids, which finds few rows).
SELECT STREAM auction, price FROM bid WHERE MOD(auction, 123) = 0;
