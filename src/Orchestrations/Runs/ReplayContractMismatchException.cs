using System.Globalization;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// Fails a run whose orchestration version names no replay contract this worker ships: a
/// contract older than the oldest one kept, or a package version written before replay contracts
/// existed. Replaying it on another contract's code could decide differently,
/// so it is refused with a clear error. (A run of a newer contract never gets here: the
/// versioning middleware hands it back to the store for a newer worker.)
/// </summary>
public sealed class ReplayContractMismatchException : Exception
{
    /// <summary>Creates the exception for a run of <paramref name="runVersion"/> on a worker that ships contracts <paramref name="oldest"/> to <paramref name="newest"/>.</summary>
    public ReplayContractMismatchException(string runVersion, int oldest, int newest)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"This run's orchestration version '{runVersion}' names no replay contract this worker ships (contracts {oldest} to {newest}); a run only replays on code of its own contract. Run a build that still ships it, or start the turn again."))
    {
        this.RunVersion = runVersion;
        this.Oldest = oldest;
        this.Newest = newest;
    }

    /// <summary>Creates the exception with no details.</summary>
    public ReplayContractMismatchException()
        : this(string.Empty, ReplayContract.Oldest, ReplayContract.Current)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ReplayContractMismatchException(string message)
        : base(message)
    {
        this.RunVersion = string.Empty;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ReplayContractMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        this.RunVersion = string.Empty;
    }

    /// <summary>The run's orchestration version.</summary>
    public string RunVersion { get; }

    /// <summary>The oldest contract the worker ships.</summary>
    public int Oldest { get; }

    /// <summary>The newest contract the worker ships.</summary>
    public int Newest { get; }
}
