namespace Smooven.Client.Docs.Tests;

/// <summary>
/// Every C# snippet of README.md, docs/*.md and the package pages (src/*/README.md, shown on each
/// package's page) compiles as shown, so the docs cannot drift from the SDK.
/// </summary>
public class DocSnippetTests
{
    public static TheoryData<string, int> Snippets
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var snippet in DocSnippets.All.Where(s => !s.IsFragment))
            {
                data.Add(snippet.File, snippet.Line);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void The_snippet_compiles_as_shown(string file, int line)
    {
        var snippet = DocSnippets.All.Single(s => s.File == file && s.Line == line);

        var problems = SnippetCompiler.Compile(snippet.Code);

        Assert.True(problems.Count == 0, SnippetCompiler.Describe(snippet, problems));
    }

    [Fact]
    public void The_readme_the_docs_and_the_package_pages_have_snippets_and_few_are_fragments()
    {
        Assert.Contains(DocSnippets.All, s => s.File == "README.md");
        Assert.Contains(DocSnippets.All, s => s.File.StartsWith("docs/", StringComparison.Ordinal));
        Assert.Contains(DocSnippets.All, s => s.File.StartsWith("src/", StringComparison.Ordinal));
        Assert.True(
            DocSnippets.All.Count(s => s.IsFragment) * 4 <= DocSnippets.All.Count,
            $"Most snippets should compile; these are marked as fragments: {string.Join(", ", DocSnippets.All.Where(s => s.IsFragment))}.");
    }

    [Fact]
    public void A_snippet_without_its_using_fails_with_the_doc_line_and_the_compiler_message()
    {
        const string Doc = "# Try\n\n```csharp\nusing var smooven = new SmoovenClient(\"sk_test_x\");\n```\n";
        var snippet = DocSnippets.Read("doc.md", Doc).Single();

        var report = SnippetCompiler.Describe(snippet, SnippetCompiler.Compile(snippet.Code));

        Assert.StartsWith("The snippet at doc.md:3 does not compile as shown:", report, StringComparison.Ordinal);
        Assert.Contains("doc.md:4: error CS0246: The type or namespace name 'SmoovenClient' could not be found", report, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_snippet_with_its_using_compiles()
    {
        var problems = SnippetCompiler.Compile("using Smooven.Client;\n\nusing var smooven = new SmoovenClient(\"sk_test_x\");\n");

        Assert.Empty(problems);
    }

    [Fact]
    public void A_snippet_marked_as_a_fragment_is_recognised()
    {
        const string Doc = "Text.\n\n<!-- snippet: fragment (continues the one above) -->\n```csharp\napp.Run();\n```\n\n```csharp\nvar x = 1;\n```\n";

        var snippets = DocSnippets.Read("doc.md", Doc).ToList();

        Assert.Equal([true, false], snippets.Select(s => s.IsFragment));
    }
}
