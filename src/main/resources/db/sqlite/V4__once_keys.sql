-- Facts that happen once (an escalation reaching a level, a reviewer asked once per request) carry a
-- key that is unique among all events: a second append of the same fact is ignored by the
-- database itself, also when two processes share the store. Other events leave it empty (NULL).
ALTER TABLE events ADD COLUMN once_key TEXT;

-- Existing stores: the first event of each such fact takes its key (the check-then-insert of
-- earlier versions could let a race record one twice; the later copy stays, without a key).
UPDATE events SET once_key = 'escalation ' || subject
  WHERE id IN (SELECT MIN(id) FROM events WHERE kind = 'escalation' GROUP BY subject);
UPDATE events SET once_key = 'request.assigned ' || subject || ' ' || json_extract(payload, '$.reviewer')
  WHERE id IN (SELECT MIN(id) FROM events WHERE kind = 'request.assigned'
               AND json_extract(payload, '$.reviewer') IS NOT NULL
               GROUP BY subject, json_extract(payload, '$.reviewer'));

CREATE UNIQUE INDEX events_once ON events (once_key);
