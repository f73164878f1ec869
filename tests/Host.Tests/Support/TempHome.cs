using System.Text.Json.Nodes;

namespace ScriptHarness.Tests.Host.Support;

/// <summary>A temporary directory holding a copy of examples/workspace, a store file and a host.json.</summary>
public sealed class TempHome : IDisposable
{
    public TempHome()
    {
        this.Root = Path.Combine(Path.GetTempPath(), "sh-host-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(this.Root);
        CopyDirectory(Path.Combine(RepoPaths.Examples, "workspace"), this.Workspace);
    }

    public string Root { get; }

    public string Workspace => Path.Combine(this.Root, "workspace");

    public string Store => Path.Combine(this.Root, "harness.db");

    public string HostJson => Path.Combine(this.Root, "host.json");

    /// <summary>Writes host.json; the workspace root is this home so turns may name any workspace under it.</summary>
    public string WriteHostJson(JsonObject? extra = null)
    {
        JsonObject json = new()
        {
            ["host"] = new JsonObject
            {
                ["defaultWorkspace"] = this.Workspace,
                ["workspaceRoots"] = new JsonArray(this.Root),
            },
        };
        foreach ((string key, JsonNode? value) in extra ?? [])
        {
            json[key] = value?.DeepClone();
        }

        File.WriteAllText(this.HostJson, json.ToJsonString());
        return this.HostJson;
    }

    /// <summary>A fresh copy of the sample workspace under this home.</summary>
    public string NewWorkspace()
    {
        string path = Path.Combine(this.Root, "ws-" + Guid.NewGuid().ToString("N")[..8]);
        CopyDirectory(Path.Combine(RepoPaths.Examples, "workspace"), path);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(this.Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (string dir in Directory.GetDirectories(from))
        {
            if (Path.GetFileName(dir) is "__pycache__")
            {
                continue;
            }

            CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}
