-- ScriptHarness SQLite orchestration store, schema version 3: the orchestration's execution
-- context travels with its activity invocations.
-- Applied by SchemaMigrator after schema-0002.sql. Never edit a shipped script: add schema-0004.sql.

-- JSON of the TaskMessage's OrchestrationExecutionContext (the orchestration's tags) that the
-- framework attached to the activity invocation, handed back with the activity work item so
-- activity middleware sees it. NULL when the framework attached none (and for rows written by
-- an older build).
ALTER TABLE NewTasks ADD COLUMN ExecutionContext TEXT;
