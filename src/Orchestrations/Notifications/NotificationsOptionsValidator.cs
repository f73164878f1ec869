using System.Globalization;
using Microsoft.Extensions.Options;

namespace ScriptHarness.Orchestrations.Notifications;

/// <summary>Refuses bad <c>notifications</c> settings at start, naming the key and the allowed values.</summary>
public sealed class NotificationsOptionsValidator : IValidateOptions<NotificationsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, NotificationsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string at = NotificationsOptions.SectionName;
        List<string> problems = [];
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl) && !IsWebUrl(options.PublicBaseUrl))
        {
            problems.Add($"{at}:publicBaseUrl must be an absolute http or https URL.");
        }

        for (int i = 0; i < options.Targets.Count; i++)
        {
            NotificationTargetOptions target = options.Targets[i];
            string key = string.Create(CultureInfo.InvariantCulture, $"{at}:targets:{i}");
            if (string.IsNullOrWhiteSpace(target.Url) || !IsWebUrl(target.Url))
            {
                problems.Add($"{key}:url must be an absolute http or https URL.");
            }

            foreach (string unknown in target.Events.Where(e => !NotificationEvents.All.Contains(e, StringComparer.Ordinal)))
            {
                problems.Add($"{key}:events has '{unknown}', which is not one of {string.Join(", ", NotificationEvents.All)}.");
            }

            if (string.IsNullOrWhiteSpace(target.SecretVariable) || !target.SecretVariable.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                problems.Add($"{key}:secretVariable must name the environment variable that holds the signing secret (letters, digits, _), never the secret itself.");
            }

            if (!Enum.IsDefined(target.Format))
            {
                problems.Add($"{key}:format is not one of json, slack.");
            }
        }

        if (options.MaxAttempts is < 1 or > 10)
        {
            problems.Add($"{at}:maxAttempts must be from 1 to 10.");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > TimeSpan.FromMinutes(1))
        {
            problems.Add($"{at}:retryDelay must be from zero to 00:01:00.");
        }

        if (options.AttemptTimeout < TimeSpan.FromMilliseconds(100) || options.AttemptTimeout > TimeSpan.FromMinutes(2))
        {
            problems.Add($"{at}:attemptTimeout must be from 00:00:00.100 to 00:02:00.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static bool IsWebUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) &&
        (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) &&
        string.IsNullOrEmpty(uri.UserInfo);
}
