-- ScriptHarness SQLite orchestration store, schema version 2: poison-run quarantine.
-- Applied by SchemaMigrator after schema-0001.sql. Never edit a shipped script: add schema-0003.sql.

-- How many episodes of the instance were handed to a dispatcher since its last checkpoint.
-- Incremented before an episode runs, reset by the checkpoint that ends it: a value that reaches
-- durable:poisonEpisodeLimit means that many episodes killed their worker, and the instance is
-- failed with a quarantine failure instead of being dispatched again.
ALTER TABLE Instances ADD COLUMN DispatchAttempts INTEGER NOT NULL DEFAULT 0;
