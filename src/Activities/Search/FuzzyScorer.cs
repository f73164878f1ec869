namespace ScriptHarness.Activities.Search;

/// <summary>
/// Scores how well a query matches a path as a fuzzy subsequence, the way file pickers do:
/// every query character must appear in order (ignoring case and spaces); consecutive runs,
/// matches at word starts (after <c>/ _ - .</c>, or a lower-to-upper case change) and matches
/// inside the file name score higher; gaps and long paths score lower.
/// </summary>
internal static class FuzzyScorer
{
    private const int MatchScore = 16;
    private const int ConsecutiveBonus = 14;
    private const int BoundaryBonus = 20;
    private const int FileNameBonus = 8;
    private const int CaseBonus = 1;

    /// <summary>The score, or null when the query is not a subsequence of the path.</summary>
    public static int? Score(string query, string path)
    {
        ReadOnlySpan<char> q = query.AsSpan();
        if (q.IsEmpty)
        {
            return 0;
        }

        // Forward: the first window that contains the query in order.
        int qi = 0;
        int end = -1;
        for (int i = 0; i < path.Length && qi < q.Length; i++)
        {
            if (SameLetter(path[i], q[qi]))
            {
                qi++;
                if (qi == q.Length)
                {
                    end = i;
                }
            }
        }

        if (end < 0)
        {
            return null;
        }

        // Backward from the end of that window: the shortest window, as fzf does.
        qi = q.Length - 1;
        int start = end;
        for (int i = end; i >= 0 && qi >= 0; i--)
        {
            if (SameLetter(path[i], q[qi]))
            {
                qi--;
                start = i;
            }
        }

        int fileNameStart = path.LastIndexOf('/') + 1;
        int score = 0;
        int run = 0;
        int gaps = 0;
        qi = 0;
        for (int i = start; i <= end && qi < q.Length; i++)
        {
            if (!SameLetter(path[i], q[qi]))
            {
                run = 0;
                gaps++;
                continue;
            }

            score += MatchScore + (run * ConsecutiveBonus);
            if (IsBoundary(path, i))
            {
                score += BoundaryBonus;
            }

            if (i >= fileNameStart)
            {
                score += FileNameBonus;
            }

            if (path[i] == q[qi])
            {
                score += CaseBonus;
            }

            run++;
            qi++;
        }

        score -= Math.Min(gaps, 40);
        score -= path.Length / 8;
        ReadOnlySpan<char> fileName = path.AsSpan(fileNameStart);
        if (fileName.Equals(q, StringComparison.OrdinalIgnoreCase))
        {
            score += 200;
        }
        else if (fileName.StartsWith(q, StringComparison.OrdinalIgnoreCase))
        {
            score += 100;
        }
        else if (fileName.Contains(q, StringComparison.OrdinalIgnoreCase))
        {
            score += 50;
        }

        return score;
    }

    private static bool SameLetter(char a, char b) => a == b || char.ToLowerInvariant(a) == char.ToLowerInvariant(b);

    private static bool IsBoundary(string path, int i)
    {
        if (i == 0)
        {
            return true;
        }

        char previous = path[i - 1];
        return previous is '/' or '_' or '-' or '.' or ' ' || (char.IsLower(previous) && char.IsUpper(path[i]));
    }
}
