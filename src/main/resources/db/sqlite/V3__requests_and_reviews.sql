-- Merge requests, reviews, findings and reviewer assignments (spec 6, 7): read tables, each row
-- written in the same transaction as the event it comes from.
CREATE TABLE requests (
  number        INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id      INTEGER NOT NULL REFERENCES events (id),
  source        TEXT    NOT NULL,
  target        TEXT    NOT NULL,
  task          TEXT,                   -- the plan task it delivers, when it delivers one
  type          TEXT    NOT NULL,       -- component, integration, phase, docs, fix, performance, security
  title         TEXT    NOT NULL,
  body          TEXT    NOT NULL,
  author        TEXT    NOT NULL,       -- e-mail of a plan member
  session       TEXT    NOT NULL,       -- the author's session
  lines         INTEGER NOT NULL,       -- changed lines, added plus deleted
  size          TEXT    NOT NULL,       -- small, medium, large, extra-large
  justification TEXT,
  state         TEXT    NOT NULL,       -- open, closed, landed
  opened_at     TEXT    NOT NULL,
  ended_at      TEXT
);
CREATE UNIQUE INDEX requests_one_open_per_pair ON requests (source, target) WHERE state = 'open';

CREATE TABLE reviews (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id  INTEGER NOT NULL REFERENCES events (id),
  request   INTEGER NOT NULL REFERENCES requests (number),
  reviewer  TEXT    NOT NULL,           -- e-mail of a plan member
  session   TEXT    NOT NULL,           -- the reviewer's session
  verdict   TEXT    NOT NULL,           -- approve, request-changes, comment
  at        TEXT    NOT NULL
);
CREATE INDEX reviews_by_request ON reviews (request, id);

CREATE TABLE findings (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id  INTEGER NOT NULL REFERENCES events (id),
  request   INTEGER NOT NULL REFERENCES requests (number),
  review    INTEGER NOT NULL REFERENCES reviews (id),
  severity  TEXT    NOT NULL,           -- critical, important, nice-to-have, question
  path      TEXT,
  line      INTEGER,
  text      TEXT    NOT NULL,
  raised_by TEXT    NOT NULL,
  state     TEXT    NOT NULL,           -- open, resolved (by the author), accepted (by the reviewer)
  resolved_at TEXT,
  accepted_at TEXT
);
CREATE INDEX findings_by_request ON findings (request, id);

CREATE TABLE assignments (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id  INTEGER NOT NULL REFERENCES events (id),
  request   INTEGER NOT NULL REFERENCES requests (number),
  reviewer  TEXT    NOT NULL,           -- e-mail of a plan member
  reason    TEXT    NOT NULL,           -- opened (chosen when the request opened), backup (SLA), manual
  at        TEXT    NOT NULL
);
CREATE INDEX assignments_by_request ON assignments (request, id);
