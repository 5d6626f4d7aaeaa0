namespace Smooven.Client;

/// <summary>
/// A callback body was validly signed but is not a Smooven status callback: not JSON, or a
/// required field is missing or malformed. <see cref="FieldName"/> says which.
/// </summary>
public class SmoovenCallbackFormatException : SmoovenException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public SmoovenCallbackFormatException()
        : base("The body is not a Smooven status callback.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public SmoovenCallbackFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the error that caused it.</summary>
    public SmoovenCallbackFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception that names the offending field.</summary>
    public SmoovenCallbackFormatException(string message, string? fieldName, Exception? innerException = null)
        : base(message, innerException)
    {
        FieldName = fieldName;
    }

    /// <summary>The JSON field that was missing or malformed, such as <c>notification_id</c>;
    /// null when the body as a whole was not usable.</summary>
    public string? FieldName { get; }
}
