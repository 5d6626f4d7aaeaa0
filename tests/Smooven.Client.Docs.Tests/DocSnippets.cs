using Markdig;
using Markdig.Syntax;

namespace Smooven.Client.Docs.Tests;

/// <summary>One <c>```csharp</c> block of a doc: its file, the line of its opening fence, its code.</summary>
internal sealed record DocSnippet(string File, int Line, string Code, bool IsFragment)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>Finds the C# snippets of the docs a newcomer reads: README.md, docs/*.md and the package pages (src/*/README.md).</summary>
internal static class DocSnippets
{
    /// <summary>
    /// An HTML comment starting so, on the line before a snippet, marks it as a deliberate fragment
    /// that is not compiled. Keep such marks rare, and say in the comment why.
    /// </summary>
    public const string FragmentMark = "<!-- snippet: fragment";

    private static readonly Lazy<IReadOnlyList<DocSnippet>> Everything = new(Load);

    public static IReadOnlyList<DocSnippet> All => Everything.Value;

    public static IEnumerable<DocSnippet> Read(string file, string markdown) =>
        Markdown.Parse(markdown)
            .Descendants<FencedCodeBlock>()
            .Where(block => string.Equals(block.Info, "csharp", StringComparison.OrdinalIgnoreCase))
            .Select(block => new DocSnippet(file, block.Line + 1, block.Lines.ToString(), IsMarkedAsFragment(block)));

    private static bool IsMarkedAsFragment(Block block) =>
        block.Parent is { } parent
        && parent.IndexOf(block) is > 0 and var index
        && parent[index - 1] is HtmlBlock comment
        && comment.Lines.ToString().TrimStart().StartsWith(FragmentMark, StringComparison.Ordinal);

    private static IReadOnlyList<DocSnippet> Load()
    {
        var root = RepositoryRoot();
        var docs = Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal);
        var packagePages = Directory.GetDirectories(Path.Combine(root, "src"))
            .Select(package => Path.Combine(package, "README.md"))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal);
        return
        [
            .. new[] { Path.Combine(root, "README.md") }.Concat(docs).Concat(packagePages)
                .SelectMany(path => Read(Path.GetRelativePath(root, path).Replace('\\', '/'), File.ReadAllText(path))),
        ];
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Smooven.Client.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Smooven.Client.sln above {AppContext.BaseDirectory}: run the docs test from the repository.");
    }
}
