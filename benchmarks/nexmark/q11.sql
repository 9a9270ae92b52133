-- Query 11: user sessions (not in the original suite).
-- How many bids each bidder made in each session of activity (gaps under 10 s): session windows.
-- Adapted: Sluice gives a session's real end through the SESSION table function's window_end
-- rather than SESSION_START / SESSION_END.
SELECT STREAM
  bidder,
  COUNT(*) AS bid_count,
  window_start AS starttime,
  window_end AS endtime
FROM TABLE(SESSION(TABLE bid, DESCRIPTOR(date_time), INTERVAL '10' SECOND))
GROUP BY bidder, window_start, window_end;
