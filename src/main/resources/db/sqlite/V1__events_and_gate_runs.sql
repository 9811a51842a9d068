-- Every fact Junction records is an event; read tables are written in the same transaction.
CREATE TABLE events (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  at        TEXT    NOT NULL,             -- ISO-8601 instant, UTC
  kind      TEXT    NOT NULL,             -- gate.run, rollback, override, ...
  subject   TEXT    NOT NULL,             -- what it is about: a commit id, a request number
  actor     TEXT,                         -- who acted, when known
  payload   TEXT    NOT NULL              -- JSON
);
CREATE INDEX events_by_kind_subject ON events (kind, subject);

CREATE TABLE gate_runs (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id    INTEGER NOT NULL REFERENCES events (id),
  commit_id   TEXT    NOT NULL,
  gate        TEXT    NOT NULL,
  config_hash TEXT    NOT NULL,           -- the gate's configuration, so a changed gate runs again
  target      TEXT    NOT NULL,           -- the branch whose configuration judged it
  passed      INTEGER NOT NULL,           -- 1 passed, 0 failed
  metrics     TEXT    NOT NULL,           -- JSON object of benchmark figures, {} when none
  at          TEXT    NOT NULL
);
CREATE INDEX gate_runs_by_commit ON gate_runs (commit_id, gate, config_hash);
CREATE INDEX gate_runs_by_target ON gate_runs (target, gate, passed, id);
