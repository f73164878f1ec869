using System.Text;

namespace ScriptHarness.Activities.Patching;

/// <summary>
/// Finds a hunk's lines in a file, as tolerantly as the Codex tool: an exact match first, then
/// ignoring trailing whitespace, then ignoring surrounding whitespace, then also treating
/// Unicode punctuation look-alikes (curly quotes, dashes, non-breaking spaces) as their ASCII
/// forms. The strictest level that finds the lines wins.
/// </summary>
internal sealed class LineMatcher(IReadOnlyList<string> lines)
{
    private const int Levels = 4;

    private readonly string?[] normalized = new string?[lines.Count];

    /// <summary>The file's lines.</summary>
    public IReadOnlyList<string> Lines => lines;

    /// <summary>
    /// The index of the first occurrence of <paramref name="pattern"/> at or after
    /// <paramref name="start"/>; with <paramref name="endOfFile"/>, an occurrence that ends the
    /// file is preferred. -1 when not found.
    /// </summary>
    public int Find(IReadOnlyList<string> pattern, int start, bool endOfFile)
    {
        if (pattern.Count == 0)
        {
            return start <= lines.Count ? start : -1;
        }

        if (endOfFile)
        {
            int atEnd = lines.Count - pattern.Count;
            if (atEnd >= start)
            {
                for (int level = 0; level < Levels; level++)
                {
                    if (this.MatchesAt(pattern, atEnd, level))
                    {
                        return atEnd;
                    }
                }
            }
        }

        for (int level = 0; level < Levels; level++)
        {
            for (int i = start; i + pattern.Count <= lines.Count; i++)
            {
                if (this.MatchesAt(pattern, i, level))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    /// <summary>How many leading lines of <paramref name="pattern"/> can be found together at or after <paramref name="start"/> (for error messages).</summary>
    public int LongestFoundPrefix(IReadOnlyList<string> pattern, int start)
    {
        int best = 0;
        for (int i = start; i < lines.Count; i++)
        {
            int k = 0;
            while (k < pattern.Count && i + k < lines.Count && this.Equal(i + k, pattern[k], Levels - 1))
            {
                k++;
            }

            best = Math.Max(best, k);
        }

        return best;
    }

    /// <summary>Whether <paramref name="pattern"/> matches at <paramref name="at"/> at any tolerance level.</summary>
    public bool MatchesAnywhereAt(IReadOnlyList<string> pattern, int at)
    {
        if (at < 0 || at + pattern.Count > lines.Count)
        {
            return false;
        }

        for (int level = 0; level < Levels; level++)
        {
            if (this.MatchesAt(pattern, at, level))
            {
                return true;
            }
        }

        return false;
    }

    private bool MatchesAt(IReadOnlyList<string> pattern, int at, int level)
    {
        for (int k = 0; k < pattern.Count; k++)
        {
            if (!this.Equal(at + k, pattern[k], level))
            {
                return false;
            }
        }

        return true;
    }

    private bool Equal(int index, string b, int level)
    {
        string a = lines[index];
        return level switch
        {
            0 => string.Equals(a, b, StringComparison.Ordinal),
            1 => a.AsSpan().TrimEnd().SequenceEqual(b.AsSpan().TrimEnd()),
            2 => a.AsSpan().Trim().SequenceEqual(b.AsSpan().Trim()),
            _ => string.Equals(this.normalized[index] ??= Normalize(a), Normalize(b), StringComparison.Ordinal),
        };
    }

    /// <summary>Trims and maps punctuation look-alikes to ASCII.</summary>
    internal static string Normalize(string line)
    {
        ReadOnlySpan<char> trimmed = line.AsSpan().Trim();
        var builder = new StringBuilder(trimmed.Length);
        foreach (char c in trimmed)
        {
            builder.Append(c switch
            {
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => '-',
                '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' => '\'',
                '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB' => '"',
                '\u00A0' or '\u2002' or '\u2003' or '\u2004' or '\u2005' or '\u2006' or '\u2007' or '\u2008' or '\u2009' or '\u200A' or '\u202F' or '\u205F' or '\u3000' => ' ',
                _ => c,
            });
        }

        return builder.ToString();
    }
}
