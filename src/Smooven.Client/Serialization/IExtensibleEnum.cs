namespace Smooven.Client.Serialization;

/// <summary>
/// Lets one JSON converter serve every extensible enum: each struct says how it is built
/// from the string it carries on the wire.
/// </summary>
internal interface IExtensibleEnum<TSelf>
    where TSelf : struct, IExtensibleEnum<TSelf>
{
    /// <summary>The values this SDK names, which a read hands back as they are instead of a new string each time.</summary>
    static abstract IReadOnlyList<TSelf> KnownValues { get; }

    static abstract TSelf FromWireValue(string value);
}
