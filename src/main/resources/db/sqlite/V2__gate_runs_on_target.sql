-- A run on the target's own tip can be a benchmark baseline; a run on a branch judged for it cannot.
ALTER TABLE gate_runs ADD COLUMN on_target INTEGER NOT NULL DEFAULT 0;
