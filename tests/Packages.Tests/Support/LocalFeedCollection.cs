namespace ScriptHarness.Tests.Packages.Support;

/// <summary>One feed check, nuget.config and tool install shared by every package test.</summary>
[CollectionDefinition(Name)]
public sealed class LocalFeedCollection : ICollectionFixture<LocalFeed>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "local feed";
}
