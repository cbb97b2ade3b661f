using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Architecture;

/// <summary>
/// Keeps every file and method of the product small enough to read in one sitting: no file over 400 lines, no
/// method (constructor, accessor, local function or operator included) over 60. Counted by Roslyn from the
/// declaration's first line to its last, without the comments above it.
/// </summary>
public sealed class CodeSizeTests
{
    private const int MaxFileLines = 400;
    private const int MaxMethodLines = 60;

    [Fact]
    public void No_file_of_the_product_is_over_400_lines()
    {
        var tooLong = ProductSources()
            .Select(path => (path, lines: File.ReadAllLines(path).Length))
            .Where(file => file.lines > MaxFileLines)
            .Select(file => $"{Relative(file.path)}: {file.lines} lines")
            .ToArray();

        Assert.True(tooLong.Length == 0, $"Files over {MaxFileLines} lines:\n{string.Join('\n', tooLong)}");
    }

    [Fact]
    public void No_method_of_the_product_is_over_60_lines()
    {
        var tooLong = ProductSources()
            .SelectMany(path => LongMembers(path, File.ReadAllText(path), MaxMethodLines))
            .ToArray();

        Assert.True(tooLong.Length == 0, $"Methods over {MaxMethodLines} lines:\n{string.Join('\n', tooLong)}");
    }

    [Fact]
    public void The_method_count_sees_methods_constructors_accessors_and_local_functions()
    {
        var body = string.Concat(Enumerable.Repeat("        _ = 1;\n", 60));
        var source = $$"""
            class C
            {
                /// <summary>A comment above does not count.</summary>
                void LongMethod()
                {
            {{body}}    }
                C()
                {
            {{body}}    }
                int P
                {
                    get
                    {
            {{body}}        return 1;
                    }
                }
                void Short()
                {
                    void Local()
                    {
            {{body}}        }
                }
                void JustRight()
                {
            {{string.Concat(Enumerable.Repeat("        _ = 1;\n", 57))}}    }
            }
            """;

        var names = LongMembers("C.cs", source, MaxMethodLines).Select(line => line.Split(' ')[1]).ToArray();

        // Short is long too: its local function is part of it.
        Assert.Equal(["LongMethod", "C", "get", "Short", "Local"], names);
    }

    private static IEnumerable<string> ProductSources()
    {
        var folder = RepositoryPaths.InRoot("McpFunctions");
        return Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(Path.GetRelativePath(folder, path)))
            .Order(StringComparer.Ordinal);
    }

    private static bool IsBuildOutput(string relative) =>
        relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal) ||
        relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static IEnumerable<string> LongMembers(string path, string source, int maxLines)
    {
        var root = CSharpSyntaxTree.ParseText(source).GetRoot();
        foreach (var node in root.DescendantNodes())
        {
            var name = node switch
            {
                MethodDeclarationSyntax method => method.Identifier.Text,
                ConstructorDeclarationSyntax constructor => constructor.Identifier.Text,
                LocalFunctionStatementSyntax local => local.Identifier.Text,
                AccessorDeclarationSyntax accessor => accessor.Keyword.Text,
                OperatorDeclarationSyntax op => "operator " + op.OperatorToken.Text,
                _ => null,
            };
            if (name is null)
            {
                continue;
            }

            var span = node.GetLocation().GetLineSpan();
            var lines = span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
            if (lines > maxLines)
            {
                yield return $"{Relative(path)}:{span.StartLinePosition.Line + 1} {name} ({lines} lines)";
            }
        }
    }

    private static string Relative(string path) =>
        Path.IsPathRooted(path) ? Path.GetRelativePath(RepositoryPaths.Root, path) : path;
}
