using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Smooven.Client.Docs.Tests;

/// <summary>
/// Compiles a snippet as a reader would paste it into a new project: C# latest, nullable on, the
/// implicit usings of every SDK-style project and nothing else, so each snippet shows its own
/// <c>using</c> lines. Statements compile as top-level statements; types alone as a library.
/// </summary>
internal static class SnippetCompiler
{
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    // Everything this test process may load: the runtime, ASP.NET Core and every assembly the project
    // references, the SDK's packages among them. Read once; each compilation shares them.
    private static readonly Lazy<MetadataReference[]> References = new(() =>
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(path => MetadataReference.CreateFromFile(path)),
    ]);

    /// <returns>The errors and warnings, none when the snippet compiles cleanly.</returns>
    public static IReadOnlyList<Diagnostic> Compile(string code)
    {
        var snippet = CSharpSyntaxTree.ParseText(code, ParseOptions, path: "snippet.cs");
        var usings = CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, path: "implicit-usings.cs");
        var hasStatements = snippet.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        var options = new CSharpCompilationOptions(
            hasStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable);
        var compilation = CSharpCompilation.Create("Snippet", [usings, snippet], References.Value, options);
        return [.. compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)];
    }

    /// <summary>What failed, where: each diagnostic at its line in the doc.</summary>
    public static string Describe(DocSnippet snippet, IEnumerable<Diagnostic> problems) =>
        $"The snippet at {snippet} does not compile as shown:" + string.Concat(problems.Select(problem =>
            $"{Environment.NewLine}  {snippet.File}:{snippet.Line + 1 + problem.Location.GetLineSpan().StartLinePosition.Line}: " +
            $"{problem.Severity.ToString().ToLowerInvariant()} {problem.Id}: {problem.GetMessage(CultureInfo.InvariantCulture)}"));
}
