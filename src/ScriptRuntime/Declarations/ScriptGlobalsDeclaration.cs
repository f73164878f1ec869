namespace ScriptHarness.ScriptRuntime.Declarations;

/// <summary>
/// The TypeScript declaration of what a script sees besides <c>tools</c>: the error a failed call
/// throws (<c>ToolError</c>, built by the facade's error objects) and the frozen <c>context</c>
/// (filled by the run orchestrator). A model writes <c>catch (e)</c> and <c>context.limits</c>
/// from this text, so it must name exactly the fields those two write; tests compare them.
/// </summary>
public static class ScriptGlobalsDeclaration
{
    /// <summary>The declaration text, ending with a line break.</summary>
    public static string Text { get; } = """
        /** What a failed tool call, a denied or expired approval, or a hit limit throws; catch it with try/catch. */
        interface ToolError extends Error {
          /** Stable code: 'tool-failed', 'tool-validation', 'approval-denied', 'approval-expired', 'limit-exceeded', 'cancelled', 'sandbox-violation', 'runtime-error', 'internal'. */
          readonly code: string;
          /** Whether the same call may succeed if made again. */
          readonly retryable: boolean;
          /** The tool's finer code, e.g. 'path-outside-workspace'. */
          readonly detail?: string;
          /** Why an approval was denied or expired. */
          readonly reason?: string;
          /** Which limit, for 'limit-exceeded'. */
          readonly limit?: string;
          /** The tool whose call failed. */
          readonly tool?: string;
          /** The failed call's id, as the run's report and the approval API name it. */
          readonly callId?: number;
        }

        /** The run this script is, read-only. */
        declare const context: {
          readonly runId: string;
          readonly conversationId: string;
          readonly turnId: string;
          /** 0-based index of this script's block in the model's output. */
          readonly blockIndex: number;
          readonly provider: string | null;
          readonly model: string | null;
          readonly mode: 'enabled' | 'dry-run' | 'disabled';
          /** The workspace's display name (never the host's path). */
          readonly workspace: string;
          readonly workingDirectory: string;
          readonly limits: {
            readonly executionTimeMs: number;
            readonly memoryBytes: number;
            readonly maxToolCalls: number;
            readonly maxToolCallsInFlight: number;
            readonly maxToolResultBytes: number;
            readonly remainingToolBudget: number;
          };
          /** The names of the tools this run may call. */
          readonly tools: readonly string[];
          readonly approvals: {
            readonly mode: 'never' | 'on-request' | 'always';
            /** How long a call waits for a decision before it fails with 'approval-expired'. */
            readonly expiryMs: number;
          };
          /** Shows a short progress message to whoever watches the run (when the host shows progress). */
          readonly emitProgress?: (message: string) => void;
        };

        """;
}
