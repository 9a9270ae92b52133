-- The same three streams as ddl.sql, read from files the benchmark wrote once from the generator
-- (`--input csv|json|parquet`): ${FORMAT} files (lines, or whole Parquet files), one file per
-- generator batch, one file per subtask per micro-batch. The harness fills in ${FORMAT}, ${INPUT_DIR} (the folder holding person/,
-- auction/, bid/) and ${FILES_PER_TRIGGER} (the parallelism).

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
  'connector' = 'files', 'path' = '${INPUT_DIR}/person', 'format' = '${FORMAT}',
  'max-files-per-trigger' = '${FILES_PER_TRIGGER}', 'on-error' = 'fail'
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
  'connector' = 'files', 'path' = '${INPUT_DIR}/auction', 'format' = '${FORMAT}',
  'max-files-per-trigger' = '${FILES_PER_TRIGGER}', 'on-error' = 'fail'
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
  'connector' = 'files', 'path' = '${INPUT_DIR}/bid', 'format' = '${FORMAT}',
  'max-files-per-trigger' = '${FILES_PER_TRIGGER}', 'on-error' = 'fail'
);
