-- Nexmark's three streams: persons, auctions and bids, each a view of the same generated global
-- event sequence (1 person : 3 auctions : 46 bids), so ids agree across them. The benchmark
-- harness fills in ${EVENTS} (events of all kinds), ${FIRST_EVENT_RATE} (events per second of
-- event time) and ${EVENTS_PER_TRIGGER} (global events per micro-batch). Without
-- 'events-per-second' the generator is unthrottled: everything is available at once.

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
  'connector' = 'datagen', 'kind' = 'nexmark', 'nexmark.table' = 'person',
  'events' = '${EVENTS}', 'first-event.rate' = '${FIRST_EVENT_RATE}',
  'max-events-per-trigger' = '${EVENTS_PER_TRIGGER}'
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
  'connector' = 'datagen', 'kind' = 'nexmark', 'nexmark.table' = 'auction',
  'events' = '${EVENTS}', 'first-event.rate' = '${FIRST_EVENT_RATE}',
  'max-events-per-trigger' = '${EVENTS_PER_TRIGGER}'
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
  'connector' = 'datagen', 'kind' = 'nexmark', 'nexmark.table' = 'bid',
  'events' = '${EVENTS}', 'first-event.rate' = '${FIRST_EVENT_RATE}',
  'max-events-per-trigger' = '${EVENTS_PER_TRIGGER}'
);
