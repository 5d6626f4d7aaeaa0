namespace Smooven.Client.Serialization;

/// <summary>
/// Lets one JSON converter serve every extensible enum: each struct says how it is built
/// from the string it carries on the wire.
/// </summary>
internal interface IExtensibleEnum<TSelf>
    where TSelf : struct, IExtensibleEnum<TSelf>
{
    static abstract TSelf FromWireValue(string value);
}
