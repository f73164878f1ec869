-- ScriptHarness SQLite orchestration store, schema version 1.
-- Applied by SchemaMigrator inside one transaction that also sets PRAGMA user_version = 1.
-- Times are UTC ticks (INTEGER). Never edit a shipped script: add schema-0002.sql instead.

-- One row per orchestration instance: its current execution, status and lock.
CREATE TABLE Instances (
    InstanceId          TEXT    NOT NULL PRIMARY KEY,
    ExecutionId         TEXT    NOT NULL,
    Name                TEXT    NOT NULL,
    Version             TEXT,
    RuntimeStatus       TEXT    NOT NULL,          -- DurableTask.Core.OrchestrationStatus name
    CreatedTicks        INTEGER NOT NULL,
    LastUpdatedTicks    INTEGER NOT NULL,
    CompletedTicks      INTEGER,                   -- set when Completed, Failed or Terminated
    ScheduledStartTicks INTEGER,
    Input               TEXT,
    Output              TEXT,
    CustomStatus        TEXT,
    FailureDetails      TEXT,                      -- JSON of DurableTask.Core.FailureDetails
    ParentInstanceId    TEXT,
    ParentExecutionId   TEXT,
    Tags                TEXT,                      -- JSON object
    LockOwner           TEXT,                      -- worker id holding the instance
    LockExpiresTicks    INTEGER,                   -- NULL when unlocked
    LockToken           INTEGER NOT NULL DEFAULT 0 -- random per acquisition: the fencing token
) WITHOUT ROWID;

CREATE INDEX IX_Instances_Created ON Instances (CreatedTicks);
CREATE INDEX IX_Instances_Status ON Instances (RuntimeStatus, CreatedTicks);
CREATE INDEX IX_Instances_Completed ON Instances (CompletedTicks) WHERE CompletedTicks IS NOT NULL;

-- The current execution's history, in order; each row is one event with all its payloads.
CREATE TABLE History (
    InstanceId      TEXT    NOT NULL,
    SequenceNumber  INTEGER NOT NULL,
    ExecutionId     TEXT    NOT NULL,
    EventType       TEXT    NOT NULL,
    TimestampTicks  INTEGER NOT NULL,
    Event           TEXT    NOT NULL,              -- JSON of the HistoryEvent
    PRIMARY KEY (InstanceId, SequenceNumber)
) WITHOUT ROWID;

-- Messages to orchestrations (the control queue): starts, activity results, timers (visible at
-- their fire time), external events, terminate, suspend, resume, sub-orchestration results.
CREATE TABLE NewEvents (
    Id              INTEGER PRIMARY KEY AUTOINCREMENT,
    InstanceId      TEXT    NOT NULL,
    ExecutionId     TEXT,
    EventType       TEXT    NOT NULL,
    VisibleTicks    INTEGER NOT NULL,
    CreatedTicks    INTEGER NOT NULL,
    SequenceNumber  INTEGER NOT NULL DEFAULT 0,
    Event           TEXT    NOT NULL
);

CREATE INDEX IX_NewEvents_Visible ON NewEvents (VisibleTicks);
CREATE INDEX IX_NewEvents_Instance ON NewEvents (InstanceId, Id);

-- Activity invocations (the work-item queue), each locked by at most one worker at a time.
CREATE TABLE NewTasks (
    Id               INTEGER PRIMARY KEY AUTOINCREMENT,
    InstanceId       TEXT    NOT NULL,
    ExecutionId      TEXT,
    TaskEventId      INTEGER NOT NULL,
    Name             TEXT,
    VisibleTicks     INTEGER NOT NULL,
    CreatedTicks     INTEGER NOT NULL,
    SequenceNumber   INTEGER NOT NULL DEFAULT 0,
    Event            TEXT    NOT NULL,             -- JSON of the TaskScheduledEvent
    LockOwner        TEXT,
    LockExpiresTicks INTEGER,
    LockToken        INTEGER NOT NULL DEFAULT 0,
    DequeueCount     INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX IX_NewTasks_Instance ON NewTasks (InstanceId);

-- Which schema scripts were applied, when and by which worker.
CREATE TABLE SchemaVersions (
    Version      INTEGER NOT NULL PRIMARY KEY,
    AppliedTicks INTEGER NOT NULL,
    AppliedBy    TEXT    NOT NULL
);
