-- Bearer tokens of the server's members (issue 15): a read table, each row written in the same
-- transaction as its token.issued event and updated by token.revoked. Only a hash of a token is
-- kept; the token itself is shown once, when it is issued.
CREATE TABLE tokens (
  id         TEXT    PRIMARY KEY,           -- the token's public id, the part after jct_
  event_id   INTEGER NOT NULL REFERENCES events (id),
  member     TEXT    NOT NULL,              -- e-mail of the plan member it authenticates
  name       TEXT    NOT NULL,
  role       TEXT    NOT NULL,              -- coordinator, member
  hash       TEXT    NOT NULL,              -- SHA-256 of the whole token, hex
  issued_by  TEXT    NOT NULL,
  issued_at  TEXT    NOT NULL,
  expires_at TEXT    NOT NULL,
  revoked_by TEXT,
  revoked_at TEXT
);
CREATE INDEX tokens_by_member ON tokens (member, id);

-- Idempotency keys of writes: the first request with a (member, key) pair runs, a retry with the
-- same request gets the recorded response. Not a fact of the coordination but a cache of answers,
-- so no event writes it and a rebuild leaves it as it is. The primary key decides who is first.
CREATE TABLE idempotency (
  member       TEXT    NOT NULL,            -- the authenticated member (e-mail) who sent the key
  key          TEXT    NOT NULL,            -- the Idempotency-Key as sent
  request_hash TEXT    NOT NULL,            -- SHA-256 of the request the key was first used for
  status       INTEGER,                     -- the response's status; NULL while the request runs
  body         TEXT,                        -- the response's body; NULL while the request runs
  created_at   TEXT    NOT NULL,
  completed_at TEXT,
  PRIMARY KEY (member, key)
);
