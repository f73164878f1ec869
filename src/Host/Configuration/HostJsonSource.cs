using Microsoft.Extensions.Configuration.Json;

namespace ScriptHarness.Host.Configuration;

/// <summary>
/// host.json as a configuration source, read from disk once: the bytes checked against the
/// schema are the ones bound, and the <c>tools</c> section (whose JSON Schemas configuration
/// keys would flatten to strings) is read from the same bytes, not from the file again.
/// </summary>
internal sealed class HostJsonSource : JsonStreamConfigurationSource
{
    /// <summary>Reads the source's file.</summary>
    public HostJsonSource(string path, byte[] content)
    {
        this.Path = path;
        this.Content = content;
        this.Stream = new MemoryStream(content, writable: false);
    }

    /// <summary>The file's full path: relative paths inside it are from its folder.</summary>
    public string Path { get; }

    /// <summary>The file's bytes as read at start-up.</summary>
    public ReadOnlyMemory<byte> Content { get; }
}
