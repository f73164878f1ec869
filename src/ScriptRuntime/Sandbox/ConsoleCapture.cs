using System.Globalization;
using System.Text;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using ScriptHarness.ScriptRuntime.Limits;
using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.ScriptRuntime.Sandbox;

/// <summary>
/// The script's <c>console</c>: log, info, warn, error and debug, captured with their level and
/// bounded in entries and UTF-8 bytes. Past a bound one marker entry is added and later output
/// is dropped without being formatted (a log flood costs nothing but the calls).
/// </summary>
internal sealed class ConsoleCapture
{
    private readonly int maxBytes;
    private readonly int maxEntries;
    private readonly int maxDepth;
    private readonly List<ConsoleEntry> entries = [];
    private readonly Func<JsValue, string?> toJson;
    private int bytes;

    public ConsoleCapture(int maxBytes, int maxEntries, int maxDepth, Func<JsValue, string?> toJson)
    {
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
        this.maxDepth = maxDepth;
        this.toJson = toJson;
    }

    public IReadOnlyList<ConsoleEntry> Entries => this.entries;

    public bool Truncated { get; private set; }

    /// <summary>Builds the <c>console</c> object (the caller freezes and installs it).</summary>
    public ObjectInstance CreateConsoleObject(Engine engine)
    {
        JsObject console = new(engine);
        Add("log", ConsoleLevel.Log);
        Add("debug", ConsoleLevel.Log);
        Add("info", ConsoleLevel.Info);
        Add("warn", ConsoleLevel.Warn);
        Add("error", ConsoleLevel.Error);
        return console;

        void Add(string name, ConsoleLevel level) =>
            console.FastSetProperty(name, new PropertyDescriptor(
                new ClrFunction(engine, name, (_, args) => this.Write(level, args), 0, PropertyFlag.Configurable),
                PropertyFlag.NonEnumerable));
    }

    /// <summary>Adds a host-side note (not counted against the script's output bounds).</summary>
    public void AddNote(ConsoleLevel level, string message) => this.entries.Add(new ConsoleEntry(level, message));

    private JsValue Write(ConsoleLevel level, JsValue[] args)
    {
        if (this.Truncated)
        {
            return JsValue.Undefined;
        }

        if (this.entries.Count >= this.maxEntries)
        {
            this.Truncate($"[console output truncated: more than {this.maxEntries} entries]");
            return JsValue.Undefined;
        }

        string message = this.Format(args, this.maxBytes - this.bytes + 1);
        int size = Encoding.UTF8.GetByteCount(message);
        if (this.bytes + size > this.maxBytes)
        {
            int room = this.maxBytes - this.bytes;
            if (room > 0)
            {
                this.entries.Add(new ConsoleEntry(level, CutToBytes(message, room)));
                this.bytes = this.maxBytes;
            }

            this.Truncate($"[console output truncated: more than {this.maxBytes} bytes]");
            return JsValue.Undefined;
        }

        this.bytes += size;
        this.entries.Add(new ConsoleEntry(level, message));
        return JsValue.Undefined;
    }

    private void Truncate(string marker)
    {
        this.Truncated = true;
        this.entries.Add(new ConsoleEntry(ConsoleLevel.Warn, marker));
    }

    private string Format(JsValue[] args, int budgetChars)
    {
        StringBuilder text = new();
        for (int i = 0; i < args.Length && text.Length <= budgetChars; i++)
        {
            if (i > 0)
            {
                text.Append(' ');
            }

            text.Append(this.FormatOne(args[i]));
        }

        // Logs never fail a run: a lone surrogate (which no UTF-8 consumer can carry) becomes U+FFFD.
        return JsonShape.ReplaceLoneSurrogates(text.ToString());
    }

    private string FormatOne(JsValue value)
    {
        switch (value)
        {
            case JsString:
                return value.ToString();
            case JsNumber number:
                return number.ToString();
            case ObjectInstance obj when obj.IsCallable():
                return "[Function]";
            case Jint.Native.Error.ErrorInstance obj:
                return Convert.ToString(obj.Get("name"), CultureInfo.InvariantCulture) + ": " + obj.Get("message");
            case ObjectInstance:
                string? json;
                try
                {
                    json = this.toJson(value);
                }
                catch (Jint.Runtime.JavaScriptException exception) when (BoundaryErrors.IsStackExhausted(exception.Error))
                {
                    return $"[nested deeper than {this.maxDepth} levels]";
                }
                catch (Jint.Runtime.JavaScriptException)
                {
                    return "[Unserializable]";
                }

                if (json is null)
                {
                    return value.ToString();
                }

                // The same bound as every other crossing, so whatever reads the log later never meets deeper data.
                return JsonShape.Check(json, this.maxDepth) == JsonShapeProblem.TooDeep ? $"[nested deeper than {this.maxDepth} levels]" : json;

            default:
                return value.ToString();
        }
    }

    private static string CutToBytes(string message, int maxBytes)
    {
        int used = 0;
        int i = 0;
        while (i < message.Length)
        {
            int length = char.IsSurrogatePair(message, i) ? 2 : 1;
            int size = Encoding.UTF8.GetByteCount(message.AsSpan(i, length));
            if (used + size > maxBytes)
            {
                break;
            }

            used += size;
            i += length;
        }

        return message[..i];
    }
}
