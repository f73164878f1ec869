using System.Globalization;

namespace ScriptHarness.Durable.Testing.FaultInjection;

/// <summary>
/// One armed fault: at the <see cref="Occurrence"/>-th time the work flow reaches
/// <see cref="Point"/>, do <see cref="Action"/>. A rule fires once.
/// Text form: <c>action:point[#occurrence]</c>, e.g. <c>kill:after-activity-completion</c>,
/// <c>throw:before-orchestration-checkpoint#2</c>.
/// </summary>
/// <param name="Action">What to do.</param>
/// <param name="Point">Where.</param>
/// <param name="Occurrence">Which hit of the point fires the rule, from 1.</param>
public sealed record FaultRule(FaultAction Action, FaultPoint Point, int Occurrence = 1)
{
    private static readonly (FaultPoint Point, string Name)[] Names =
    [
        (FaultPoint.BeforeOrchestrationCheckpoint, "before-orchestration-checkpoint"),
        (FaultPoint.BeforeCheckpointOfActivityResult, "before-checkpoint-of-activity-result"),
        (FaultPoint.AfterOrchestrationCheckpoint, "after-orchestration-checkpoint"),
        (FaultPoint.BeforeActivityCompletion, "before-activity-completion"),
        (FaultPoint.AfterActivityCompletion, "after-activity-completion"),
    ];

    /// <summary>The kebab-case name of a point.</summary>
    public static string PointName(FaultPoint point) => Names.First(n => n.Point == point).Name;

    /// <summary>Every point name, for help texts and error messages.</summary>
    public static IReadOnlyList<string> PointNames { get; } = Names.Select(n => n.Name).ToArray();

    /// <summary>Parses the text form; throws <see cref="FormatException"/> naming the valid points on bad input.</summary>
    public static FaultRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(':', 2);
        if (parts.Length != 2)
        {
            throw Bad(text);
        }

        FaultAction action = parts[0].Trim().ToLowerInvariant() switch
        {
            "throw" => FaultAction.Throw,
            "kill" => FaultAction.Kill,
            _ => throw Bad(text),
        };

        string[] pointAndCount = parts[1].Split('#', 2);
        string pointName = pointAndCount[0].Trim();
        (FaultPoint Point, string Name) match = Names.FirstOrDefault(n => string.Equals(n.Name, pointName, StringComparison.OrdinalIgnoreCase));
        if (match.Name is null)
        {
            throw Bad(text);
        }

        int occurrence = 1;
        if (pointAndCount.Length == 2 &&
            (!int.TryParse(pointAndCount[1], NumberStyles.None, CultureInfo.InvariantCulture, out occurrence) || occurrence < 1))
        {
            throw Bad(text);
        }

        return new FaultRule(action, match.Point, occurrence);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{(Action == FaultAction.Kill ? "kill" : "throw")}:{PointName(Point)}#{Occurrence.ToString(CultureInfo.InvariantCulture)}";

    private static FormatException Bad(string text) =>
        new($"'{text}' is not a fault rule. Expected throw|kill:<point>[#occurrence] with a point among: {string.Join(", ", Names.Select(n => n.Name))}.");
}
