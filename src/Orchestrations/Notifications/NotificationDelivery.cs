namespace ScriptHarness.Orchestrations.Notifications;

/// <summary>
/// How one notification went to one target: the result of a notification activity, recorded in
/// the run's history. A failed delivery is recorded here and logged; it never fails the run.
/// </summary>
/// <param name="Target">The target's position in <c>notifications:targets</c> (its URL may carry a token, so it is not repeated here).</param>
/// <param name="Delivered">Whether the target answered 2xx.</param>
/// <param name="Attempts">How many attempts were made.</param>
/// <param name="StatusCode">The last HTTP status, when a response came.</param>
/// <param name="Error">Why it was not delivered: <c>secret-missing</c>, <c>http-{status}</c>, <c>timeout</c>, <c>network</c>.</param>
public sealed record NotificationDelivery(int Target, bool Delivered, int Attempts, int? StatusCode = null, string? Error = null);
