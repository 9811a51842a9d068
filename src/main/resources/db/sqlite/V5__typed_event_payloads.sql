-- Typed events: the events behind the read tables carry their rows under "row" (ids included) and
-- the payload schema version under "v", so that the tables can be rebuilt from the events alone.
-- Events written before this version get both from the rows they wrote; nothing is discarded.
UPDATE events SET payload = json_set(payload, '$.v', 1, '$.row', json((
    SELECT json_object('number', r.number, 'source', r.source, 'target', r.target, 'task', r.task, 'type', r.type,
      'title', r.title, 'body', r.body, 'author', r.author, 'session', r.session, 'lines', r.lines, 'size', r.size,
      'justification', r.justification, 'openedAt', r.opened_at)
    FROM requests r WHERE r.event_id = events.id)))
  WHERE kind = 'request.opened' AND id IN (SELECT event_id FROM requests);

UPDATE events SET payload = json_set(payload, '$.v', 1, '$.row', json(json_object(
    'number', CAST(substr(subject, 9) AS INTEGER), 'state', substr(kind, 9), 'at', at)))
  WHERE kind IN ('request.closed', 'request.landed') AND subject LIKE 'request:%';

UPDATE events SET payload = json_set(payload, '$.v', 1, '$.row', json((
    SELECT json_object('id', v.id, 'request', v.request, 'reviewer', v.reviewer, 'session', v.session,
      'verdict', v.verdict, 'at', v.at, 'findings', json((
        SELECT json_group_array(json_object('id', f.id, 'severity', f.severity, 'path', f.path, 'line', f.line,
          'text', f.text))
        FROM (SELECT * FROM findings WHERE review = v.id ORDER BY id) f)))
    FROM reviews v WHERE v.event_id = events.id)))
  WHERE kind LIKE 'review.%' AND id IN (SELECT event_id FROM reviews);

UPDATE events SET payload = json_set(payload, '$.v', 1, '$.row', json(json_object(
    'request', CAST(substr(subject, 9) AS INTEGER), 'finding', CAST(json_extract(payload, '$.finding') AS INTEGER),
    'to', substr(kind, 9), 'at', at)))
  WHERE kind LIKE 'finding.%' AND subject LIKE 'request:%' AND json_extract(payload, '$.finding') IS NOT NULL;

UPDATE events SET payload = json_set(payload, '$.v', 1, '$.row', json((
    SELECT json_object('id', a.id, 'request', a.request, 'reviewer', a.reviewer, 'reason', a.reason, 'at', a.at)
    FROM assignments a WHERE a.event_id = events.id)))
  WHERE kind = 'request.assigned' AND id IN (SELECT event_id FROM assignments);

UPDATE events SET payload = json_set(payload, '$.v', 1, '$.row', json((
    SELECT json_object('id', g.id, 'commitId', g.commit_id, 'gate', g.gate, 'configHash', g.config_hash,
      'target', g.target, 'passed', json(CASE WHEN g.passed = 1 THEN 'true' ELSE 'false' END), 'metrics', g.metrics,
      'onTarget', json(CASE WHEN g.on_target = 1 THEN 'true' ELSE 'false' END), 'at', g.at)
    FROM gate_runs g WHERE g.event_id = events.id)))
  WHERE kind = 'gate.run' AND id IN (SELECT event_id FROM gate_runs);
