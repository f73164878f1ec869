namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// Fails a run whose input was written by another harness version than the worker running it:
/// replaying a script under changed harness code could decide differently, so it is refused
/// with a clear error rather than risked. (The durable backbone's versioning middleware
/// normally refuses such a run before it reaches this code.)
/// </summary>
public sealed class HarnessVersionMismatchException : Exception
{
    /// <summary>Creates the exception for a run of <paramref name="runVersion"/> on a worker of <paramref name="workerVersion"/>.</summary>
    public HarnessVersionMismatchException(string runVersion, string workerVersion)
        : base($"This run was started by harness version '{runVersion}' and this worker runs '{workerVersion}'; a run only continues on the version that started it. Run a worker of version '{runVersion}' or start the turn again.")
    {
        this.RunVersion = runVersion;
        this.WorkerVersion = workerVersion;
    }

    /// <summary>Creates the exception with no details.</summary>
    public HarnessVersionMismatchException()
        : this(string.Empty, string.Empty)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public HarnessVersionMismatchException(string message)
        : base(message)
    {
        this.RunVersion = this.WorkerVersion = string.Empty;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public HarnessVersionMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        this.RunVersion = this.WorkerVersion = string.Empty;
    }

    /// <summary>The version that started the run.</summary>
    public string RunVersion { get; }

    /// <summary>The version of the worker.</summary>
    public string WorkerVersion { get; }
}
