using System.Reflection;
using System.Runtime.Versioning;

namespace Smooven.Client.TestSupport;

// A test project that targets net8.0 and net10.0 must test each build of the libraries, not the
// net10.0 build twice: the net8.0 run (rolled forward onto a newer runtime) loads the net8.0 assemblies.
public class TargetFrameworkTests
{
    [Fact]
    public void Every_smooven_library_under_test_is_the_build_for_the_tests_own_framework()
    {
        var testAssembly = typeof(TargetFrameworkTests).Assembly;
        var expected = FrameworkOf(testAssembly);

        var libraries = testAssembly.GetReferencedAssemblies()
            .Where(name => name.Name!.StartsWith("Smooven.Client", StringComparison.Ordinal))
            .Select(Assembly.Load)
            .Append(typeof(SmoovenClient).Assembly)
            .ToList();

        Assert.All(libraries, library => Assert.Equal(expected, FrameworkOf(library)));
    }

    private static string? FrameworkOf(Assembly assembly) =>
        assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;
}
