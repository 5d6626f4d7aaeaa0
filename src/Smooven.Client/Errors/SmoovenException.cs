namespace Smooven.Client;

/// <summary>The base of every error the Smooven SDK raises on purpose.</summary>
public class SmoovenException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public SmoovenException()
        : base("A Smooven operation failed.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public SmoovenException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the error that caused it.</summary>
    public SmoovenException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
