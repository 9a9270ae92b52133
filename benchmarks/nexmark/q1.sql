-- Query 1: currency conversion.
-- Converts each bid from dollars to euros: a simple transformation.
SELECT STREAM auction, bidder, 0.908 * price AS price, date_time, extra FROM bid;
