using System.Collections;
using System.Text.Json;
using ScriptHarness.Host.Configuration;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Configuration;

/// <summary>host.json is checked against the shipped schema: unknown keys and wrong types name the key.</summary>
public sealed class HostJsonSchemaTests
{
    private static IReadOnlyList<string> Check(string json)
    {
        using JsonDocument schema = HostConfiguration.LoadSchema();
        using JsonDocument document = JsonDocument.Parse(json);
        return HostJsonValidator.Validate(document.RootElement, schema.RootElement);
    }

    [Fact]
    public void The_repository_host_json_is_valid_against_the_shipped_schema()
    {
        Assert.Empty(Check(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json"))));
    }

    [Fact]
    public void The_embedded_schema_is_the_repository_schema()
    {
        using JsonDocument embedded = HostConfiguration.LoadSchema();
        using JsonDocument file = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.schema.json")));
        Assert.True(JsonElement.DeepEquals(embedded.RootElement, file.RootElement));
    }

    [Fact]
    public void A_full_configuration_with_every_section_is_valid()
    {
        Assert.Empty(Check("""
            {
              "durable": { "backend": "sqlite", "sqlite": { "databasePath": "x.db", "maxConcurrentActivities": 4 } },
              "orchestrations": { "mode": "dry-run", "approvals": { "mode": "always", "expiry": "01:00:00",
                "rules": [ { "tool": "exec", "argvPrefix": ["git", "push"], "action": "ask", "reason": "pushes" } ] } },
              "activities": { "exec": { "defaultTimeoutMs": 1000 } },
              "host": { "http": { "urls": "http://127.0.0.1:5080", "apiKeyVariable": "MY_KEY" }, "workspaceRoots": ["/srv"] },
              "logging": { "logLevel": { "default": "Warning" } }
            }
            """));
    }

    [Theory]
    [InlineData("""{ "durabel": {} }""", "unknown key 'durabel'")]
    [InlineData("""{ "scriptRuntime": { "limits": { "maxToolCall": 5 } } }""", "unknown key 'scriptRuntime:limits:maxToolCall'")]
    [InlineData("""{ "scriptRuntime": { "limits": { "maxToolCalls": "many" } } }""", "'scriptRuntime:limits:maxToolCalls' must be an integer")]
    [InlineData("""{ "scriptRuntime": { "limits": { "maxToolCallsInFlight": 0 } } }""", "'scriptRuntime:limits:maxToolCallsInFlight' is 0; the minimum is 1")]
    [InlineData("""{ "durable": { "backend": "postgres" } }""", "'durable:backend' is \"postgres\"")]
    [InlineData("""{ "orchestrations": { "approvals": { "rules": [ { "tool": "exec", "acton": "ask" } ] } } }""", "unknown key 'orchestrations:approvals:rules[0]:acton'")]
    [InlineData("""{ "host": { "http": { "apiKey": "secret" } } }""", "unknown key 'host:http:apiKey'")]
    public void A_bad_key_or_value_is_reported_with_its_path(string json, string expected)
    {
        string problem = Assert.Single(Check(json));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_overrides_are_layered_over_host_json_and_unknown_ones_fail()
    {
        string path = Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "durable": { "backend": "inMemory" }, "scriptRuntime": { "limits": { "maxToolCalls": 7 } } }""");
        try
        {
            var configuration = HostConfiguration.Load(path, new Dictionary<string, string?> { ["scriptRuntime:limits:maxToolCalls"] = "9" }, new Hashtable { ["SCRIPTHARNESS__durable__backend"] = "sqlite", ["PATH"] = "/bin" });
            Assert.Equal("sqlite", configuration["durable:backend"]);
            Assert.Equal("9", configuration["scriptRuntime:limits:maxToolCalls"]);

            HostConfigurationException ex = Assert.Throws<HostConfigurationException>(() => HostConfiguration.Load(path, null, new Hashtable { ["SCRIPTHARNESS__durable__bakend"] = "x" }));
            Assert.Contains("durable:bakend", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Without_host_json_the_embedded_SQLite_store_is_the_default_backend()
    {
        var configuration = HostConfiguration.Load(Path.Combine(RepoPaths.Root, "host.json"), null, new Hashtable());
        Assert.Equal("sqlite", configuration["durable:backend"]);
    }

    [Fact]
    public void Store_override_selects_sqlite_at_the_given_file()
    {
        Dictionary<string, string?> store = HostConfiguration.StoreOverride("some/dir/x.db");
        Assert.Equal("sqlite", store["durable:backend"]);
        Assert.Equal(Path.GetFullPath("some/dir/x.db"), store["durable:sqlite:databasePath"]);
    }
}
