using Acornima.Ast;

namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>
/// Finds module loading in a parsed script: <c>import(…)</c> and a call of an undeclared
/// <c>require</c>. Neither could work in the sandbox; refusing them before the run gives the model
/// a clear answer (use <c>tools</c>) instead of a runtime ReferenceError. This is advice, not the
/// security boundary: the sandbox has no module loader either way.
/// </summary>
internal static class ForbiddenSyntaxCheck
{
    /// <summary>The offending node and what it is, or null.</summary>
    public static (Node Node, string What)? Find(Script program)
    {
        bool declaresRequire = false;
        (Node, string)? requireCall = null;
        var pending = new Stack<Node>();
        pending.Push(program);
        while (pending.Count > 0)
        {
            Node node = pending.Pop();
            switch (node)
            {
                case ImportExpression:
                    return (node, "dynamic import()");
                case CallExpression { Callee: Identifier { Name: "require" } }:
                    requireCall ??= (node, "require()");
                    break;
                case VariableDeclarator { Id: Identifier { Name: "require" } }:
                case FunctionDeclaration { Id.Name: "require" }:
                case Identifier { Name: "require" } when IsParameter(node, program):
                    declaresRequire = true;
                    break;
            }

            foreach (Node child in node.ChildNodes)
            {
                pending.Push(child);
            }
        }

        return declaresRequire ? null : requireCall;
    }

    // Parameters are rare enough that a second walk is cheaper than tracking parents.
    private static bool IsParameter(Node identifier, Script program)
    {
        var pending = new Stack<Node>();
        pending.Push(program);
        while (pending.Count > 0)
        {
            Node node = pending.Pop();
            if (node is IFunction function && function.Params.Contains(identifier))
            {
                return true;
            }

            foreach (Node child in node.ChildNodes)
            {
                pending.Push(child);
            }
        }

        return false;
    }
}
