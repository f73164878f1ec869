-- ScriptHarness SQLite orchestration store, schema version 4: runs listed by phase and by
-- conversation from an index, newest first, however many runs the store holds.
-- Applied by SchemaMigrator after schema-0003.sql. Never edit a shipped script: add schema-0005.sql.
--
-- Both columns are derived by SQLite itself, in the transaction that writes the row, so no writer
-- (checkpoint, create, purge) has to know about them and they can never disagree with the row.

-- Where a running instance is: the string "Phase" of its JSON custom status (a script run's
-- RunStatus, e.g. "awaitingApproval"); NULL when it is not running or its status has none.
-- VIRTUAL: nothing is stored in the row; only the partial index below holds the value, and only
-- for the running instances that have one. A custom status that is not JSON is simply not indexed.
ALTER TABLE Instances ADD COLUMN Phase TEXT GENERATED ALWAYS AS (
    CASE WHEN RuntimeStatus = 'Running' AND json_valid(CustomStatus) THEN json_extract(CustomStatus, '$.Phase') END
) VIRTUAL;

CREATE INDEX IX_Instances_Phase ON Instances (Phase, CreatedTicks, InstanceId) WHERE Phase IS NOT NULL;

-- The conversation an instance belongs to, read once from its input when the instance is created
-- (or recreated): a ScriptRun's Context.ConversationId, a ScriptTurn's ConversationId. A plain
-- column set by triggers rather than a generated one: the input is large and every checkpoint
-- rewrites it, so a generated column would parse it twice per checkpoint.
ALTER TABLE Instances ADD COLUMN ConversationId TEXT;

CREATE INDEX IX_Instances_Conversation ON Instances (ConversationId, CreatedTicks, InstanceId) WHERE ConversationId IS NOT NULL;

CREATE TRIGGER TR_Instances_Conversation_Created AFTER INSERT ON Instances
WHEN NEW.Name IN ('ScriptRun', 'ScriptTurn') AND json_valid(NEW.Input)
BEGIN
    UPDATE Instances SET ConversationId = CASE NEW.Name
        WHEN 'ScriptRun' THEN json_extract(NEW.Input, '$.Context.ConversationId')
        ELSE json_extract(NEW.Input, '$.ConversationId') END
    WHERE InstanceId = NEW.InstanceId;
END;

-- A new start of an existing id (a finished sub-orchestration started again) sets CreatedTicks;
-- checkpoints never do.
CREATE TRIGGER TR_Instances_Conversation_Restarted AFTER UPDATE OF CreatedTicks ON Instances
BEGIN
    UPDATE Instances SET ConversationId = CASE
        WHEN NEW.Name = 'ScriptRun' AND json_valid(NEW.Input) THEN json_extract(NEW.Input, '$.Context.ConversationId')
        WHEN NEW.Name = 'ScriptTurn' AND json_valid(NEW.Input) THEN json_extract(NEW.Input, '$.ConversationId') END
    WHERE InstanceId = NEW.InstanceId;
END;

-- Instances written by an older build get theirs now.
UPDATE Instances SET ConversationId = CASE
    WHEN Name = 'ScriptRun' THEN json_extract(Input, '$.Context.ConversationId')
    ELSE json_extract(Input, '$.ConversationId') END
WHERE Name IN ('ScriptRun', 'ScriptTurn') AND json_valid(Input);
