-- A review counts for the commit it reviewed: the source's tip when it was given. Reviews recorded
-- before this version have none (NULL) and count for no commit; their events carry no "commit"
-- either, so a rebuild gives them NULL again.
ALTER TABLE reviews ADD COLUMN commit_id TEXT;
