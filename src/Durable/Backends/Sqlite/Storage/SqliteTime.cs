namespace ScriptHarness.Durable.Backends.Sqlite.Storage;

/// <summary>Times are stored as UTC ticks (INTEGER): exact round trips, indexable comparisons.</summary>
internal static class SqliteTime
{
    public static long ToTicks(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime().Ticks,
        _ => value.Ticks,
    };

    public static DateTime FromTicks(long ticks) => new(ticks, DateTimeKind.Utc);

    public static long NowTicks() => DateTime.UtcNow.Ticks;
}
