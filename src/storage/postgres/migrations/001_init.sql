-- rectify-bot schema 1. Times are Unix milliseconds (bigint), as the bot's clock gives them.
-- Every table carries ledger_id so several ledgers can share one database.

CREATE TABLE ledgers (
  ledger_id text PRIMARY KEY,
  -- The ledger as imported, without its items: schemaVersion, createdAt, source, categories, context.
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
  ledger_id text NOT NULL REFERENCES ledgers (ledger_id),
  id text NOT NULL,
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
  claimed_until bigint,
  PRIMARY KEY (ledger_id, id)
);
CREATE INDEX outbox_queue ON outbox (ledger_id, position);
CREATE INDEX outbox_pending ON outbox (ledger_id, next_attempt_at) WHERE state = 'pending';
