using ScriptHarness.Orchestrations.Runs;

namespace ScriptHarness.Tests.Orchestrations.Client;

public class RunIdsTests
{
    [Fact]
    public void The_same_conversation_and_turn_always_name_the_same_instances()
    {
        Assert.Equal(RunIds.Turn("c/1#?", "t 1"), RunIds.Turn("c/1#?", "t 1"));
        Assert.Equal(RunIds.Run("c", "t", 2), RunIds.Run(RunIds.Turn("c", "t"), 2));
        Assert.StartsWith(RunIds.Turn("c", "t") + "-b", RunIds.Run("c", "t", 0), StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_hold_only_characters_every_store_accepts_in_keys()
    {
        string id = RunIds.Run("conversation/with#odd?chars\\and spaces", "turn\t1", 3);
        Assert.Matches("^sh-[0-9a-f]{20}-b3$", id);
    }

    [Fact]
    public void Ids_do_not_collide_when_the_separator_moves_between_conversation_and_turn()
    {
        Assert.NotEqual(RunIds.Turn("a:b", "c"), RunIds.Turn("a", "b:c"));
        Assert.NotEqual(RunIds.Turn("ab", "c"), RunIds.Turn("a", "bc"));
    }

    [Fact]
    public void The_content_hash_tells_different_scripts_and_block_boundaries_apart()
    {
        Assert.Equal(RunIds.ContentHash(["a", "b"]), RunIds.ContentHash(["a", "b"]));
        Assert.NotEqual(RunIds.ContentHash(["a", "b"]), RunIds.ContentHash(["ab"]));
        Assert.NotEqual(RunIds.ContentHash(["a", "b"]), RunIds.ContentHash(["b", "a"]));
    }

    [Fact]
    public void The_idempotency_key_is_the_instance_id_and_the_call_sequence() =>
        Assert.Equal("sh-x-b0:7", RunIds.IdempotencyKey("sh-x-b0", 7));

    [Fact]
    public void A_run_id_reads_back_as_its_turn_and_block_and_other_ids_as_themselves()
    {
        string turn = RunIds.Turn("c", "t");
        Assert.Equal(turn, RunIds.TurnOf(RunIds.Run(turn, 12)));
        Assert.Equal(12, RunIds.BlockOf(RunIds.Run(turn, 12), fallback: -1));
        Assert.Equal(turn, RunIds.TurnOf(turn));
        Assert.Equal(-1, RunIds.BlockOf(turn, fallback: -1));
        Assert.Equal(-1, RunIds.BlockOf("sh-x-bz", fallback: -1));
    }
}
