-- Fraud screening: transactions scored by an ONNX model as they arrive (see README.md, "Scoring
-- streams with models"). From the repository root, with the server running:
--   mkdir -p data/fraud/transactions data/fraud/alerts
--   bin/sluice run conf/examples/fraud.sql
-- Relative paths resolve against the directory the server was started in.

CREATE STREAM IF NOT EXISTS transactions (
  tx_id         BIGINT,
  card          BIGINT,
  amount        DOUBLE,
  merchant_risk DOUBLE,
  tx_hour       INT,
  ts            TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'files',
  'path'      = 'data/fraud/transactions',
  'format'    = 'json'
);

-- A logistic regression over three features (conf/examples/fraud/fraud.onnx, one FLOAT tensor
-- [N, 3]): score = sigmoid(0.02 amount + 1.5 merchant_risk - 0.05 tx_hour - 2).
CREATE MODEL IF NOT EXISTS fraud
  INPUT (amount DOUBLE, merchant_risk DOUBLE, tx_hour INT)
  OUTPUT (score DOUBLE)
  COMMENT 'card fraud, logistic regression'
  WITH ('provider' = 'onnx', 'path' = 'conf/examples/fraud/fraud.onnx');

CREATE VIEW IF NOT EXISTS scored_transactions AS
  SELECT * FROM ML_PREDICT(TABLE transactions, MODEL fraud, DESCRIPTOR(amount, merchant_risk, tx_hour));

-- Every transaction scoring above 0.8, written exactly once as JSON files.
CREATE SINK IF NOT EXISTS fraud_alerts
  WITH ('connector' = 'files', 'path' = 'data/fraud/alerts', 'format' = 'json')
  AS SELECT tx_id, card, amount, score, ts FROM scored_transactions WHERE score > 0.8;

-- Flagged transactions per card, kept up to date in the server.
CREATE MATERIALIZED VIEW IF NOT EXISTS flagged_per_card AS
  SELECT card, COUNT(*) AS flagged, MAX(score) AS top_score
  FROM scored_transactions WHERE score > 0.8 GROUP BY card;

SHOW MODELS;
