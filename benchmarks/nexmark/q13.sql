-- Query 13: bounded side-input join (not in the original suite).
-- Enriches each bid from a static table of 10 000 rows: stream–table lookup join.
-- Adapted: Flink writes a processing-time temporal join (FOR SYSTEM_TIME AS OF PROCTIME());
-- Sluice's stream–table join has that meaning (each bid sees the table as it is when processed).
-- The harness writes ${SIDE_INPUT}: rows "key,value" for keys 0 .. 9999.
CREATE TABLE side_input (
  key   BIGINT,
  "value" VARCHAR
) WITH ('connector' = 'files', 'path' = '${SIDE_INPUT}', 'format' = 'csv');

SELECT STREAM B.auction, B.bidder, B.price, B.date_time, S."value"
FROM bid B
JOIN side_input S ON MOD(B.auction, 10000) = S.key;
