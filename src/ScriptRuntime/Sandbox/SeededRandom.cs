namespace ScriptHarness.ScriptRuntime.Sandbox;

/// <summary>
/// The generator behind <c>Math.random()</c>: xoshiro256** seeded through SplitMix64, so a given
/// seed always yields the same sequence (replays see the same numbers) and no entropy reaches a
/// script. Not for cryptography; nothing in a script needs that.
/// </summary>
internal sealed class SeededRandom
{
    private ulong s0;
    private ulong s1;
    private ulong s2;
    private ulong s3;

    public SeededRandom(ulong seed) => this.Reseed(seed);

    /// <summary>Restarts the sequence from <paramref name="seed"/>.</summary>
    public void Reseed(ulong seed)
    {
        ulong x = seed;
        this.s0 = SplitMix(ref x);
        this.s1 = SplitMix(ref x);
        this.s2 = SplitMix(ref x);
        this.s3 = SplitMix(ref x);
    }

    /// <summary>A double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (this.NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(this.s1 * 5, 7) * 9;
        ulong t = this.s1 << 17;
        this.s2 ^= this.s0;
        this.s3 ^= this.s1;
        this.s1 ^= this.s2;
        this.s0 ^= this.s3;
        this.s2 ^= t;
        this.s3 = ulong.RotateLeft(this.s3, 45);
        return result;
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
