using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.ScriptRuntime.Facade;

/// <summary>
/// Turns a <see cref="ScriptError"/> into the JavaScript <c>Error</c> a script catches:
/// <c>message</c>, <c>code</c> (the stable kebab code), <c>retryable</c>, plus <c>limit</c>,
/// <c>reason</c> (approvals), <c>tool</c> and <c>callId</c> when they apply.
/// </summary>
internal static class ScriptErrorObjects
{
    public static ObjectInstance Create(Engine engine, ScriptError error, string? tool = null, int? callId = null)
    {
        ObjectInstance instance = engine.Intrinsics.Error.Construct(error.Message);
        instance.Set("code", error.Code.ToCode());
        instance.Set("retryable", error.Retryable);
        if (error.Limit is { } limit)
        {
            instance.Set("limit", char.ToLowerInvariant(limit.ToString()[0]) + limit.ToString()[1..]);
        }

        if (error.Code is ScriptErrorCode.ApprovalDenied or ScriptErrorCode.ApprovalExpired)
        {
            instance.Set("reason", error.Detail ?? error.Message);
        }
        else if (error.Detail is { } detail)
        {
            instance.Set("detail", detail);
        }

        if (tool is not null)
        {
            instance.Set("tool", tool);
        }

        if (callId is { } id)
        {
            instance.Set("callId", id);
        }

        return instance;
    }

    /// <summary>An exception that throws <paramref name="error"/> into the script synchronously.</summary>
    public static JavaScriptException Throwable(Engine engine, ScriptError error, string? tool = null) =>
        new(Create(engine, error, tool));

    /// <summary>Reads the <c>code</c> a script-visible error carries back to the taxonomy, when it has one.</summary>
    public static ScriptErrorCode? ReadCode(JsValue value)
    {
        if (value is ObjectInstance obj && obj.Get("code") is JsString code && ScriptErrorCodes.TryParse(code.ToString(), out ScriptErrorCode parsed))
        {
            return parsed;
        }

        return null;
    }
}
