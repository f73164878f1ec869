using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace ScriptHarness.Host.Dashboard;

/// <summary>
/// A fragment of HTML that is safe to insert as it is. The only ways to make one are the
/// interpolated-string constructor (<c>Html.Of($"...")</c>), whose holes are HTML-encoded unless
/// they already are <see cref="Html"/>, and <see cref="Concat"/> of such fragments; so every
/// string a model, a script or a caller controls is escaped by construction, never by care.
/// </summary>
internal sealed class Html
{
    private Html(string value) => this.Value = value;

    /// <summary>The empty fragment.</summary>
    public static Html Empty { get; } = new(string.Empty);

    /// <summary>The markup.</summary>
    public string Value { get; }

    /// <summary>The markup of the template, every hole encoded (an <see cref="Html"/> hole inserted as it is).</summary>
    public static Html Of(HtmlTemplate template) => new(template.ToStringAndClear());

    /// <summary>Fragments one after another.</summary>
    public static Html Concat(IEnumerable<Html> parts) => new(string.Concat(parts.Select(p => p.Value)));

    /// <summary>The fragment when <paramref name="condition"/> holds, else nothing.</summary>
    public static Html When(bool condition, Func<Html> fragment) => condition ? fragment() : Empty;

    /// <inheritdoc/>
    public override string ToString() => this.Value;
}

/// <summary>The interpolated-string handler behind <see cref="Html.Of"/>: literals as written, holes encoded.</summary>
[InterpolatedStringHandler]
internal ref struct HtmlTemplate
{
    private readonly StringBuilder builder;

    public HtmlTemplate(int literalLength, int formattedCount) => this.builder = new StringBuilder(literalLength + (formattedCount * 16));

    public readonly void AppendLiteral(string literal) => this.builder.Append(literal);

    public readonly void AppendFormatted(Html? fragment) => this.builder.Append(fragment?.Value);

    public readonly void AppendFormatted(string? text) => this.builder.Append(HtmlEncoder.Default.Encode(text ?? string.Empty));

    public readonly void AppendFormatted<T>(T value) => this.AppendFormatted(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));

    public readonly void AppendFormatted<T>(T value, string? format)
        where T : IFormattable => this.AppendFormatted(value.ToString(format, System.Globalization.CultureInfo.InvariantCulture));

    internal readonly string ToStringAndClear()
    {
        string text = this.builder.ToString();
        this.builder.Clear();
        return text;
    }
}
