-- Query 0: pass-through (not in the original suite).
-- Measures the cost of the generator, the runtime and result delivery with no work per row.
SELECT STREAM auction, bidder, price, date_time, extra FROM bid;
