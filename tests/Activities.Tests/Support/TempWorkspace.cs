using System.Text;
using System.Text.Json;
using ScriptHarness.Activities.Tools;

namespace ScriptHarness.Tests.Activities.Support;

/// <summary>A real workspace directory under the temp folder, with a sibling "outside" directory for escape attempts.</summary>
public sealed class TempWorkspace : IDisposable
{
    private static int counter;

    public TempWorkspace()
    {
        this.Base = Path.Combine(Path.GetTempPath(), "sh-activities-" + Environment.ProcessId + "-" + Interlocked.Increment(ref counter) + "-" + Guid.NewGuid().ToString("N")[..6]);
        this.Root = Path.Combine(this.Base, "ws");
        this.Outside = Path.Combine(this.Base, "outside");
        Directory.CreateDirectory(this.Root);
        Directory.CreateDirectory(this.Outside);
        File.WriteAllText(Path.Combine(this.Outside, "secret.txt"), "TOP SECRET\n");
    }

    public string Base { get; }

    public string Root { get; }

    public string Outside { get; }

    public string PathOf(string relative) => Path.Combine(this.Root, relative);

    public string Write(string relative, string text) => this.Write(relative, Encoding.UTF8.GetBytes(text));

    public string Write(string relative, byte[] bytes)
    {
        string full = this.PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    public string Read(string relative) => File.ReadAllText(this.PathOf(relative));

    public bool Exists(string relative) => File.Exists(this.PathOf(relative)) || Directory.Exists(this.PathOf(relative));

    public void Symlink(string relative, string target)
    {
        string full = this.PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
    }

    public ToolInvocation Invocation(object args, string key = "run-1:1") =>
        new(key, 1, this.Root, JsonSerializer.SerializeToElement(args));

    public Task<JsonElement> Invoke(ITool tool, object args, CancellationToken cancellationToken = default) =>
        tool.InvokeAsync(this.Invocation(args), cancellationToken);

    public async Task<ToolException> Fails(ITool tool, object args)
    {
        return await Assert.ThrowsAsync<ToolException>(() => this.Invoke(tool, args));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(this.Base, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
