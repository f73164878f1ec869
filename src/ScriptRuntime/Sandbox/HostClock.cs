using System.Globalization;
using Jint.Runtime;

namespace ScriptHarness.ScriptRuntime.Sandbox;

/// <summary>
/// The only clock a script sees: <c>Date.now()</c>, <c>new Date()</c> and <c>Temporal.Now</c> read
/// the host's clock (in an orchestration, the replay-safe orchestration time), always in UTC.
/// </summary>
internal sealed class HostClock : DefaultTimeSystem
{
    public HostClock(Func<DateTimeOffset> now)
        : base(TimeZoneInfo.Utc, CultureInfo.InvariantCulture)
    {
        this.Now = now;
    }

    /// <summary>The host's clock; replaced when a pre-hardened sandbox is handed to a run.</summary>
    public Func<DateTimeOffset> Now { get; set; }

    public override DateTimeOffset GetUtcNow() => this.Now().ToUniversalTime();
}
