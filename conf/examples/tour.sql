-- The 5-minute tour's DDL (see README.md). Submit with:  bin/sluice run conf/examples/tour.sql
-- Relative paths resolve against the directory the server was started in.

CREATE STREAM IF NOT EXISTS clicks (
  user_id BIGINT,
  page    VARCHAR,
  ts      TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'files',
  'path'      = 'data/tour/clicks',
  'format'    = 'json'
);

CREATE TABLE IF NOT EXISTS users (
  id      BIGINT PRIMARY KEY,
  name    VARCHAR,
  country VARCHAR
) WITH (
  'connector' = 'files',
  'path'      = 'conf/examples/tour/users.csv',
  'format'    = 'csv'
);

SHOW STREAMS;
SHOW TABLES;
