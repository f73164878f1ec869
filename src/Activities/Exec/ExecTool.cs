using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ScriptHarness.Activities.Exec.Sandbox;
using ScriptHarness.Activities.Options;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Activities.Workspaces;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Activities.Exec;

/// <summary>
/// <c>exec({command, cwd?, timeoutMs?, env?, stdin?})</c>: runs a command in the workspace. An
/// argv array runs directly; a string runs as <c>/bin/sh -c</c>. The command runs in an OS
/// sandbox (bubblewrap, see <see cref="BubblewrapPolicy"/>) whose only writable place is the
/// workspace, with no network unless the invocation grants it and a fresh environment plus
/// <c>env</c>; on timeout or cancellation the whole sandbox is killed, and so is whatever is
/// still running in it when the command exits. Output is capped per stream. A retry after a
/// crash runs the command again.
/// </summary>
public sealed class ExecTool : WorkspaceTool
{
    /// <summary>The script-facing name.</summary>
    public const string ToolName = "exec";

    private readonly ExecOptions options;
    private readonly IExecSandbox sandbox;
    private readonly ToolDescriptor descriptor;

    /// <summary>Creates the tool with default settings.</summary>
    public ExecTool()
        : this(new ExecOptions())
    {
    }

    /// <summary>Creates the tool from the <c>activities</c> settings.</summary>
    public ExecTool(IOptions<ActivitiesOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value.Exec)
    {
    }

    /// <summary>Creates the tool with <paramref name="options"/>.</summary>
    public ExecTool(ExecOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.sandbox = ExecSandboxes.Create(options);
        this.descriptor = new ToolDescriptor(
            ToolName,
            options.Unsandboxed && options.AcknowledgeUnsandboxedExec
                ? "Runs a command in the workspace: an argv array runs directly, a string runs with /bin/sh -c. Returns exit code and output (each stream capped, keeping head and tail)."
                : "Runs a command in the workspace inside a sandbox: only the workspace is writable and visible besides the system directories, /tmp is private and empty, there is no network unless granted, the environment is fresh. An argv array runs directly, a string runs with /bin/sh -c. Returns exit code and output (each stream capped, keeping head and tail).",
            ToolJson.Parse($$"""
            {
              "type": "object",
              "properties": {
                "command": {
                  "oneOf": [
                    { "type": "string", "minLength": 1, "description": "Shell command line, run by /bin/sh -c." },
                    { "type": "array", "items": { "type": "string" }, "minItems": 1, "description": "Program and arguments, run directly." }
                  ]
                },
                "cwd": { "type": "string", "description": "Working directory relative to the workspace root (default the root)." },
                "timeoutMs": { "type": "integer", "minimum": 1, "maximum": {{options.MaxTimeoutMs}}, "description": "Kill the command after this long (default {{options.DefaultTimeoutMs}})." },
                "env": { "type": "object", "additionalProperties": { "type": "string" }, "description": "Extra environment variables." },
                "stdin": { "type": "string", "description": "Text written to the command's standard input." }
              },
              "required": ["command"],
              "additionalProperties": false
            }
            """))
        {
            ResultSchema = ToolJson.Parse("""
            {
              "type": "object",
              "properties": {
                "exitCode": { "type": "integer", "description": "The exit status; 128 + signal when killed." },
                "stdout": { "type": "string" },
                "stderr": { "type": "string" },
                "timedOut": { "type": "boolean" },
                "truncated": { "type": "boolean", "description": "Output was cut to its head and tail." },
                "durationMs": { "type": "integer" }
              },
              "required": ["exitCode", "stdout", "stderr", "timedOut", "truncated", "durationMs"]
            }
            """),
            DryRunResult = ToolJson.Parse("""{"exitCode":0,"stdout":"","stderr":"","timedOut":false,"truncated":false,"durationMs":0}"""),
            Effect = ToolEffect.Execute,
            Facts = ExecCommandLine.Facts,
        };
    }

    /// <inheritdoc />
    public override ToolDescriptor Descriptor => this.descriptor;

    internal override async Task<JsonElement> RunAsync(Workspace workspace, ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var args = ToolArguments.Parse(ToolName, invocation.Args, "command", "cwd", "timeoutMs", "env", "stdin");
        List<string> argv = this.ReadCommand(args);
        string cwdPath = workspace.Resolve(args.OptionalString("cwd"));
        int timeoutMs = args.OptionalInt("timeoutMs", 1, this.options.MaxTimeoutMs) ?? this.options.DefaultTimeoutMs;
        IReadOnlyDictionary<string, string>? extraEnv = args.OptionalStringMap("env");
        string? stdin = args.OptionalString("stdin");

        string cwd;
        using (DirectoryHandle directory = workspace.OpenDirectory(cwdPath))
        {
            cwd = directory.RealPath;
        }

        Dictionary<string, string> environment = this.BuildEnvironment(workspace.Root, extraEnv);
        string program = ResolveProgram(argv[0], cwd, environment.TryGetValue("PATH", out string? path) ? path : null);
        if (!this.sandbox.Exposes(program, workspace.Root))
        {
            throw ToolException.Failed(ToolErrorDetails.ExecStartFailed, $"exec: program '{argv[0]}' resolves to '{program}', which is outside the directories the sandbox mounts (the workspace, /usr, activities.exec.readOnlyPaths).");
        }

        var request = new ExecRequest(program, argv.Skip(1).ToList(), cwd, workspace.Root, environment, invocation.AllowNetwork);
        SandboxedStart start = await this.sandbox.PrepareAsync(request, cancellationToken).ConfigureAwait(false);
        start.StartInfo.RedirectStandardInput = true;
        start.StartInfo.RedirectStandardOutput = true;
        start.StartInfo.RedirectStandardError = true;
        return await this.RunProcessAsync(start.StartInfo, start.OwnGroup, stdin, timeoutMs, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonElement> RunProcessAsync(ProcessStartInfo startInfo, bool ownGroup, string? stdin, int timeoutMs, CancellationToken cancellationToken)
    {
        var stdout = new OutputCapture(this.options.MaxOutputBytes);
        var stderr = new OutputCapture(this.options.MaxOutputBytes);
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = startInfo };
        try
        {
            await ProcessLaunchThread.StartAsync(process).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw ToolException.Failed(ToolErrorDetails.ExecStartFailed, $"Could not start '{startInfo.FileName}': {e.Message}", e);
        }

        int pid = process.Id;
        Task readOut = stdout.DrainAsync(process.StandardOutput.BaseStream, CancellationToken.None);
        Task readErr = stderr.DrainAsync(process.StandardError.BaseStream, CancellationToken.None);
        Task writeIn = WriteStdinAsync(process, stdin);

        using var timeout = new CancellationTokenSource(timeoutMs);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        bool killed = false;
        try
        {
            await process.WaitForExitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            ProcessTree.Kill(process, ownGroup);
            killed = true;
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        // Background children still holding the pipes would keep them open forever: a call
        // leaves nothing running, so the rest of its group goes too. (In the sandbox the
        // kernel does this: its pid namespace dies with bwrap.)
        if (ownGroup)
        {
            ProcessTree.KillGroup(pid);
        }

        await DrainWithGraceAsync(readOut, readErr, writeIn).ConfigureAwait(false);
        clock.Stop();

        if (killed && cancellationToken.IsCancellationRequested && !timeout.IsCancellationRequested)
        {
            throw ToolException.Cancelled($"exec was cancelled; the command and its children were killed after {clock.ElapsedMilliseconds} ms.");
        }

        return ToolJson.ToElement(new JsonObject
        {
            ["exitCode"] = process.ExitCode,
            ["stdout"] = stdout.ToText(),
            ["stderr"] = stderr.ToText(),
            ["timedOut"] = killed && timeout.IsCancellationRequested,
            ["truncated"] = stdout.Truncated || stderr.Truncated,
            ["durationMs"] = clock.ElapsedMilliseconds,
        });
    }

    private static async Task WriteStdinAsync(Process process, string? stdin)
    {
        try
        {
            if (stdin is not null)
            {
                byte[] bytes = System.Text.Encoding.UTF8.GetBytes(stdin);
                await process.StandardInput.BaseStream.WriteAsync(bytes).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command exited without reading all of its input.
        }
    }

    private static async Task DrainWithGraceAsync(params Task[] readers)
    {
        // A descendant that escaped the group may still hold a pipe; do not wait on it forever.
        Task all = Task.WhenAll(readers);
        Task finished = await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        if (finished == all)
        {
            await all.ConfigureAwait(false);
        }
    }

    private List<string> ReadCommand(ToolArguments args) => ExecCommandLine.Read(args).Launch(this.options.Shell);

    private Dictionary<string, string> BuildEnvironment(string workspaceRoot, IReadOnlyDictionary<string, string>? extra)
    {
        var environment = new Dictionary<string, string>(this.sandbox.BaseEnvironment(), StringComparer.Ordinal);
        GitHardening.Apply(environment, workspaceRoot);
        if (extra is null)
        {
            return environment;
        }

        foreach ((string name, string value) in extra)
        {
            if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal))
            {
                throw ToolException.Invalid(ToolErrorDetails.InvalidArgument, $"exec: environment variable '{name}' has an invalid name or value.");
            }

            if (GitHardening.IsReserved(name))
            {
                throw ToolException.Invalid(ToolErrorDetails.InvalidArgument, $"exec: env may not set '{name}': git's configuration and the programs it runs are fixed by the sandbox.");
            }

            environment[name] = value;
        }

        return environment;
    }

    // Resolved here, not by the launcher, so that a missing program is a typed start failure.
    private static string ResolveProgram(string program, string cwd, string? path)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            string full = Path.IsPathRooted(program) ? program : Path.GetFullPath(Path.Combine(cwd, program));
            return IsExecutable(full) ? full : throw NotFound(program);
        }

        foreach (string directory in (path ?? "/usr/local/bin:/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, program);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        throw NotFound(program);
    }

    private static bool IsExecutable(string file) =>
        !OperatingSystem.IsWindows() && File.Exists(file) && (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static ToolException NotFound(string program) =>
        ToolException.Failed(ToolErrorDetails.ExecStartFailed, $"exec: program '{program}' was not found or is not executable.");
}
