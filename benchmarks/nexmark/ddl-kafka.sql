-- The same three streams as ddl.sql, read from topics of a local Kafka broker the benchmark loaded
-- once from the generator (`--input kafka`): JSON records, one partition per subtask. The harness
-- fills in ${BOOTSTRAP_SERVERS}, ${TOPIC_PREFIX} (before person, auction, bid) and
-- ${EVENTS_PER_TRIGGER} (records per micro-batch and topic at most, as the generator's batches).

CREATE STREAM person (
  id            BIGINT,
  name          VARCHAR,
  email_address VARCHAR,
  credit_card   VARCHAR,
  city          VARCHAR,
  state         VARCHAR,
  date_time     TIMESTAMP(3),
  extra         VARCHAR,
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
) WITH (
  'connector' = 'kafka', 'topic' = '${TOPIC_PREFIX}person', 'bootstrap.servers' = '${BOOTSTRAP_SERVERS}',
  'format' = 'json', 'scan.startup.mode' = 'earliest', 'max-offsets-per-trigger' = '${EVENTS_PER_TRIGGER}',
  'on-error' = 'fail'
);

CREATE STREAM auction (
  id          BIGINT,
  item_name   VARCHAR,
  description VARCHAR,
  initial_bid BIGINT,
  reserve     BIGINT,
  date_time   TIMESTAMP(3),
  expires     TIMESTAMP(3),
  seller      BIGINT,
  category    BIGINT,
  extra       VARCHAR,
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
) WITH (
  'connector' = 'kafka', 'topic' = '${TOPIC_PREFIX}auction', 'bootstrap.servers' = '${BOOTSTRAP_SERVERS}',
  'format' = 'json', 'scan.startup.mode' = 'earliest', 'max-offsets-per-trigger' = '${EVENTS_PER_TRIGGER}',
  'on-error' = 'fail'
);

CREATE STREAM bid (
  auction   BIGINT,
  bidder    BIGINT,
  price     BIGINT,
  channel   VARCHAR,
  url       VARCHAR,
  date_time TIMESTAMP(3),
  extra     VARCHAR,
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
) WITH (
  'connector' = 'kafka', 'topic' = '${TOPIC_PREFIX}bid', 'bootstrap.servers' = '${BOOTSTRAP_SERVERS}',
  'format' = 'json', 'scan.startup.mode' = 'earliest', 'max-offsets-per-trigger' = '${EVENTS_PER_TRIGGER}',
  'on-error' = 'fail'
);
