using System.Text;
using Microsoft.Extensions.Time.Testing;
using static Smooven.Client.TestSupport.SignatureVectors;

namespace Smooven.Client.Tests.Callbacks;

public class CallbackVerifierMutationTests
{
    private const int Mutations = 2_000;
    private const string HeaderAlphabet = "0123456789abcdefABCDEF=,tv- \t.x";

    private enum Mutation
    {
        FlipBodyByte,
        InsertBodyByte,
        DeleteBodyByte,
        TruncateBody,
        ReplaceHeaderChar,
        DeleteHeaderChar,
        ShiftTimestamp,
    }

    [Fact]
    public void Every_mutation_of_a_valid_body_and_header_is_rejected()
    {
        var verifier = new CallbackVerifier(SecretKey, timeProvider: new FakeTimeProvider(SignedAt));
        Assert.Equal(SignatureStatus.Valid, verifier.Check(BodyBytes, Header));
        var random = new Random(20260305);
        var accepted = new List<string>();

        for (var i = 0; i < Mutations; i++)
        {
            var kind = (Mutation)random.Next(Enum.GetValues<Mutation>().Length);
            var (body, header) = Mutate(kind, random);

            if (verifier.Check(body, header) == SignatureStatus.Valid)
            {
                accepted.Add($"#{i} {kind}: header '{header}', body '{Encoding.UTF8.GetString(body)}'");
            }
        }

        Assert.Empty(accepted);
    }

    private static (byte[] Body, string Header) Mutate(Mutation kind, Random random)
    {
        var body = BodyBytes;
        var header = Header;
        switch (kind)
        {
            case Mutation.FlipBodyByte:
                body[random.Next(body.Length)] ^= (byte)random.Next(1, 256);
                break;
            case Mutation.InsertBodyByte:
                var at = random.Next(body.Length + 1);
                body = [.. body[..at], (byte)random.Next(256), .. body[at..]];
                break;
            case Mutation.DeleteBodyByte:
                var gone = random.Next(body.Length);
                body = [.. body[..gone], .. body[(gone + 1)..]];
                break;
            case Mutation.TruncateBody:
                body = body[..random.Next(body.Length)];
                break;
            case Mutation.ReplaceHeaderChar:
                var position = random.Next(header.Length);
                char replacement;
                do
                {
                    replacement = HeaderAlphabet[random.Next(HeaderAlphabet.Length)];
                }
                while (replacement == header[position]);
                header = string.Concat(header.AsSpan(0, position), replacement.ToString(), header.AsSpan(position + 1));
                break;
            case Mutation.DeleteHeaderChar:
                var removed = random.Next(header.Length);
                header = header.Remove(removed, 1);
                break;
            case Mutation.ShiftTimestamp:
                var shift = random.Next(1, 301) * (random.Next(2) == 0 ? -1 : 1);
                header = $"t={T + shift},v1={V1}";
                break;
        }

        return (body, header);
    }
}
