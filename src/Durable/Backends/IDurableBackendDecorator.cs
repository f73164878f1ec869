namespace ScriptHarness.Durable.Backends;

/// <summary>
/// Wraps the selected backend's connection, e.g. to inject faults in tests or add telemetry.
/// Every registered decorator is applied, in registration order, to whichever backend host.json
/// selects.
/// </summary>
public interface IDurableBackendDecorator
{
    /// <summary>Returns the connection to use in place of <paramref name="inner"/>.</summary>
    DurableBackendConnection Decorate(DurableBackendConnection inner, IServiceProvider services);
}
