-- rectify-bot schema 1. Times are Unix milliseconds (bigint), as the bot's clock gives them.
-- Several ledgers share one database: their rows carry ledger_id. The outbox belongs to the deployment.

CREATE TABLE ledgers (
  ledger_id text PRIMARY KEY,
  -- The first ledger is the one a deployment always had; the others follow in the order they came.
  position bigserial NOT NULL UNIQUE,
  -- The ledger as imported, without its id and items: schemaVersion, createdAt, source, name, code,
  -- archived, categories, context.
  doc jsonb NOT NULL,
  created_at bigint NOT NULL
);

CREATE TABLE items (
  ledger_id text NOT NULL REFERENCES ledgers (ledger_id),
  no integer NOT NULL,
  item jsonb NOT NULL,
  PRIMARY KEY (ledger_id, no)
);

-- Append-only history. Appenders hold the ledgers row (FOR UPDATE), so seq has no gaps and one order.
CREATE TABLE events (
  ledger_id text NOT NULL REFERENCES ledgers (ledger_id),
  seq bigint NOT NULL,
  item_no integer NOT NULL,
  msg_id text,
  at bigint NOT NULL,
  event jsonb NOT NULL,
  PRIMARY KEY (ledger_id, seq)
);
CREATE INDEX events_msg_id ON events (ledger_id, msg_id) WHERE msg_id IS NOT NULL;

CREATE TABLE outbox (
  id text PRIMARY KEY,
  position bigserial NOT NULL,
  kind text NOT NULL,
  period text NOT NULL,
  target jsonb NOT NULL,
  message jsonb NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL,
  created_at bigint NOT NULL,
  parts_sent integer,
  sent_at bigint,
  next_attempt_at bigint,
  last_error text,
  -- Which instance is delivering it, and until when; an expired claim belongs to nobody.
  claimed_by text,
  claimed_until bigint
);
CREATE INDEX outbox_queue ON outbox (position);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE state = 'pending';
