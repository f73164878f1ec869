namespace ScriptHarness.Tests.Host.Support;

/// <summary>A model output whose script edits the sample workspace in two applyPatch calls, for the rollback tests.</summary>
public static class RollbackScripts
{
    public static string TwoPatches => Scripts.Block("""
        await tools.applyPatch({ patch: "*** Begin Patch\n*** Update File: src/greet.py\n@@\n-    text = \"Hello, \" + name + \"!\"\n+    text = \"Hi, \" + name + \"!\"\n*** End Patch\n" });
        await tools.applyPatch({ patch: "*** Begin Patch\n*** Update File: README.md\n@@\n # greeter\n+Edited by a script.\n*** Update File: src/greet.py\n@@\n-    return \"Goodbye, \" + name + \".\"\n+    return \"Bye, \" + name + \".\"\n*** End Patch\n" });
        return "patched";
        """);

    /// <summary>The bytes of a sample workspace file as shipped.</summary>
    public static byte[] Original(string relative) => File.ReadAllBytes(Path.Combine(RepoPaths.Examples, "workspace", relative));
}
