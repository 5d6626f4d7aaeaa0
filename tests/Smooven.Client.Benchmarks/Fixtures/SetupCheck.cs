namespace Smooven.Client.Benchmarks.Fixtures;

/// <summary>Stops a benchmark whose subject does not do what is measured, before it is timed.</summary>
internal static class SetupCheck
{
    public static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{what} did not succeed on the fixture; its timing would measure a failure path.");
        }
    }

    /// <summary>
    /// As <see cref="Require"/>, but lets the rest of the class run while an SDK part is still a
    /// stub (NotImplementedException): that one benchmark then fails alone, its peers are measured.
    /// </summary>
    public static void RequireUnlessPending(Func<bool> condition, string what)
    {
        bool result;
        try
        {
            result = condition();
        }
        catch (NotImplementedException)
        {
            Console.WriteLine($"// {what} is not implemented in this build yet; its benchmark will fail, the others run.");
            return;
        }

        Require(result, what);
    }
}
